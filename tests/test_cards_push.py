"""`cards push` on moto: create, then nothing on a second push; content and status updated in
separate calls; an Archived card never changes."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from governance.cards.push import push
from governance.findings import MlgovError
from governance.repository import Repository
from mlgov.cli import cards as cli_cards
from tests.cli_args import parse
from tests.conftest import ROOT


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    for name in ("cards", "personas", "policies"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _args(root: Path, *cards: str) -> argparse.Namespace:
    return parse(root, "cards", "push", *cards)


def _versions(sm: object) -> dict[str, list[int]]:
    listed = sm.list_model_card_versions(ModelCardName="churn-prediction")  # type: ignore[attr-defined]
    return {
        "churn-prediction": [v["ModelCardVersion"] for v in listed["ModelCardVersionSummaryList"]]
    }


@mock_aws
def test_push_creates_then_a_second_push_changes_nothing(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sm = boto3.client("sagemaker", region_name="eu-west-1")
    cards = len(Repository.load(repo_copy).cards)
    assert cli_cards.push_command(_args(repo_copy), sm) == 0
    assert capsys.readouterr().out.count(": created") == cards
    versions = _versions(sm)
    cli_cards.push_command(_args(repo_copy), sm)
    assert capsys.readouterr().out.count(": unchanged") == cards
    assert _versions(sm) == versions == {"churn-prediction": [1]}
    described = sm.describe_model_card(ModelCardName="credit-risk-scoring")
    assert described["ModelCardStatus"] == "Approved"
    assert json.loads(described["Content"])["intended_uses"]["risk_rating"] == "High"


@mock_aws
def test_content_and_status_change_in_separate_calls(repo_copy: Path) -> None:
    sm = boto3.client("sagemaker", region_name="eu-west-1")
    push(sm, Repository.load(repo_copy).cards["fraud-detection"])
    path = repo_copy / "cards/fraud-detection.yaml"
    text = path.read_text().replace("status: PendingReview", "status: Approved")
    path.write_text(text.replace("LightGBM", "LightGBM 4"))
    card = Repository.load(repo_copy).cards["fraud-detection"]
    assert push(sm, card).actions == ("content updated", "status PendingReview -> Approved")
    assert push(sm, card).actions == ()


@mock_aws
def test_an_archived_card_is_never_changed(repo_copy: Path) -> None:
    sm = boto3.client("sagemaker", region_name="eu-west-1")
    push(sm, Repository.load(repo_copy).cards["customer-segmentation"])
    path = repo_copy / "cards/customer-segmentation.yaml"
    path.write_text(path.read_text().replace("K-means", "K-medoids"))
    with pytest.raises(MlgovError, match="is Archived in SageMaker"):
        push(sm, Repository.load(repo_copy).cards["customer-segmentation"])


def test_pushing_an_unknown_card_is_a_user_error(repo_copy: Path) -> None:
    with pytest.raises(MlgovError, match="no valid card 'nope'"):
        cli_cards.push_command(_args(repo_copy, "nope"), object())

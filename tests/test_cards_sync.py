"""SageMaker sync that is safe for real accounts, on moto: any SageMaker card name imports;
custom_details keys mlgov does not know are kept; a version holding only a status change
does not empty the card; `push --dry-run` prints the diff; a push never overwrites an edit
made in SageMaker without --force; long governance fields split over several keys and join
back; export -> push -> import -> export is lossless for every example card."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from governance.cards.sagemaker import DETAIL_LIMIT, PREFIX, to_sagemaker
from governance.findings import MlgovError
from governance.repository import Repository
from mlgov.cli import cards as cli_cards
from mlgov.cli import main
from tests.cli_args import parse
from tests.conftest import CONFIG, ROOT

REPO = Repository.load(ROOT)


@pytest.fixture
def sm() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("sagemaker", region_name="eu-west-1")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name in ("cards", "personas", "policies"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _push(root: Path, sm: Any, *argv: str) -> int:
    return cli_cards.push_command(parse(root, "cards", "push", *argv), sm)


def _import(root: Path, sm: Any, *argv: str) -> int:
    return cli_cards.import_command(parse(root, "cards", "import", *argv), sm)


def _versions(sm: Any, name: str) -> list[int]:
    listed = sm.list_model_card_versions(ModelCardName=name)["ModelCardVersionSummaryList"]
    return sorted(v["ModelCardVersion"] for v in listed)


def _content(sm: Any, name: str) -> dict[str, Any]:
    """The newest content (moto stores a status-only update as a version without any)."""
    for version in reversed(_versions(sm, name)):
        text = sm.describe_model_card(ModelCardName=name, ModelCardVersion=version).get("Content")
        if text:
            return json.loads(text)
    return {}


def _console_edit(sm: Any, name: str, change: Any) -> None:
    content = _content(sm, name)
    change(content)
    sm.update_model_card(ModelCardName=name, Content=json.dumps(content))


def _card_data(root: Path, card_id: str) -> dict[str, Any]:
    return dict(Repository.load(root).cards[card_id].data)


# ---- names --------------------------------------------------------------------------------


def test_any_sagemaker_card_name_imports_and_pushes_back_under_that_name(
    repo: Path, sm: Any, capsys: Any
) -> None:
    card = REPO.cards["demand-forecast"]
    content = to_sagemaker(card).content_json()
    sm.create_model_card(ModelCardName="Churn--Model2", Content=content, ModelCardStatus="Draft")
    assert _import(repo, sm, "--model-card", "Churn--Model2") == 0
    data = _card_data(repo, "churn-model2")
    assert data["sagemaker"]["model_card_name"] == "Churn--Model2"
    assert data["owner"] == card.owner
    path = repo / "cards/churn-model2.yaml"
    path.write_text(path.read_text().replace("Inform stock", "Inform weekly stock"))
    capsys.readouterr()
    assert _push(repo, sm, "churn-model2") == 0
    assert "churn-model2: content updated" in capsys.readouterr().out
    pushed = _content(sm, "Churn--Model2")
    assert pushed["intended_uses"]["purpose_of_model"] == "Inform weekly stock replenishment."
    assert pushed["additional_information"]["custom_details"][PREFIX + "id"] == "churn-model2"
    with pytest.raises(ClientError):  # the id is not the card's name in SageMaker
        sm.describe_model_card(ModelCardName="churn-model2")


def test_two_sagemaker_names_for_one_card_id_are_refused(repo: Path, sm: Any) -> None:
    content = to_sagemaker(REPO.cards["demand-forecast"]).content_json()
    sm.create_model_card(ModelCardName="Demand-Forecast", Content=content, ModelCardStatus="Draft")
    with pytest.raises(
        MlgovError, match="is SageMaker's card 'demand-forecast', not 'Demand-Forecast'"
    ):
        _import(repo, sm, "--model-card", "Demand-Forecast")
    assert _import(repo, sm, "--model-card", "Demand-Forecast", "--card", "demand-forecast-2") == 0
    assert (
        _card_data(repo, "demand-forecast-2")["sagemaker"]["model_card_name"] == "Demand-Forecast"
    )


# ---- what SageMaker holds that mlgov did not write ------------------------------------------


def test_unknown_and_invalid_mlgov_keys_stay_in_custom_details(
    repo: Path, sm: Any, capsys: Any
) -> None:
    content = to_sagemaker(REPO.cards["demand-forecast"]).content
    details = content["additional_information"]["custom_details"]
    details |= {PREFIX + "ticket": "ML-12", PREFIX + "owner": "", "jira": "ML-13"}
    sm.create_model_card(
        ModelCardName="demand-forecast", Content=json.dumps(content), ModelCardStatus="Draft"
    )
    (repo / "cards/demand-forecast.yaml").unlink()
    assert _import(repo, sm, "--model-card", "demand-forecast") == 0
    err = capsys.readouterr().err
    assert "kept in custom_details: mlgov.ticket (no card field 'ticket')" in err
    assert "kept in custom_details: mlgov.owner (not a valid owner" in err
    data = _card_data(repo, "demand-forecast")
    kept = data["additional_information"]["custom_details"]
    assert kept == {PREFIX + "ticket": "ML-12", PREFIX + "owner": "", "jira": "ML-13"}
    assert "owner" not in data  # the empty one was not taken for the card's owner


def test_a_latest_version_with_only_a_status_change_does_not_empty_the_card(
    repo: Path, sm: Any, capsys: Any
) -> None:
    card = REPO.cards["fraud-detection"]
    sm.create_model_card(
        ModelCardName=card.id, Content=to_sagemaker(card).content_json(), ModelCardStatus="Draft"
    )
    sm.update_model_card(ModelCardName=card.id, ModelCardStatus="PendingReview")
    (repo / "cards/fraud-detection.yaml").unlink()
    assert _import(repo, sm, "--model-card", card.id) == 0
    assert "version 2 holds only a status change; content read from version 1" in (
        capsys.readouterr().err
    )
    data = _card_data(repo, card.id)
    assert data["status"] == "PendingReview"
    assert data["intended_uses"] == dict(card.section("intended_uses"))
    assert data["sagemaker"]["version"] == 2


def test_a_dump_without_content_is_refused_with_the_way_out(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    dump = tmp_path / "card.json"
    dump.write_text(json.dumps({"ModelCardName": "x", "ModelCardVersion": 3}))
    assert main(["-C", str(tmp_path), "cards", "import", str(dump)]) == 2
    err = capsys.readouterr().err
    assert "(version 3) has no Content" in err and "--model-card x" in err
    assert not (tmp_path / "cards").exists()


# ---- push: never overwrite an edit made in SageMaker ----------------------------------------


def test_push_dry_run_prints_the_diff_and_changes_nothing(repo: Path, sm: Any, capsys: Any) -> None:
    assert _push(repo, sm, "--dry-run", "churn-prediction") == 0
    out, err = capsys.readouterr()
    assert out.startswith("--- /dev/null\n+++ b/cards/churn-prediction.yaml\n")
    assert "churn-prediction: would be created" in err
    assert sm.list_model_cards()["ModelCardSummaries"] == []
    _push(repo, sm, "churn-prediction")
    path = repo / "cards/churn-prediction.yaml"
    path.write_text(path.read_text().replace("Converged after 412", "Converged after 413"))
    capsys.readouterr()
    assert _push(repo, sm, "--dry-run", "churn-prediction") == 0
    out, err = capsys.readouterr()
    assert '-    "training_observations": "Converged after 412 rounds."' in out
    assert '+    "training_observations": "Converged after 413 rounds."' in out
    assert "mlgov.sync" not in out  # the marker is push's business, not a change to review
    assert "churn-prediction: would be content updated" in err
    assert _versions(sm, "churn-prediction") == [1]


def test_a_push_refuses_to_overwrite_an_edit_made_in_the_console(
    repo: Path, sm: Any, capsys: Any
) -> None:
    assert _push(repo, sm, "churn-prediction") == 0
    edited = "Edited in the console."
    _console_edit(
        sm,
        "churn-prediction",
        lambda c: c["additional_information"].update(caveats_and_recommendations=edited),
    )
    path = repo / "cards/churn-prediction.yaml"
    path.write_text(path.read_text().replace("Converged after 412", "Converged after 413"))
    before = _versions(sm, "churn-prediction")
    with pytest.raises(MlgovError, match="changed since mlgov last pushed or imported it"):
        _push(repo, sm, "churn-prediction")
    assert _versions(sm, "churn-prediction") == before  # nothing written
    capsys.readouterr()
    assert _push(repo, sm, "--dry-run", "churn-prediction") == 1
    out, err = capsys.readouterr()
    assert f'-    "caveats_and_recommendations": "{edited}"' in out
    assert "would refuse without --force" in err
    # importing the card records that its version was seen: then a push may go ahead
    assert _import(repo, sm, "--model-card", "churn-prediction") == 0
    err = capsys.readouterr().err
    assert "kept as written: additional_information" in err
    assert _push(repo, sm, "churn-prediction") == 0
    pushed = _content(sm, "churn-prediction")
    assert pushed["training_details"]["training_observations"] == "Converged after 413 rounds."
    assert _push(repo, sm, "churn-prediction") == 0
    assert "churn-prediction: unchanged" in capsys.readouterr().out


def test_force_overwrites_and_says_so(repo: Path, sm: Any, capsys: Any) -> None:
    _push(repo, sm, "churn-prediction")
    _console_edit(sm, "churn-prediction", lambda c: c["model_overview"].update(model_creator="X"))
    capsys.readouterr()
    assert _push(repo, sm, "--force", "churn-prediction") == 0
    assert "(forced over changes made in SageMaker)" in capsys.readouterr().out
    assert (
        _content(sm, "churn-prediction")["model_overview"]["model_creator"] == "Team B data science"
    )


def test_a_status_changed_in_the_console_is_an_edit_too(repo: Path, sm: Any) -> None:
    _push(repo, sm, "fraud-detection")
    sm.update_model_card(ModelCardName="fraud-detection", ModelCardStatus="Approved")
    path = repo / "cards/fraud-detection.yaml"
    path.write_text(path.read_text().replace("LightGBM", "LightGBM 4"))
    with pytest.raises(MlgovError, match="changed since mlgov last pushed"):
        _push(repo, sm, "fraud-detection")


def test_a_card_that_mlgov_never_wrote_is_not_overwritten(repo: Path, sm: Any) -> None:
    sm.create_model_card(ModelCardName="churn-prediction", Content="{}", ModelCardStatus="Draft")
    with pytest.raises(MlgovError, match="nothing pushed:\ncard 'churn-prediction'"):
        _push(repo, sm)
    assert sm.list_model_cards()["ModelCardSummaries"][0]["ModelCardName"] == "churn-prediction"
    assert len(sm.list_model_cards()["ModelCardSummaries"]) == 1  # no other card pushed either


def test_a_status_change_pushed_by_mlgov_is_not_taken_for_an_edit(repo: Path, sm: Any) -> None:
    _push(repo, sm, "fraud-detection")
    path = repo / "cards/fraud-detection.yaml"
    path.write_text(path.read_text().replace("status: PendingReview", "status: Draft"))
    assert _push(repo, sm, "fraud-detection") == 0
    path.write_text(path.read_text().replace("status: Draft", "status: PendingReview"))
    assert _push(repo, sm, "fraud-detection") == 0  # no false conflict


# ---- long fields ----------------------------------------------------------------------------


def test_twenty_out_of_scope_uses_split_over_keys_and_join_back(
    repo: Path, sm: Any, capsys: Any
) -> None:
    card = REPO.cards["review-sentiment"]
    assert len(card.data["out_of_scope_uses"]) == 20
    export = to_sagemaker(card)
    details = export.content["additional_information"]["custom_details"]
    key = PREFIX + "out_of_scope_uses"
    parts = sorted(k for k in details if k.startswith(key))
    assert parts[0] == key and len(parts) >= 2 and f"{key}.part2" in parts
    assert all(len(details[k]) <= DETAIL_LIMIT for k in details)
    assert (
        json.loads(
            "".join(
                details[k] for k in [key, *[f"{key}.part{n}" for n in range(2, len(parts) + 1)]]
            )
        )
        == card.data["out_of_scope_uses"]
    )
    assert _push(repo, sm, "review-sentiment") == 0
    (repo / "cards/review-sentiment.yaml").unlink()
    assert _import(repo, sm, "--model-card", "review-sentiment") == 0
    assert (
        _card_data(repo, "review-sentiment")["out_of_scope_uses"] == card.data["out_of_scope_uses"]
    )


def test_export_says_which_fields_were_split(tmp_path: Path, capsys: Any) -> None:
    args = ["-C", str(ROOT), "cards", "export", "review-sentiment", "--format", "sagemaker"]
    assert main([*args, "--out", str(tmp_path / "c.json")]) == 0
    err = capsys.readouterr().err
    assert "mapped to custom_details: mlgov.out_of_scope_uses (split over" in err


# ---- the whole round trip ---------------------------------------------------------------------


@pytest.mark.parametrize("card_id", sorted(REPO.cards))
def test_export_push_import_export_is_lossless(
    card_id: str, repo: Path, sm: Any, tmp_path: Path
) -> None:
    original = REPO.cards[card_id]
    first = to_sagemaker(original).content_json()
    assert _push(repo, sm, card_id) == 0
    fresh = tmp_path / "fresh"
    (fresh / "cards").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", fresh / "pyproject.toml")
    for name in ("personas", "policies"):
        shutil.copytree(ROOT / name, fresh / name)
    assert _import(fresh, sm, "--model-card", card_id) == 0
    imported = Repository.load(fresh).cards[card_id]
    assert to_sagemaker(imported).content_json() == first
    mine = {k: v for k, v in original.data.items() if k not in ("waivers", "sagemaker")}
    back = {k: v for k, v in imported.data.items() if k != "sagemaker"}
    assert back == mine
    assert imported.data["sagemaker"]["version"] >= 1
    assert not [f for f in Repository.load(fresh).findings if f.file.startswith("cards/")]


def test_a_card_file_outside_the_cards_folder_exports_or_is_refused_saying_why(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, capsys: Any
) -> None:
    drafts = repo / "drafts"
    drafts.mkdir()
    shutil.copy(repo / "cards/demand-forecast.yaml", drafts / "forecast.yaml")
    assert (
        main(
            [
                "-C",
                str(repo),
                "cards",
                "export",
                str(drafts / "forecast.yaml"),
                "--format",
                "sagemaker",
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    assert json.loads(out)["intended_uses"]["risk_rating"] == "Low"
    assert "drafts/forecast.yaml is not in cards/: exported on its own" in err
    outside = tmp_path_factory.mktemp("elsewhere") / "forecast.yaml"
    shutil.copy(repo / "cards/demand-forecast.yaml", outside)
    assert main(["-C", str(repo), "cards", "export", str(outside), "--format", "sagemaker"]) == 2
    err = capsys.readouterr().err
    assert "is outside the repository" in err and "copy it into cards/" in err


def test_mutated_sagemaker_cards_import_or_fail_with_a_clear_error() -> None:
    """What the console or another tool may leave in a card (odd values anywhere, custom
    details of every kind), 40 mutations of each example (seeded): import gives a card that
    loads back valid, or a one-line error; never an exception of another kind."""
    from governance.cards.autopopulate import from_model_card
    from governance.cards.writer import card_yaml
    from tests.test_cards_real_reports import _mutated

    for card_id in sorted(REPO.cards):
        content = to_sagemaker(REPO.cards[card_id]).content
        rng = random.Random(f"{card_id}-sync")
        for _ in range(40):
            mutated = _mutated(content, rng)
            desc = {"ModelCardName": card_id, "Content": json.dumps(mutated), "ModelCardVersion": 1}
            try:
                card_yaml(from_model_card(desc, []))
            except MlgovError as error:
                assert "\n" not in str(error) and str(error)


@pytest.mark.parametrize(
    "content",
    ['{"additional_information": []}', '{"additional_information": {"custom_details": 3}}', "{}"],
)
def test_odd_content_in_sagemaker_is_a_conflict_not_a_crash(
    content: str, repo: Path, sm: Any
) -> None:
    sm.create_model_card(ModelCardName="churn-prediction", Content=content, ModelCardStatus="Draft")
    with pytest.raises(MlgovError, match="changed since mlgov last pushed"):
        _push(repo, sm, "churn-prediction")
    assert _push(repo, sm, "--force", "churn-prediction") == 0

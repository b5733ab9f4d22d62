"""Auto-population from describe responses (JSON dumps and moto), and import of a SageMaker
card: export -> import -> export is lossless."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from governance import schemas
from governance.cards.autopopulate import from_model, from_model_card, from_training_job
from governance.cards.model import build_card
from governance.cards.sagemaker import to_sagemaker
from governance.cards.writer import card_yaml
from governance.findings import MlgovError
from governance.repository import Repository
from governance.source import load_yaml_bytes
from mlgov.cli import cards as cli_cards
from tests.cli_args import parse
from tests.conftest import CONFIG, ROOT

REPO = Repository.load(ROOT)
IMAGE = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/sklearn-inference:1.2-1"
ROLE = "arn:aws:iam::111122223333:role/mlgov-compute"


def _describe(card_id: str) -> dict[str, Any]:
    card = REPO.cards[card_id]
    export = to_sagemaker(card)
    return {
        "ModelCardName": card.id,
        "ModelCardStatus": card.status,
        "Content": export.content_json(),
    }


@pytest.mark.parametrize("card_id", sorted(REPO.cards))
def test_export_import_export_is_lossless(card_id: str) -> None:
    card = REPO.cards[card_id]
    imported = from_model_card(json.loads(json.dumps(_describe(card_id))))
    assert imported == {k: v for k, v in card.data.items() if k != "waivers"}
    # written as a card file, loaded back, exported again: the same content, byte for byte
    text = card_yaml(imported)
    doc = load_yaml_bytes(text.encode(), f"{card_id}.yaml")
    assert not doc.findings and not schemas.validate("card", doc)
    again = to_sagemaker(build_card(doc))
    assert again.content_json() == to_sagemaker(card).content_json()


def test_custom_details_written_in_the_console_survive_import() -> None:
    desc = _describe("demand-forecast")
    content = json.loads(desc["Content"])
    content.setdefault("additional_information", {})["custom_details"] = {"jira": "ML-12"}
    imported = from_model_card({**desc, "Content": json.dumps(content)})
    assert imported["additional_information"]["custom_details"] == {"jira": "ML-12"}


@pytest.mark.parametrize(
    ("call", "desc", "message"),
    [
        (from_model_card, {"ModelCardName": "x", "Content": "{oops"}, "Content is not JSON"),
        (from_model_card, {"ModelCardName": "x", "Content": "[]"}, "not a JSON object"),
        (from_model_card, {"Content": "{}"}, "no ModelCardName"),
        (from_model_card, {"ModelCardName": "a_b", "Content": "{}"}, "cannot be a card id"),
        (from_training_job, [], "not a describe_training_job response"),
        (from_model, {"ModelName": "m"}, "no ModelArn"),
    ],
)
def test_malformed_describe_dumps_are_clear_errors(call: Any, desc: Any, message: str) -> None:
    with pytest.raises(MlgovError, match=message):
        call(desc)


@mock_aws
def test_auto_population_from_a_moto_training_job_and_model() -> None:
    sm = boto3.client("sagemaker", region_name="eu-west-1")
    job = "churn-prediction-train-2026-10-02"
    sm.create_training_job(
        TrainingJobName=job,
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        RoleArn=ROLE,
        InputDataConfig=[
            {
                "ChannelName": "train",
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": "s3://demo-ml-artifacts/datasets/churn/train",
                    }
                },
            }
        ],
        OutputDataConfig={"S3OutputPath": "s3://demo-ml-artifacts"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
        HyperParameters={"max_depth": "6", "eta": "0.1"},
    )
    artifact = f"s3://demo-ml-artifacts/{job}/output/model.tar.gz"
    sm.create_model(
        ModelName="churn-prediction-v3",
        PrimaryContainer={"Image": IMAGE, "ModelDataUrl": artifact},
        ExecutionRoleArn=ROLE,
    )
    trained = from_training_job(sm.describe_training_job(TrainingJobName=job))
    details = trained["training_details"]["training_job_details"]
    assert details["training_arn"].endswith(f":training-job/{job}")
    assert details["training_datasets"] == ["s3://demo-ml-artifacts/datasets/churn/train"]
    assert details["training_environment"] == {"container_image": [IMAGE]}
    assert details["hyper_parameters"] == [
        {"name": "eta", "value": "0.1"},
        {"name": "max_depth", "value": "6"},
    ]
    assert details["training_metrics"]  # moto reports a fixed train:progress metric
    assert trained["model_overview"] == {"model_artifact": [artifact]}
    model = from_model(sm.describe_model(ModelName="churn-prediction-v3"))["model_overview"]
    assert model["model_name"] == "churn-prediction-v3"
    assert model["model_id"].endswith(":model/churn-prediction-v3")
    assert model["inference_environment"] == {"container_image": [IMAGE]}
    assert model["model_artifact"] == [artifact]


def _import(tmp_path: Path, dumps: dict[str, Any], **options: Any) -> Path:
    paths = []
    for name, desc in dumps.items():
        path = tmp_path / name
        path.write_text(desc if isinstance(desc, str) else json.dumps(desc))
        paths.append(path)
    argv = [f"--{k}={v}" for k, v in options.items()]
    args = parse(tmp_path, "cards", "import", *paths, *argv)
    cli_cards.import_command(args)
    return tmp_path


def test_import_writes_a_card_that_loads_back_the_same(tmp_path: Path) -> None:
    root = _import(tmp_path, {"card.json": _describe("credit-risk-scoring")})
    (root / "pyproject.toml").write_text(CONFIG)
    text = (root / "cards/credit-risk-scoring.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    loaded = Repository.load(root)
    # valid as written; only its references to this repository's personas are unresolved here
    assert {f.rule for f in loaded.findings if f.file.startswith("cards/")} == {"REF008"}
    original = {k: v for k, v in REPO.cards["credit-risk-scoring"].data.items() if k != "waivers"}
    assert loaded.cards["credit-risk-scoring"].data == original


def test_import_from_training_job_and_model_dumps_makes_a_draft(tmp_path: Path) -> None:
    job = {
        "TrainingJobArn": "arn:aws:sagemaker:eu-west-1:111122223333:training-job/j",
        "AlgorithmSpecification": {"TrainingImage": IMAGE},
        "ModelArtifacts": {"S3ModelArtifacts": "s3://b/j/output/model.tar.gz"},
        "HyperParameters": {"eta": "0.1"},
    }
    model = {
        "ModelArn": "arn:aws:sagemaker:eu-west-1:111122223333:model/m",
        "ModelName": "m",
        "PrimaryContainer": {"Image": IMAGE, "ModelDataUrl": "s3://b/j/output/model.tar.gz"},
    }
    root = _import(tmp_path, {"job.json": job, "model.json": model}, card="new-model")
    (root / "pyproject.toml").write_text(CONFIG)
    card = Repository.load(root).cards["new-model"]
    assert card.status == "Draft"
    assert card.section("model_overview")["model_name"] == "m"
    assert card.section("model_overview")["model_artifact"] == ["s3://b/j/output/model.tar.gz"]
    assert card.section("training_details")["training_job_details"]["hyper_parameters"] == [
        {"name": "eta", "value": "0.1"}
    ]


def test_a_malformed_dump_is_an_error_and_the_existing_card_is_untouched(tmp_path: Path) -> None:
    existing = tmp_path / "cards" / "x.yaml"
    existing.parent.mkdir()
    existing.write_text("# mine\nschema_version: 1\nid: x\nstatus: Draft\n")
    before = existing.read_bytes()
    with pytest.raises(MlgovError, match="not a readable JSON file"):
        _import(tmp_path, {"bad.json": "{nope"}, card="x")
    with pytest.raises(MlgovError, match="malformed TrainingJobArn response"):
        _import(tmp_path, {"job.json": {"TrainingJobArn": "a", "InputDataConfig": [1]}}, card="x")
    assert existing.read_bytes() == before


@mock_aws
def test_import_reads_sagemaker_through_boto3(tmp_path: Path) -> None:
    sm = boto3.client("sagemaker", region_name="eu-west-1")
    sm.create_model(
        ModelName="m",
        PrimaryContainer={"Image": IMAGE, "ModelDataUrl": "s3://b/model.tar.gz"},
        ExecutionRoleArn=ROLE,
    )
    card = REPO.cards["demand-forecast"]
    sm.create_model_card(
        ModelCardName=card.id,
        Content=to_sagemaker(card).content_json(),
        ModelCardStatus=card.status,
    )
    args = parse(tmp_path, "cards", "import", "--model-card", card.id, "--model", "m")
    assert cli_cards.import_command(args, sm) == 0
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    imported = Repository.load(tmp_path).cards[card.id]
    assert imported.section("model_overview")["model_name"] == "m"
    assert imported.section("intended_uses") == card.section("intended_uses")
    assert imported.status == "Draft" and imported.owner == card.owner
    args.model = "missing"
    args.out = tmp_path / "other.yaml"
    with pytest.raises(MlgovError, match="describe_model missing"):
        cli_cards.import_command(args, sm)
    assert not args.out.exists()

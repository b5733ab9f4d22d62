"""The example cards, and their export to SageMaker content and Hugging Face README.md."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from governance.cards.sagemaker import PREFIX, to_sagemaker, validation_errors
from governance.findings import MlgovError
from governance.repository import Repository
from mlgov.cli import cards as cli_cards
from tests.cli_args import parse
from tests.conftest import ROOT, MakeRepo

REPO = Repository.load(ROOT)
CARDS = sorted(REPO.cards)
# The demo account's fleet (governance/demo seeds the same names).
FLEET = {
    "churn-prediction": ("Approved", "Medium", "churn-prediction-prod", "churn-prediction-v3"),
    "credit-risk-scoring": ("Approved", "High", "credit-risk-prod", "credit-risk-v7"),
    "fraud-detection": ("PendingReview", "High", "fraud-detection-staging", "fraud-detection-v2"),
    "demand-forecast": ("Draft", "Low", None, None),
    "document-classifier": (
        "Approved",
        "Low",
        "document-classifier-prod",
        "document-classifier-v4",
    ),
    "customer-segmentation": ("Archived", "Unknown", None, None),
    "product-recommender": (
        "Approved",
        "Medium",
        "product-recommender-prod",
        "product-recommender-v5",
    ),
    # not deployed: the example of the fields from other card standards
    "review-sentiment": ("PendingReview", "Medium", None, None),
    # not deployed: imported from the demo MLflow registry (snapshots/mlflow-demo.json)
    "upsell-propensity": ("Approved", "Low", None, None),
}


def test_example_cards_are_the_demo_fleet_and_cover_every_status_risk_and_metric_type() -> None:
    seen = {}
    for card in REPO.cards.values():
        deployment = card.deployments[0] if card.deployments else None
        endpoint = deployment.endpoint if deployment else None
        seen[card.id] = (card.status, card.risk_rating, endpoint, deployment and deployment.model)
        assert all((d.account, d.region) == ("111122223333", "eu-west-1") for d in card.deployments)
    assert seen == FLEET
    types = {m.type for c in REPO.cards.values() for m in c.metrics()}
    assert types == {"number", "string", "boolean", "linear_graph", "bar_chart", "matrix"}
    assert not [f for f in REPO.findings if f.file.startswith("cards/")]


def test_the_failing_threshold_is_waived_with_a_reason() -> None:
    waivers = REPO.cards["product-recommender"].data["waivers"]
    assert [(w["rule"], len(w["reason"]) > 20) for w in waivers] == [("CRD005", True)]


@pytest.mark.parametrize("card_id", CARDS)
def test_every_example_exports_to_valid_sagemaker_content_and_nothing_is_lost(
    card_id: str,
) -> None:
    card = REPO.cards[card_id]
    export = to_sagemaker(card)
    assert validation_errors(export.content) == []
    dropped = {name for name, _ in export.dropped}
    for key in card.data:
        assert key in export.content or PREFIX + key in export.mapped or key in dropped, key
    details = export.content.get("additional_information", {}).get("custom_details", {})
    for key in export.mapped:
        assert isinstance(details[key], str) and len(details[key]) <= 1024


def test_metric_extras_move_to_custom_details_and_read_back_exactly() -> None:
    export = to_sagemaker(REPO.cards["churn-prediction"])
    details = export.content["additional_information"]["custom_details"]
    key = f"{PREFIX}evaluation_details[0].metric_groups[0].metric_data[0].threshold"
    assert json.loads(details[key]) == {"min": 0.8}
    # two metrics named auc in one group, one per slice: both slices survive
    slices = [k for k in details if k.endswith(".slice")]
    assert [details[k] for k in sorted(slices)] == [
        "tenure under 3 months",
        "tenure 3 months or more",
    ]
    metrics = export.content["evaluation_details"][0]["metric_groups"][0]["metric_data"]
    assert "threshold" not in metrics[0] and metrics[0]["value"] == 0.871
    assert json.loads(details[f"{PREFIX}approvals"])[0]["by"] == "Tomas Weber"


def test_validation_catches_what_sagemaker_would_refuse() -> None:
    content = {"evaluation_details": [{"name": "e", "metric_groups": [{"name": "g", "metric_data": [
        {"name": "m", "type": "matrix", "value": [[1, 2]] * 21},
        {"name": "n", "type": "number", "value": 1, "threshold": {"min": 0}},
    ]}]}]}  # fmt: skip
    errors = validation_errors(content)
    assert len(errors) == 2
    assert "metric_data/0/value" in errors[0] and "threshold" in errors[1]


def _args(tmp_path: Path, card: str, fmt: str) -> argparse.Namespace:
    return parse(ROOT, "cards", "export", card, "--format", fmt, "--out", tmp_path / "out")


def test_export_command_writes_sagemaker_json_and_says_what_it_mapped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _args(tmp_path, "credit-risk-scoring", "sagemaker")
    assert cli_cards.export_command(args) == 0
    content = json.loads(args.out.read_text())
    assert content["intended_uses"]["risk_rating"] == "High"
    err = capsys.readouterr().err
    assert "mapped to custom_details: mlgov.approvals" in err
    assert "not in the content: status (sent as ModelCardStatus)" in err
    first = args.out.read_bytes()
    cli_cards.export_command(args)
    assert args.out.read_bytes() == first  # deterministic


def test_export_command_accepts_a_file_path(tmp_path: Path) -> None:
    path = str(ROOT / "cards" / "demand-forecast.yaml")
    args = _args(tmp_path, path, "sagemaker")
    assert cli_cards.export_command(args) == 0
    assert json.loads(args.out.read_text())["intended_uses"]["risk_rating"] == "Low"


def test_export_of_an_unknown_card_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(MlgovError, match="no valid card 'nope'"):
        cli_cards.export_command(_args(tmp_path, "nope", "huggingface"))


def test_export_of_an_invalid_card_names_the_error_with_its_position(
    tmp_path: Path, make_repo: MakeRepo
) -> None:
    root = make_repo({"cards/bad.yaml": "schema_version: 1\nid: bad\nstatus: Done\n"})
    args = parse(root, "cards", "export", "bad", "--format", "sagemaker")
    with pytest.raises(MlgovError, match=r"no valid card 'bad': cards/bad.yaml:3:9: 'status'"):
        cli_cards.export_command(args)


def test_export_through_the_registered_parser(tmp_path: Path) -> None:
    out = tmp_path / "README.md"
    args = parse(
        ROOT, "cards", "export", "fraud-detection", "--format", "huggingface", "--out", out
    )
    assert args.handler(args) == 0
    assert out.read_text().startswith("---\n")


def test_every_example_card_lints_clean_or_is_waived_with_a_reason() -> None:
    """Card rules (SRC, SCH, REF, CRD). The MON rules report the demo snapshot's monitoring
    alerts on the deployed endpoints: warnings about the fleet, not about the cards."""
    from governance.lint.run import lint_repository

    result = lint_repository(REPO, [ROOT / "cards"])
    assert [f for f in result.findings if not f.rule.startswith("MON")] == []
    assert all(f.severity.value != "error" for f in result.findings)
    waived = [(f.rule, w.reason) for f, w in result.waived if f.file.startswith("cards/")]
    assert waived and all(len(reason) >= 20 for _, reason in waived)

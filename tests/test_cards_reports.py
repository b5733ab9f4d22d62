"""Evaluation import from Clarify and Model Monitor reports: right groups, odd reports tolerated."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from governance.cards.reports import metric_groups
from governance.source import load_yaml_bytes
from mlgov.cli import main
from tests.conftest import CONFIG

BIAS = {
    "post_training_bias_metrics": {
        "label": "approved",
        "label_value_or_threshold": "1",
        "facets": {
            "sex": [
                {
                    "value_or_threshold": "female",
                    "metrics": [
                        {"name": "DI", "description": "Disparate Impact", "value": 0.93},
                        {"name": "DPPL", "value": None},
                    ],
                }
            ]
        },
    }
}
MONITOR = {
    "binary_classification_metrics": {
        "auc": {"value": 0.91, "standard_deviation": 0.004},
        "confusion_matrix": {"0": {"0": 50, "1": 5}, "1": {"0": 4, "1": 41}},
    }
}
SHAP = {
    "explanations": {"kernel_shap": {"label0": {"global_shap_values": {"age": 0.2, "x": None}}}}
}


def test_clarify_bias_gives_one_group_per_facet_value_without_nulls() -> None:
    assert metric_groups(BIAS) == [
        {
            "name": "post_training_bias_metrics - approved = 1, sex=female",
            "metric_data": [{"name": "DI", "type": "number", "value": 0.93}],
        }
    ]


def test_model_monitor_statistics_give_numbers_and_a_matrix() -> None:
    (group,) = metric_groups(MONITOR)
    assert [(m["name"], m["type"]) for m in group["metric_data"]] == [
        ("auc", "number"),
        ("auc - standard_deviation", "number"),
        ("confusion_matrix", "matrix"),
    ]
    assert group["metric_data"][2]["value"] == [[50, 5], [4, 41]]


def test_clarify_explainability_gives_shap_values() -> None:
    assert metric_groups(SHAP) == [
        {
            "name": "shap, label=label0",
            "metric_data": [{"name": "age", "type": "number", "value": 0.2}],
        }
    ]


@pytest.mark.parametrize(
    "odd",
    [
        None,
        [],
        {},
        {"explanations": {}},
        {"explanations": {"kernel_shap": {"l": {"global_shap_values": []}}}},
        {"post_training_bias_metrics": {"facets": {"sex": "oops"}}},
        {"binary_classification_metrics": {"confusion_matrix": {"0": {"0": "x"}}, "auc": 3}},
    ],
)
def test_empty_or_odd_reports_give_no_groups_and_no_exception(odd: Any) -> None:
    assert metric_groups(odd) == []


# -- on the command line: `mlgov cards import --report FILE --card CARD` ----------------------

REPORTS = Path(__file__).parent / "fixtures" / "cards" / "reports"
CARD = "cards/churn.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "cards").mkdir()
    shutil.copy(REPORTS.parent / "commented.yaml", tmp_path / CARD)
    return tmp_path


def _import(root: Path, *args: str) -> int:
    return main(["-C", str(root), "cards", "import", "--card", "churn", *args])


def _card(root: Path) -> dict[str, Any]:
    doc = load_yaml_bytes((root / CARD).read_bytes(), CARD)
    assert not doc.findings
    return doc.data or {}


def test_a_report_refreshes_its_evaluation_and_keeps_what_people_wrote(
    repo: Path, capsys: Any
) -> None:
    before = (repo / CARD).read_text()
    monitor = str(REPORTS / "monitor.json")
    assert _import(repo, "--report", monitor, "--evaluation", "holdout") == 0
    out = capsys.readouterr().out
    after = (repo / CARD).read_text()
    assert "-          - {name: auc, type: number, value: 0.85, threshold: {min: 0.8}}" in out
    assert "+          - {name: auc, type: number, value: 0.91, threshold: {min: 0.8}}" in out
    assert [line for line in out.splitlines() if line[:1] == "-" and line[:3] != "---"] == [
        "-          - {name: auc, type: number, value: 0.85, threshold: {min: 0.8}}"
    ]
    comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    assert comments == [line.strip() for line in after.splitlines() if line.strip()[:1] == "#"]
    (holdout,) = _card(repo)["evaluation_details"]
    assert holdout["evaluation_observation"] == "Written by a person."
    groups = {g["name"]: g["metric_data"] for g in holdout["metric_groups"]}
    assert groups["by hand"] == [{"name": "recall", "type": "number", "value": 0.7}]
    metrics = {m["name"]: m for m in groups["binary_classification_metrics"]}
    assert metrics["auc"] == {
        "name": "auc",
        "type": "number",
        "value": 0.91,
        "threshold": {"min": 0.8},
    }
    assert metrics["confusion_matrix"]["value"] == [[50, 5], [4, 41]]
    written = (repo / CARD).read_bytes()
    assert _import(repo, "--report", monitor, "--evaluation", "holdout") == 0
    assert capsys.readouterr().out == "" and (repo / CARD).read_bytes() == written


def test_a_report_adds_a_new_evaluation_named_after_the_file(repo: Path, capsys: Any) -> None:
    assert _import(repo, "--report", str(REPORTS / "bias.json")) == 0
    assert "+  - name: bias\n" in capsys.readouterr().out
    bias = _card(repo)["evaluation_details"][-1]
    assert bias == {
        "name": "bias",
        "metric_groups": [
            {
                "name": "post_training_bias_metrics - churned = 1, plan=basic",
                "metric_data": [{"name": "DI", "type": "number", "value": 0.93}],
            }
        ],
    }


def test_an_empty_report_is_skipped_with_a_message(repo: Path, capsys: Any) -> None:
    before = (repo / CARD).read_bytes()
    assert _import(repo, "--report", str(REPORTS / "explainability-empty.json")) == 2
    err = capsys.readouterr().err
    assert "explainability-empty.json: no metrics found" in err
    assert "nothing to import" in err and "Traceback" not in err
    assert (repo / CARD).read_bytes() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"binary_classification_metrics": {\n  "auc": }', ":2:10: not JSON: Expecting value"),
        ("[" * 100_000, "nested too deeply"),
        (b"\xff", "not UTF-8"),
    ],
)
def test_a_broken_report_is_an_error_and_the_card_is_untouched(
    repo: Path, capsys: Any, text: str | bytes, message: str
) -> None:
    before = (repo / CARD).read_bytes()
    report = repo / "report.json"
    report.write_bytes(text if isinstance(text, bytes) else text.encode())
    assert _import(repo, "--report", str(report)) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert (repo / CARD).read_bytes() == before


def test_non_finite_numbers_in_a_report_are_dropped() -> None:
    report = {"regression_metrics": {"mse": {"value": float("nan")}, "mae": {"value": 2**70}}}
    assert metric_groups(report) == [
        {
            "name": "regression_metrics",
            "metric_data": [{"name": "mae", "type": "number", "value": 2**70}],
        }
    ]

"""Evaluation import from report files: each kind recognised by its shape and named, curves,
partial dependence, SHAP text, errored metrics and standard deviations kept, odd reports
tolerated, and nothing dropped or shortened without a note."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from governance.cards.reports import parse
from governance.cards.reports.common import Z95
from governance.cards.update import updated
from governance.cards.writer import card_yaml
from governance.findings import MlgovError
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
                        {"name": "DI", "description": "Disparate Impact (DI)", "value": 0.93},
                        {
                            "name": "CDDL",
                            "description": "Conditional Demographic Disparity in Labels (CDDL)",
                            "value": None,
                            "error": "Group variable is empty or not provided",
                        },
                    ],
                }
            ]
        },
    }
}
MONITOR = {
    "binary_classification_metrics": {
        "auc": {"value": 0.91, "standard_deviation": 0.004},
        "f1": {"value": 0.5, "standard_deviation": "NaN"},
        "confusion_matrix": {"0": {"0": 50, "1": 5}, "1": {"0": 4, "1": 41}},
        "receiver_operating_characteristic_curve": {
            "false_positive_rates": [0, 0.5, 1],
            "true_positive_rates": [0, 0.8, 1],
        },
        "precision_recall_curve": {"precisions": [1, 0.9], "recalls": [0, 1]},
    }
}


def _metrics(report: Any) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for g in parse(report).groups for m in g["metric_data"]}


def test_clarify_bias_keeps_descriptions_and_shows_errored_metrics_as_notes() -> None:
    out = parse(BIAS)
    assert out.kind == "Clarify bias report"
    (group,) = out.groups
    assert group["name"] == "post_training_bias_metrics - label approved = 1 and facet sex=female"
    di, cddl = group["metric_data"]
    assert di == {"name": "DI", "type": "number", "value": 0.93, "notes": "Disparate Impact (DI)"}
    assert cddl["type"] == "string" and cddl["value"] == "not computed"
    assert cddl["notes"].endswith("Clarify: Group variable is empty or not provided")
    assert any("CDDL was not computed" in note for note in out.notes)


def test_model_monitor_standard_deviations_become_confidence_intervals() -> None:
    out = parse(MONITOR)
    metrics = {m["name"]: m for m in out.groups[0]["metric_data"]}
    interval = metrics["auc"]["confidence_interval"]
    assert interval["standard_deviation"] == 0.004 and interval["level"] == 0.95
    assert interval["lower"] == pytest.approx(0.91 - Z95 * 0.004)
    assert interval["upper"] == pytest.approx(0.91 + Z95 * 0.004)
    assert not any(name.endswith("standard_deviation") for name in metrics)
    assert "confidence_interval" not in metrics["f1"]
    assert any("NaN" in n and "f1" in n for n in out.notes)


def test_model_monitor_curves_and_confusion_matrix_are_chart_data() -> None:
    metrics = _metrics(MONITOR)
    assert metrics["confusion_matrix"]["value"] == [[50, 5], [4, 41]]
    roc = metrics["receiver_operating_characteristic_curve"]
    assert roc["type"] == "linear_graph" and roc["value"] == [[0, 0], [0.5, 0.8], [1, 1]]
    assert (roc["x_axis_name"], roc["y_axis_name"]) == (
        "false_positive_rates",
        "true_positive_rates",
    )
    pr = metrics["precision_recall_curve"]
    assert pr["value"] == [[0, 1], [1, 0.9]] and pr["x_axis_name"] == "recalls"


def test_a_confusion_matrix_larger_than_sagemaker_allows_is_refused_by_name() -> None:
    classes = {str(i): {str(j): 1 for j in range(21)} for i in range(21)}
    out = parse({"multiclass_classification_metrics": {"confusion_matrix": classes}})
    assert out.refused and any("21x21 classes" in n and "20x20" in n for n in out.notes)


def test_clarify_explainability_gives_shap_values_top_tokens_and_partial_dependence() -> None:
    report = {
        "explanations": {
            "kernel_shap": {
                "label0": {
                    "global_shap_values": {"age": 0.2, "plan": 0.1},
                    "expected_value": 0.4,
                    "global_top_shap_text": {"review": {"great": 0.05, "awful": 0.04}},
                }
            },
            "pdp": [
                {
                    "feature_name": "age",
                    "data_type": "numerical",
                    "feature_values": [20, 40],
                    "data_distribution": [0.3, 0.7],
                    "model_predictions": [[0.1, 0.2]],
                    "label_headers": ["label0"],
                },
                {
                    "feature_name": "plan",
                    "data_type": "categorical",
                    "feature_values": ["basic", "pro"],
                    "data_distribution": [0.6, 0.4],
                    "model_predictions": [[0.5, 0.3]],
                    "label_headers": ["label0"],
                },
            ],
        }
    }
    groups = {g["name"]: g["metric_data"] for g in parse(report).groups}
    shap = groups["explanations - global_shap_values, label=label0"]
    assert [(m["name"], m["value"]) for m in shap] == [
        ("age", 0.2),
        ("plan", 0.1),
        ("expected_value", 0.4),
    ]
    text = groups["explanations - global_top_shap_text, label=label0, feature=review"]
    assert [(m["name"], m["value"]) for m in text] == [("great", 0.05), ("awful", 0.04)]
    pdp = {m["name"]: m for m in groups["explanations - pdp"]}
    assert pdp["data_distribution - feature=age"]["value"] == [[20, 0.3], [40, 0.7]]
    bars = pdp["model_predictions - feature=plan, label=label0"]
    assert bars["type"] == "bar_chart" and bars["x_axis_name"] == ["basic", "pro"]


@pytest.mark.parametrize(
    ("odd", "refused"),
    [
        (None, "a JSON null"),
        ([], "a JSON list"),
        ({}, "top-level keys: none"),
        ({"nope": 1}, "top-level keys: nope"),
        ({"explanations": {}}, "no metric"),
        ({"explanations": {"kernel_shap": {"l": {"global_shap_values": []}}}}, "no metric"),
        ({"post_training_bias_metrics": {"facets": {"sex": "oops"}}}, "no metric"),
        ({"binary_classification_metrics": {"confusion_matrix": {"0": {"0": "x"}}}}, "no metric"),
        ({"metric_groups": [{"name": "g", "metric_data": [{"name": "m"}]}]}, "no metric"),
    ],
)
def test_empty_or_odd_reports_are_refused_with_a_reason_and_no_exception(
    odd: Any, refused: str
) -> None:
    out = parse(odd)
    assert out.refused and refused in out.refused and not out.groups


def test_what_is_left_out_is_always_noted() -> None:
    report = {"regression_metrics": {"mse": {"value": float("nan")}, "mae": {"value": 2**70}}}
    out = parse({**report, "extra": 1})
    assert [m["name"] for m in out.groups[0]["metric_data"]] == ["mae"]
    assert any("mse" in n and "not a finite number" in n for n in out.notes)
    assert any("'extra' not imported" in n for n in out.notes)


def test_long_axis_names_are_cut_to_sagemakers_limit_and_noted() -> None:
    long = "x" * 80
    report = {
        "explanations": {
            "pdp": [
                {
                    "feature_name": "plan",
                    "data_type": "categorical",
                    "feature_values": [long, "b"],
                    "data_distribution": [0.5, 0.5],
                    "model_predictions": [],
                }
            ]
        }
    }
    out = parse(report)
    (chart,) = out.groups[0]["metric_data"]
    assert len(chart["x_axis_name"][0]) == 63 and chart["x_axis_name"][0].endswith("…")
    assert any(long in n and "cut to 63" in n for n in out.notes)


# -- on the command line: `mlgov cards import --report FILE --card CARD` ----------------------

REPORTS = Path(__file__).parent / "fixtures" / "cards" / "reports"
REAL = Path(__file__).parent / "fixtures" / "real_reports"
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
    out, err = capsys.readouterr()
    after = (repo / CARD).read_text()
    removed = [line for line in out.splitlines() if line[:1] == "-" and line[:3] != "---"]
    assert removed == ["-          - {name: auc, type: number, value: 0.85, threshold: {min: 0.8}}"]
    assert "monitor.json: Model Monitor model-quality statistics: 1 groups, 3 metrics" in err
    comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    assert comments == [line.strip() for line in after.splitlines() if line.strip()[:1] == "#"]
    (holdout,) = _card(repo)["evaluation_details"]
    assert holdout["evaluation_observation"] == "Written by a person."
    assert holdout["metadata"]["monitor.json"] == "Model Monitor model-quality statistics"
    assert holdout["metadata"]["dataset.item_count"] == "100"
    groups = {g["name"]: g["metric_data"] for g in holdout["metric_groups"]}
    assert groups["by hand"] == [{"name": "recall", "type": "number", "value": 0.7}]
    metrics = {m["name"]: m for m in groups["binary_classification_metrics"]}
    assert metrics["auc"]["threshold"] == {"min": 0.8} and metrics["auc"]["value"] == 0.91
    assert metrics["auc"]["confidence_interval"]["standard_deviation"] == 0.004
    assert metrics["confusion_matrix"]["value"] == [[50, 5], [4, 41]]
    written = (repo / CARD).read_bytes()
    assert _import(repo, "--report", monitor, "--evaluation", "holdout") == 0
    assert capsys.readouterr().out == "" and (repo / CARD).read_bytes() == written


def test_a_report_adds_a_new_evaluation_named_after_the_file(repo: Path, capsys: Any) -> None:
    assert _import(repo, "--report", str(REPORTS / "bias.json")) == 0
    out, err = capsys.readouterr()
    assert "+  - name: bias\n" in out
    assert "bias.json: Clarify bias report: " in err and "DPPL was not computed" in err
    bias = _card(repo)["evaluation_details"][-1]
    (group,) = bias["metric_groups"]
    assert group["name"] == "post_training_bias_metrics - label churned = 1 and facet plan=basic"
    assert [(m["name"], m["value"]) for m in group["metric_data"]] == [
        ("DI", 0.93),
        ("DPPL", "not computed"),
    ]


def test_an_empty_report_is_refused_by_kind_with_the_reason(repo: Path, capsys: Any) -> None:
    before = (repo / CARD).read_bytes()
    assert _import(repo, "--report", str(REPORTS / "explainability-empty.json")) == 2
    err = capsys.readouterr().err
    assert (
        "explainability-empty.json: Clarify explainability report: not imported: no metric" in err
    )
    assert "nothing to import" in err and "Traceback" not in err
    assert (repo / CARD).read_bytes() == before


def test_a_file_that_is_no_report_is_refused_with_its_keys(repo: Path, capsys: Any) -> None:
    report = repo / "what.json"
    report.write_text('{"accuracy": 0.9}')
    assert _import(repo, "--report", str(report)) == 2
    err = capsys.readouterr().err
    assert "what.json: unrecognised file: not imported: not a report this import knows" in err
    assert "top-level keys: accuracy" in err


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


def test_model_quality_constraints_become_thresholds_on_the_baseline_metrics(
    repo: Path, capsys: Any
) -> None:
    statistics = REAL / "model_quality_statistics" / "mljp_regression_baseline.json"
    constraints = REAL / "model_quality_constraints" / "mljp_regression_baseline.json"
    args = ["--evaluation", "baseline", "--report", str(statistics), "--report", str(constraints)]
    assert _import(repo, *args) == 0
    err = capsys.readouterr().err
    assert "Model Monitor model-quality constraints: 0 groups, 0 metrics, 4 thresholds" in err
    evaluation = _card(repo)["evaluation_details"][-1]
    metrics = {m["name"]: m for m in evaluation["metric_groups"][0]["metric_data"]}
    assert metrics["mae"]["threshold"] == {"max": 38.29501488095238}  # GreaterThanThreshold
    assert metrics["r2"]["threshold"] == {"min": 0.9499197226669486}  # LessThanThreshold


def test_constraints_without_their_metrics_are_refused_by_kind(repo: Path, capsys: Any) -> None:
    before = (repo / CARD).read_bytes()
    constraints = REAL / "model_quality_constraints" / "sdk_pipeline_regression_good.json"
    assert _import(repo, "--report", str(constraints)) == 2
    err = capsys.readouterr().err
    assert "(Model Monitor model-quality constraints): evaluation" in err
    assert "has no metric mae, mse, rmse, r2 to hold the thresholds" in err
    assert "--report statistics.json" in err and (repo / CARD).read_bytes() == before


def test_long_names_from_aws_files_are_kept_whole(repo: Path, capsys: Any) -> None:
    """AWS's own generic evaluation file has 64-character group names, which SageMaker
    accepts; the import keeps them and the evaluation name as long as they come."""
    report = REAL / "metric_groups" / "sdk_translated_clarify_bias.json"
    name = "e" * 80
    assert _import(repo, "--report", str(report), "--evaluation", name) == 0
    evaluation = _card(repo)["evaluation_details"][-1]
    assert evaluation["name"] == name
    lengths = sorted(len(g["name"]) for g in evaluation["metric_groups"])
    assert lengths == [63, 64, 64]
    assert "Traceback" not in capsys.readouterr().err


def test_an_invalid_result_is_refused_naming_its_place_in_the_card(repo: Path, capsys: Any) -> None:
    """The file is not written yet, so no line of it is named: the report, its kind and the
    path in the card are."""
    before = (repo / CARD).read_bytes()
    report = str(REPORTS / "monitor.json")
    assert _import(repo, "--report", report, "--evaluation", "") == 2
    err = capsys.readouterr().err
    assert "monitor.json (Model Monitor model-quality statistics): the evaluation would not" in err
    assert "'name' must have at least 1 characters" in err
    assert not re.search(r"churn\.yaml:\d+:\d+", err) and (repo / CARD).read_bytes() == before


def test_an_update_that_breaks_the_card_names_the_json_path() -> None:
    raw = (REPORTS.parent / "commented.yaml").read_bytes()
    with pytest.raises(MlgovError) as caught:
        updated(raw, CARD, lambda card: {**card, "intended_uses": {"risk_rating": "Huge"}})
    message = str(caught.value)
    assert message.startswith(f"{CARD}: not changed: the change would make ")
    assert "$.intended_uses.risk_rating invalid" in message
    with pytest.raises(MlgovError, match=r"would not be valid at \$\.status: "):
        card_yaml({"schema_version": 1, "id": "x", "status": "Done"})

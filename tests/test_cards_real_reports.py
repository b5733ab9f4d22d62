"""Every real SageMaker report file in tests/fixtures/real_reports (AWS's own job outputs and
examples, see its README.md) imports into a card through `mlgov cards import --report`, and
nothing in it is lost without a word: the metrics, chart points, intervals and thresholds in
the file are counted here, independently of the importer, and must be on the card or named
on standard error. The raw Clarify and Model Monitor files also land where AWS's SDK puts
them (its translated_*.json files of the same reports)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from governance.cards.model import build_card
from governance.cards.sagemaker import to_sagemaker, validation_errors
from governance.source import load_yaml_bytes
from mlgov.cli import main
from tests.conftest import CONFIG

REAL = Path(__file__).parent / "fixtures" / "real_reports"
FILES = sorted(p.relative_to(REAL).as_posix() for p in REAL.glob("*/*.json"))
KINDS = {
    "clarify_bias": "Clarify bias report",
    "clarify_explainability": "Clarify explainability report",
    "model_quality_statistics": "Model Monitor model-quality statistics",
    "model_quality_constraints": "Model Monitor model-quality constraints",
    "data_quality_statistics": "Model Monitor data-quality statistics",
    "data_quality_constraints": "Model Monitor data-quality constraints",
    "constraint_violations": "Model Monitor constraint violations",
    "registry_metrics": "Model Registry metrics",
    "metric_groups": "model card metric groups",
}
# Constraints hold thresholds for the metrics of a statistics file of the same baseline (the
# same folder in their source repository).
COMPANION = {
    "model_quality_constraints/mljp_regression_baseline.json": (
        "model_quality_statistics/mljp_regression_baseline.json"
    ),
    "model_quality_constraints/sdk_pipeline_regression_good.json": (
        "model_quality_statistics/sdk_pipeline_regression_nan_stddev.json"
    ),
    "model_quality_constraints/sdk_pipeline_regression_bad.json": (
        "model_quality_statistics/sdk_pipeline_regression_nan_stddev.json"
    ),
}


def test_the_corpus_is_the_one_its_readme_lists() -> None:
    sources = json.loads((REAL / "sources.json").read_text())
    rows = sources if isinstance(sources, list) else sources.get("files", [])
    listed = sorted(str(r.get("file") or r.get("fixture") or r.get("path")) for r in rows)
    assert len(FILES) == 36 and set(FILES) <= {f.removeprefix("real_reports/") for f in listed}
    assert set(Path(f).parts[0] for f in FILES) == set(KINDS)


def _import(tmp_path: Path, capsys: Any, *reports: str) -> tuple[int, dict[str, Any], str]:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "cards").mkdir(exist_ok=True)
    args = ["-C", str(tmp_path), "cards", "import", "--card", "x", "--evaluation", "e"]
    for report in reports:
        args += ["--report", str(REAL / report)]
    code = main(args)
    err = capsys.readouterr().err
    card = tmp_path / "cards" / "x.yaml"
    if not card.exists():
        return code, {}, err
    doc = load_yaml_bytes(card.read_bytes(), "cards/x.yaml")
    assert not doc.findings
    exported = to_sagemaker(build_card(doc)).content
    assert validation_errors(exported) == []  # SageMaker would take it as it is
    (evaluation,) = (doc.data or {})["evaluation_details"]
    return code, evaluation, err


def _groups(evaluation: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {g["name"]: g["metric_data"] for g in evaluation.get("metric_groups", [])}


def _all(evaluation: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for g in evaluation.get("metric_groups", []) for m in g["metric_data"]]


def _points(metrics: list[dict[str, Any]]) -> int:
    total = 0
    for m in metrics:
        if m["type"] == "matrix":
            total += sum(len(row) for row in m["value"])
        elif m["type"] in ("linear_graph", "bar_chart"):
            total += len(m["value"])
    return total


@pytest.mark.parametrize("name", FILES)
def test_every_real_report_imports_and_loses_nothing_silently(
    name: str, tmp_path: Path, capsys: Any
) -> None:
    folder = Path(name).parts[0]
    raw = json.loads((REAL / name).read_text())
    reports = [COMPANION[name], name] if name in COMPANION else [name]
    code, evaluation, err = _import(tmp_path, capsys, *reports)
    assert code == 0, err
    assert "Traceback" not in err
    for line in err.splitlines():
        if line.startswith(str(REAL / name)):
            assert f": {KINDS[folder]}: " in line, line  # every message names the kind
    CHECKS[folder](raw, evaluation, err)


def _check_bias(raw: dict[str, Any], evaluation: dict[str, Any], err: str) -> None:
    entries = [
        m
        for section in ("pre_training_bias_metrics", "post_training_bias_metrics")
        for values in raw.get(section, {}).get("facets", {}).values()
        for value in values
        for m in value["metrics"]
    ]
    metrics = _all(evaluation)
    assert len(metrics) == len(entries)
    errored = [m for m in entries if m["value"] is None]
    gaps = [m for m in metrics if m["value"] == "not computed"]
    assert len(gaps) == len(errored)
    for entry in errored:
        assert f"{entry['name']} was not computed by Clarify ({entry['error']})" in err
    assert all(m.get("notes") for m in metrics)  # Clarify's description of each metric


def _check_explainability(raw: dict[str, Any], evaluation: dict[str, Any], err: str) -> None:
    explanations = raw["explanations"]
    expected = 0
    for body in explanations.get("kernel_shap", {}).values():
        expected += len(body.get("global_shap_values", {})) + ("expected_value" in body)
        expected += sum(len(t) for t in body.get("global_top_shap_text", {}).values())
    pdp = explanations.get("pdp", [])
    charts = sum(1 + len(p["model_predictions"]) for p in pdp)
    points = sum((1 + len(p["model_predictions"])) * len(p["feature_values"]) for p in pdp)
    metrics = _all(evaluation)
    assert len(metrics) == expected + charts
    assert _points(metrics) == points


def _check_model_quality(raw: dict[str, Any], evaluation: dict[str, Any], err: str) -> None:
    sections = [
        raw[k]
        for k in (
            "regression_metrics",
            "binary_classification_metrics",
            "multiclass_classification_metrics",
            "classification_metrics",
        )
        if k in raw
    ]
    entries = {k: v for section in sections for k, v in section.items()}
    metrics = {m["name"]: m for m in _all(evaluation)}
    assert set(metrics) == set(entries)
    points = 0
    for name, stat in entries.items():
        if name == "confusion_matrix":
            points += sum(len(row) for row in stat.values())
        elif name.endswith("_curve"):
            points += len(next(iter(stat.values())))
        elif isinstance(stat.get("standard_deviation"), int | float):
            interval = metrics[name]["confidence_interval"]
            assert interval["standard_deviation"] == stat["standard_deviation"]
        elif stat.get("standard_deviation") == "NaN":
            assert "confidence_interval" not in metrics[name]
            nan_note = next(
                line for line in err.splitlines() if "standard_deviation is NaN" in line
            )
            assert name in nan_note
        if "value" in stat:
            assert metrics[name]["value"] == stat["value"]
    assert _points(list(metrics.values())) == points
    for key, value in raw.get("dataset", {}).items():
        assert evaluation["metadata"][f"dataset.{key}"] == str(value)


def _check_constraints(raw: dict[str, Any], evaluation: dict[str, Any], err: str) -> None:
    sides = {"GreaterThanThreshold": "max", "LessThanThreshold": "min"}
    metrics = {m["name"]: m for m in _all(evaluation)}
    for name, rule in raw["regression_constraints"].items():
        side = sides[rule["comparison_operator"]]
        assert metrics[name]["threshold"] == {side: rule["threshold"]}


def _check_data_constraints(raw: dict[str, Any], evaluation: dict[str, Any], err: str) -> None:
    groups = _groups(evaluation)
    features = {m["name"]: m for m in groups["features"]}
    assert [f["name"] for f in raw["features"]] == list(features)
    for feature in raw["features"]:
        metric = features[feature["name"]]
        assert metric["value"] == feature["inferred_type"]
        assert f"completeness {feature['completeness']}" in metric["notes"]
        for kind in ("num_constraints", "string_constraints"):
            for key in feature.get(kind, {}):
                assert f"{kind}.{key}" in metric["notes"]

    def leaves(value: Any) -> int:
        return sum(leaves(v) for v in value.values()) if isinstance(value, dict) else 1

    assert len(groups["monitoring_config"]) == leaves(raw["monitoring_config"])
    summary = {m["name"]: m["value"] for m in groups["summary"]}
    assert summary["features"] == len(raw["features"])


def _check_data_statistics(raw: dict[str, Any], evaluation: dict[str, Any], err: str) -> None:
    groups = _groups(evaluation)
    dataset = {m["name"]: m["value"] for m in groups["dataset"]}
    assert dataset["item_count"] == raw["dataset"]["item_count"]
    assert dataset["features"] == len(raw["features"])
    sketches = sum("sketch" in json.dumps(f) for f in raw["features"])
    assert err.count("sketch (") == sketches  # refused by name: it holds sample values
    dropped_all = "the statistics of" in err and "features not imported" in err
    dropped_charts = "the histograms of" in err
    for feature in raw["features"]:
        group = f"feature {feature['name']} ({feature['inferred_type']})"
        if dropped_all:
            assert group not in groups
            continue
        stats = feature.get("numerical_statistics") or feature["string_statistics"]
        numbers = len(stats["common"]) + sum(k not in ("common", "distribution") for k in stats)
        buckets = [b for d in stats.get("distribution", {}).values() for b in d.get("buckets", [])]
        metrics = groups[group]
        assert len([m for m in metrics if m["type"] == "number"]) == numbers
        if dropped_charts:
            assert not [m for m in metrics if m["type"] == "bar_chart"]
        else:
            assert _points(metrics) == len(buckets)


def _check_violations(raw: dict[str, Any], evaluation: dict[str, Any], err: str) -> None:
    groups = _groups(evaluation)
    summary = {m["name"]: m["value"] for m in groups["summary"]}
    assert summary["violations"] == len(raw["violations"])
    found = groups.get("violations", [])
    assert len(found) == len(raw["violations"])
    for violation, metric in zip(raw["violations"], found, strict=True):
        assert metric["name"] == (violation.get("feature_name") or violation.get("metric_name"))
        assert metric["value"] == violation["constraint_check_type"]
        if "description" in violation:
            assert violation["description"] in metric["notes"]


def _check_metric_groups(raw: dict[str, Any], evaluation: dict[str, Any], err: str) -> None:
    assert evaluation["metric_groups"] == raw["metric_groups"]


CHECKS = {
    "clarify_bias": _check_bias,
    "clarify_explainability": _check_explainability,
    "model_quality_statistics": _check_model_quality,
    "registry_metrics": _check_model_quality,
    "model_quality_constraints": _check_constraints,
    "data_quality_constraints": _check_data_constraints,
    "data_quality_statistics": _check_data_statistics,
    "constraint_violations": _check_violations,
    "metric_groups": _check_metric_groups,
}


@pytest.mark.parametrize("name", sorted(COMPANION))
def test_constraints_alone_are_refused_by_name_with_the_reason(
    name: str, tmp_path: Path, capsys: Any
) -> None:
    code, evaluation, err = _import(tmp_path, capsys, name)
    assert code == 2 and not evaluation
    assert f"{Path(name).name} (Model Monitor model-quality constraints)" in err
    assert "has no metric" in err and "to hold the thresholds" in err


def test_the_large_statistics_fit_by_leaving_out_histograms_and_saying_so(
    tmp_path: Path, capsys: Any
) -> None:
    name = "data_quality_statistics/mljp_hourly_report_143_features.json"
    code, evaluation, err = _import(tmp_path, capsys, name)
    assert code == 0
    assert "the histograms of 143 features not imported" in err
    assert len(evaluation["metric_groups"]) == 144  # the dataset and every feature


@pytest.mark.parametrize(
    ("raw", "translated"),
    [
        ("clarify_bias/sdk_model_card_bias_gender_pre_post.json", "sdk_translated_clarify_bias"),
        (
            "clarify_explainability/sdk_model_card_shap_pdp_text.json",
            "sdk_translated_clarify_explanation",
        ),
        (
            "model_quality_statistics/sdk_model_card_binary_classification.json",
            "sdk_translated_binary_classification",
        ),
        ("model_quality_statistics/sdk_model_card_regression.json", "sdk_translated_regression"),
    ],
)
def test_raw_reports_land_where_awss_sdk_puts_them(
    raw: str, translated: str, tmp_path: Path, capsys: Any
) -> None:
    """Same group names, metric names, types and values as AWS's own translation; the SDK's
    `<name> - standard_deviation` metrics are our confidence intervals, and we add Clarify's
    SHAP baseline (expected_value), which the SDK drops."""
    _, evaluation, _ = _import(tmp_path, capsys, raw)
    ours: dict[tuple[str, str], Any] = {}
    for group in evaluation["metric_groups"]:
        for m in group["metric_data"]:
            ours[(group["name"], m["name"])] = (m["type"], m["value"])
            if "confidence_interval" in m:
                deviation = m["confidence_interval"]["standard_deviation"]
                ours[(group["name"], f"{m['name']} - standard_deviation")] = ("number", deviation)
    theirs = {
        (g["name"], m["name"]): (m["type"], m["value"])
        for g in json.loads((REAL / "metric_groups" / f"{translated}.json").read_text())[
            "metric_groups"
        ]
        for m in g["metric_data"]
    }
    extra = {k for k in ours if k not in theirs}
    assert all(name == "expected_value" for _, name in extra), extra
    assert {k: ours[k] for k in theirs} == theirs


def test_the_command_line_imports_real_reports_in_a_git_repository(tmp_path: Path) -> None:
    """The artefact people get: `python -m mlgov` in a repository of their own, a Clarify bias
    report with errored metrics and a Model Monitor statistics file into one evaluation; the
    card it writes lints clean and `--dry-run` again shows nothing to do."""
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "cards").mkdir()
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, timeout=60)
    bias = REAL / "clarify_bias" / "examples_fraud_bias_1_null_error.json"
    quality = REAL / "model_quality_statistics" / "sdk_model_card_binary_classification.json"
    args = ["cards", "import", "--card", "fraud", "--evaluation", "holdout"]
    args += ["--report", str(bias), "--report", str(quality)]

    def mlgov(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mlgov", "-C", str(tmp_path), *argv]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    done = mlgov(*args)
    assert done.returncode == 0, done.stderr
    errored = [line for line in done.stderr.splitlines() if "CDDL was not computed" in line]
    assert errored and ": Clarify bias report: " in errored[0]
    assert "Model Monitor model-quality statistics: 1 groups, 20 metrics" in done.stderr
    assert done.stdout.startswith("--- /dev/null\n+++ b/cards/fraud.yaml\n")
    text = (tmp_path / "cards" / "fraud.yaml").read_text()
    assert "receiver_operating_characteristic_curve" in text and "not computed" in text
    lint = mlgov("lint", "cards")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    again = mlgov(*args, "--dry-run")
    assert again.returncode == 0 and again.stdout == ""
    assert "cards/fraud.yaml: up to date" in again.stderr


ODD_VALUES: list[Any] = [
    None,
    "NaN",
    -1,
    0,
    1e308,
    [],
    {},
    "x" * 80,
    [[1, 2]],
    {"a": {"b": 1}},
    True,
]


def _mutated(value: Any, rng: random.Random) -> Any:
    """The report with one node somewhere replaced by an odd value."""
    if not isinstance(value, dict | list) or rng.random() < 0.15:
        return rng.choice(ODD_VALUES)
    keys = list(value) if isinstance(value, dict) else list(range(len(value)))
    if not keys:
        return rng.choice(ODD_VALUES)
    key = rng.choice(keys)
    if isinstance(value, dict) and rng.random() < 0.2:  # a key renamed: empty, long, odd
        renamed = {k: v for k, v in value.items() if k != key}
        renamed[rng.choice(["", " ", "x" * 300, "NaN", "a|b\n## c"])] = value[key]
        return renamed
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[key] = _mutated(value[key], rng)  # type: ignore[index]
    return copy


@pytest.mark.parametrize("name", FILES)
def test_mutated_real_reports_never_crash_and_give_only_valid_metrics(name: str) -> None:
    """Each real report with one node replaced or one key renamed, 30 times (seeded): a parse
    never raises, and every metric it gives is one SageMaker accepts."""
    from governance.cards.reports import parse
    from governance.cards.sagemaker import metric_errors

    raw = json.loads((REAL / name).read_text())
    rng = random.Random(f"{name}-20261201")
    for _ in range(30):
        out = parse(_mutated(raw, rng))
        for group in out.groups:
            assert isinstance(group["name"], str) and group["name"]
            for metric in group["metric_data"]:
                assert metric_errors(metric) == [], (metric, out.kind)

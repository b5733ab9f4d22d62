"""Model Monitor's model-quality statistics.json and constraints.json, and the Model Registry's
metrics file. Statistics give number metrics whose standard deviation becomes a confidence
interval, the confusion matrix, and the ROC and precision-recall curves; constraints give
thresholds on the metrics of the same names."""

from __future__ import annotations

from typing import Any

from governance.cards.reports.common import (
    MATRIX_LIMIT,
    Imported,
    Metric,
    Threshold,
    fit_axis,
    interval,
    is_number,
    items,
    number,
    shown,
)

STATISTICS_SECTIONS = (
    "regression_metrics",
    "binary_classification_metrics",
    "multiclass_classification_metrics",
)
REGISTRY_SECTIONS = ("classification_metrics",)
CONSTRAINT_SECTIONS = (
    "regression_constraints",
    "binary_classification_constraints",
    "multiclass_classification_constraints",
)
CURVES = {
    # Model Monitor's key: (x key, y key); the keys are the axis names, as the SDK has them
    "receiver_operating_characteristic_curve": ("false_positive_rates", "true_positive_rates"),
    "precision_recall_curve": ("recalls", "precisions"),
}
# comparison_operator: the violation is `value OP threshold`, so the card's threshold (what
# passes) is the other side. Model Monitor's OrEqual operators exclude the threshold itself,
# which the card's inclusive min/max cannot say; the import notes it.
OPERATORS = {
    "GreaterThanThreshold": ("max", False),
    "LessThanThreshold": ("min", False),
    "GreaterThanOrEqualToThreshold": ("max", True),
    "LessThanOrEqualToThreshold": ("min", True),
}


def statistics(report: dict[str, Any], out: Imported, sections: tuple[str, ...]) -> None:
    for section in sections:
        if section not in report:
            continue
        body = report[section]
        if not isinstance(body, dict):
            out.note(f"{section}: not a mapping; not imported")
            continue
        metrics: list[Metric] = []
        nan: list[str] = []
        for name, stat in items(body):
            metrics += _metric(out, section, name, stat, nan)
        if nan:
            out.note(
                f"{section}: standard_deviation is NaN (Model Monitor did not compute one) for "
                f"{', '.join(nan)}: no confidence interval for them"
            )
        out.add({"name": section, "metric_data": metrics})
    _dataset(report, out)


def _dataset(report: dict[str, Any], out: Imported) -> None:
    dataset = report.get("dataset")
    if isinstance(dataset, dict):
        for key, value in items(dataset):
            out.metadata[f"dataset.{key}"] = shown(value)
    if "version" in report:
        out.metadata["report version"] = shown(report["version"])


def _metric(out: Imported, section: str, name: str, stat: Any, nan: list[str]) -> list[Metric]:
    where = f"{section}.{name}"
    if not isinstance(stat, dict):
        out.note(f"{where}: {shown(stat)} is not a Model Monitor metric; not imported")
        return []
    if name == "confusion_matrix":
        return _confusion(out, where, stat)
    if name in CURVES:
        return _curve(out, where, name, stat)
    if "value" not in stat:
        out.note(f"{where}: no value ({', '.join(stat)}); not imported")
        return []
    value = stat["value"]
    if not is_number(value):
        out.note(f"{where}: value {shown(value)} is not a finite number; not imported")
        return []
    metric = number(name, value)
    sd = stat.get("standard_deviation")
    if is_number(sd) and sd >= 0:
        metric["confidence_interval"] = interval(value, sd)
    elif sd is not None and str(sd).lower() == "nan":
        nan.append(name)
    elif sd is not None:
        out.note(f"{where}: standard_deviation {shown(sd)} is not a number; no interval")
    others = sorted(set(stat) - {"value", "standard_deviation"})
    if others:
        out.note(f"{where}: {', '.join(others)} not imported (not a Model Monitor metric field)")
    return [metric]


def _confusion(out: Imported, where: str, stat: dict[str, Any]) -> list[Metric]:
    """Model Monitor's {actual: {predicted: count}} as a matrix: rows actual, columns
    predicted, a count of 0 where the report has none for a pair."""
    rows = [k for k, v in items(stat) if isinstance(v, dict)]
    columns = list(dict.fromkeys(c for r in rows for c in stat[r]))
    if not rows or len(rows) != len(stat):
        out.note(f"{where}: not a mapping of actual to predicted counts; not imported")
        return []
    if len(rows) > MATRIX_LIMIT or len(columns) > MATRIX_LIMIT:
        out.note(
            f"{where}: {len(rows)}x{len(columns)} classes; SageMaker's matrix holds at most "
            f"{MATRIX_LIMIT}x{MATRIX_LIMIT}, so it was not imported"
        )
        return []
    value = [[stat[r].get(c, 0) for c in columns] for r in rows]
    if not all(is_number(x) for row in value for x in row):
        out.note(f"{where}: a count that is not a number; not imported")
        return []
    missing = sum(c not in stat[r] for r in rows for c in columns)
    if missing:
        out.note(f"{where}: {missing} (actual, predicted) pairs absent from the report set to 0")
    return [
        {
            "name": "confusion_matrix",
            "type": "matrix",
            "value": value,
            "x_axis_name": fit_axis(out, where, [str(c) for c in columns]),
            "y_axis_name": fit_axis(out, where, [str(r) for r in rows]),
        }
    ]


def _curve(out: Imported, where: str, key: str, stat: dict[str, Any]) -> list[Metric]:
    x_key, y_key = CURVES[key]
    xs, ys = stat.get(x_key), stat.get(y_key)
    if not isinstance(xs, list) or not isinstance(ys, list) or len(xs) != len(ys) or not xs:
        out.note(f"{where}: {x_key} and {y_key} are not two lists of one length; not imported")
        return []
    points = [[x, y] for x, y in zip(xs, ys, strict=True)]
    bad = [p for p in points if not (is_number(p[0]) and is_number(p[1]))]
    if bad:
        out.note(
            f"{where}: {len(bad)} points that are not two numbers, e.g. {bad[0]}; not imported"
        )
        points = [p for p in points if p not in bad]
    if not points:
        return []
    return [
        {
            "name": key,
            "type": "linear_graph",
            "value": points,
            "x_axis_name": x_key,
            "y_axis_name": y_key,
        }
    ]


def constraints(report: dict[str, Any], out: Imported) -> None:
    for section in CONSTRAINT_SECTIONS:
        body = report.get(section)
        if section not in report:
            continue
        if not isinstance(body, dict):
            out.note(f"{section}: not a mapping; not imported")
            continue
        for metric, rule in items(body):
            threshold = _threshold(out, f"{section}.{metric}", metric, rule)
            if threshold:
                out.thresholds.append(threshold)
    if "version" in report:
        out.metadata["report version"] = shown(report["version"])


def _threshold(out: Imported, where: str, metric: str, rule: Any) -> Threshold | None:
    if not isinstance(rule, dict):
        out.note(f"{where}: {shown(rule)} is not a constraint; not imported")
        return None
    limit, operator = rule.get("threshold"), rule.get("comparison_operator")
    if not is_number(limit) or not isinstance(operator, str) or operator not in OPERATORS:
        out.note(
            f"{where}: threshold {shown(limit)} with comparison_operator {shown(operator)} is "
            f"not a constraint this import knows ({', '.join(OPERATORS)}); not imported"
        )
        return None
    side, exclusive = OPERATORS[operator]
    source = f"Model Monitor alerts when {metric} is {operator} {limit}"
    if exclusive:
        out.note(
            f"{where}: {operator} {limit} means {limit} itself fails; the card's {side} is "
            "inclusive, so a value of exactly the threshold will pass lint"
        )
    return Threshold(metric, {side: limit}, source)

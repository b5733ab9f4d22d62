"""Evaluation metric groups from report JSON: the card format itself, Clarify bias and
explainability reports, and Model Monitor model-quality statistics (reference §3.3).
Tolerant by design: an empty or unusual report gives fewer groups, never an exception
(SageMaker's SDK fails on empty explainability reports, sagemaker-python-sdk#4772)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

Group = dict[str, Any]
MONITOR_SECTIONS = (
    "regression_metrics",
    "binary_classification_metrics",
    "multiclass_classification_metrics",
)


def metric_groups(report: Any) -> list[Group]:
    """Every metric group the report holds, in the card's format; [] for anything else."""
    if not isinstance(report, dict):
        return []
    if isinstance(report.get("metric_groups"), list):
        return [g for g in report["metric_groups"] if isinstance(g, dict)]
    groups = [*_bias(report), *_explainability(report), *_monitor(report)]
    return [g for g in groups if g["metric_data"]]


def _number(value: Any) -> bool:
    """A finite number: JSON reports may hold NaN, which no card metric can."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)


def _metric(name: str, value: Any) -> dict[str, Any]:
    return {"name": name[:255], "type": "number", "value": value}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _bias(report: dict[str, Any]) -> Iterator[Group]:
    for section in ("pre_training_bias_metrics", "post_training_bias_metrics"):
        body = report.get(section)
        if not isinstance(body, dict) or not isinstance(body.get("facets"), dict):
            continue
        label = f"{body.get('label', '?')} = {body.get('label_value_or_threshold', '?')}"
        for facet, entries in sorted(body["facets"].items()):
            for entry in _dicts(entries):
                metrics = [
                    _metric(str(m.get("name", "")), m["value"])
                    for m in _dicts(entry.get("metrics"))
                    if m.get("name") and _number(m.get("value"))
                ]
                where = f"{facet}={entry.get('value_or_threshold', '?')}"
                yield {"name": f"{section} - {label}, {where}"[:63], "metric_data": metrics}


def _explainability(report: dict[str, Any]) -> Iterator[Group]:
    explanations = report.get("explanations")
    shap = explanations.get("kernel_shap") if isinstance(explanations, dict) else None
    if not isinstance(shap, dict):
        return
    for label, body in sorted(shap.items()):
        values = body.get("global_shap_values") if isinstance(body, dict) else None
        if not isinstance(values, dict):
            continue
        metrics = [_metric(str(f), v) for f, v in sorted(values.items()) if _number(v)]
        yield {"name": f"shap, label={label}"[:63], "metric_data": metrics}


def _monitor(report: dict[str, Any]) -> Iterator[Group]:
    for section in MONITOR_SECTIONS:
        body = report.get(section)
        if not isinstance(body, dict):
            continue
        metrics: list[dict[str, Any]] = []
        for name, stat in sorted(body.items()):
            metrics += _monitor_metric(name, stat)
        yield {"name": section[:63], "metric_data": metrics}


def _monitor_metric(name: str, stat: Any) -> list[dict[str, Any]]:
    if not isinstance(stat, dict):
        return []
    if name == "confusion_matrix":
        return _confusion(stat)
    out = []
    if _number(stat.get("value")):
        out.append(_metric(name, stat["value"]))
    if _number(stat.get("standard_deviation")):
        out.append(_metric(f"{name} - standard_deviation", stat["standard_deviation"]))
    return out


def _confusion(stat: dict[str, Any]) -> list[dict[str, Any]]:
    """Model Monitor's {actual: {predicted: count}} as a rectangular matrix, or nothing."""
    rows = sorted(k for k, v in stat.items() if isinstance(v, dict))
    columns = sorted({c for r in rows for c in stat[r]})
    if not rows or not columns or len(rows) > 20 or len(columns) > 20:
        return []
    value = [[stat[r].get(c, 0) for c in columns] for r in rows]
    if not all(_number(x) for row in value for x in row):
        return []
    return [
        {
            "name": "confusion_matrix",
            "type": "matrix",
            "value": value,
            "x_axis_name": [str(c)[:63] for c in columns],
            "y_axis_name": [str(r)[:63] for r in rows],
        }
    ]

"""Model Monitor's data-quality statistics.json and constraints.json, and constraint_violations
.json (data or model quality). A card is not a baseline store: it gets a data-quality
evaluation with the counts (rows, features by type, missing values), each feature's summary
statistics and histogram, the constrained features with their constraints, and the
violations one by one. What would not fit (KLL sketches, which hold sample values of the data
itself; statistics too large for SageMaker's content) is refused by name."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from governance.cards.reports.common import (
    Group,
    Imported,
    Metric,
    dicts,
    fit_axis,
    fit_notes,
    fit_string,
    flatten,
    is_number,
    items,
    number,
    scalar_metric,
    shown,
)

# Characters kept free of what the card has left of SageMaker's 100,000 (CRD006) for the
# evaluation around the groups and for the reports imported with this one.
MARGIN = 5_000
STATISTICS = ("mean", "sum", "std_dev", "min", "max", "distinct_count")


def statistics(report: dict[str, Any], out: Imported) -> None:
    features = dicts(report.get("features"))
    summary = _dataset_metrics(out, report.get("dataset"))
    summary += _type_counts(features)
    out.add({"name": "dataset", "metric_data": summary})
    groups = [_feature(out, f) for f in features]
    _within_budget(out, groups)
    for group in groups:
        out.add(group)
    _version(report, out)


def _dataset_metrics(out: Imported, dataset: Any) -> list[Metric]:
    metrics = []
    for key, value in items(dataset):
        metric = scalar_metric(out, "dataset", key, value)
        if metric:
            metrics.append(metric)
    return metrics


def _type_counts(features: list[dict[str, Any]]) -> list[Metric]:
    types = Counter(str(f.get("inferred_type", "unknown")) for f in features)
    counts = [number("features", len(features))]
    return counts + [number(f"{kind} features", n) for kind, n in sorted(types.items())]


def _feature(out: Imported, feature: dict[str, Any]) -> Group:
    name = str(feature.get("name", "?"))
    group = f"feature {name} ({feature.get('inferred_type', 'unknown')})"
    metrics: list[Metric] = []
    for key, body in items(feature):
        if key in ("numerical_statistics", "string_statistics") and isinstance(body, dict):
            metrics += _statistics(out, group, body)
        elif key not in ("name", "inferred_type"):
            out.note(f"{group}: {key} not imported (not a statistic this import knows)")
    return {"name": group, "metric_data": metrics}


def _statistics(out: Imported, group: str, body: dict[str, Any]) -> list[Metric]:
    metrics = []
    for key, value in items(body):
        if key == "common" and isinstance(value, dict):
            metrics += [number(k, v) for k, v in items(value) if _counted(out, group, k, v)]
        elif key in STATISTICS and _counted(out, group, key, value):
            metrics.append(number(key, value))
        elif key == "distribution" and isinstance(value, dict):
            metrics += _distribution(out, group, value)
        elif key not in STATISTICS:
            out.note(f"{group}: {key} not imported (not a statistic this import knows)")
    return metrics


def _counted(out: Imported, group: str, key: str, value: Any) -> bool:
    if is_number(value):
        return True
    out.note(f"{group}: {key} = {shown(value)} is not a finite number; not imported")
    return False


def _distribution(out: Imported, group: str, body: dict[str, Any]) -> list[Metric]:
    metrics = []
    for kind, inner in items(body):
        inner = inner if isinstance(inner, dict) else {}
        if "sketch" in inner:
            data = inner["sketch"].get("data") if isinstance(inner["sketch"], dict) else None
            size = (
                sum(len(row) for row in data if isinstance(row, list))
                if isinstance(data, list)
                else 0
            )
            out.note(
                f"{group}: the {kind} sketch ({size} values) not imported: it holds sample values "
                "of the data itself, which a card must not carry; its histogram was imported"
            )
        buckets = dicts(inner.get("buckets"))
        chart = _histogram(out, group, kind, buckets)
        if chart:
            metrics.append(chart)
        for key in sorted(set(inner) - {"buckets", "sketch"}):
            out.note(f"{group}: distribution.{kind}.{key} not imported (unknown to this import)")
    return metrics


def _histogram(
    out: Imported, group: str, kind: str, buckets: list[dict[str, Any]]
) -> Metric | None:
    if not buckets:
        return None
    if kind == "kll":
        labels = [
            f"{shown(b.get('lower_bound'))} to {shown(b.get('upper_bound'))}" for b in buckets
        ]
    else:
        labels = [shown(b.get("value")) for b in buckets]
    counts = [b.get("count") for b in buckets]
    if not all(is_number(c) for c in counts):
        out.note(f"{group}: a {kind} bucket without a numeric count; histogram not imported")
        return None
    return {
        "name": f"distribution ({kind})",
        "type": "bar_chart",
        "value": counts,
        "x_axis_name": fit_axis(out, group, labels),
        "y_axis_name": "count",
    }


def _within_budget(out: Imported, groups: list[Group]) -> None:
    """Histograms go first, then the per-feature statistics, when they would not fit in what
    the card has left of SageMaker's content."""
    budget = out.budget - MARGIN
    if _size(groups) > budget:
        charts = sum(m["type"] == "bar_chart" for g in groups for m in g["metric_data"])
        for group in groups:
            group["metric_data"] = [m for m in group["metric_data"] if m["type"] != "bar_chart"]
        out.note(
            f"the histograms of {charts} features not imported: with them the feature "
            f"statistics would take more than the {max(budget, 0):,} characters the card has "
            "left of SageMaker's 100,000"
        )
    if _size(groups) > budget:
        out.note(
            f"the statistics of {len(groups)} features not imported: even without histograms "
            f"they take {_size(groups):,} characters, more than the {max(budget, 0):,} the card "
            "has left of SageMaker's 100,000; keep statistics.json beside the card"
        )
        groups.clear()


def _size(groups: list[Group]) -> int:
    return len(json.dumps(groups, ensure_ascii=False))


def constraints(report: dict[str, Any], out: Imported) -> None:
    features = dicts(report.get("features"))
    out.add({"name": "summary", "metric_data": _type_counts(features)})
    out.add({"name": "features", "metric_data": [_constraint(out, f) for f in features]})
    config = report.get("monitoring_config")
    if config is not None and not isinstance(config, dict):
        out.note(f"monitoring_config: {shown(config)} is not a mapping; not imported")
    elif config is not None:
        metrics = []
        for key, value in flatten(config):
            metric = scalar_metric(out, "monitoring_config", key, value)
            if metric:
                metrics.append(metric)
        out.add({"name": "monitoring_config", "metric_data": metrics})
    _version(report, out)


def _constraint(out: Imported, feature: dict[str, Any]) -> Metric:
    """A feature's constraints: its inferred type, the constraints spelled out in the notes."""
    name = str(feature.get("name", "?"))
    rules = [f"{k} {shown(v)}" for k, v in flatten(feature) if k not in ("name", "inferred_type")]
    value = fit_string(out, f"features, {name}", str(feature.get("inferred_type", "unknown")))
    metric: Metric = {"name": name, "type": "string", "value": value}
    if rules:
        metric["notes"] = fit_notes(out, f"features, {name}", "; ".join(rules))
    return metric


def violations(report: dict[str, Any], out: Imported) -> None:
    found = dicts(report.get("violations"))
    checks = Counter(str(v.get("constraint_check_type", "unknown")) for v in found)
    summary = [number("violations", len(found))]
    summary += [number(check, n) for check, n in sorted(checks.items())]
    out.add({"name": "summary", "metric_data": summary})
    if found:
        out.add({"name": "violations", "metric_data": [_violation(out, v) for v in found]})
    if isinstance(report.get("violations"), list) and len(found) != len(report["violations"]):
        out.note(
            f"{len(report['violations']) - len(found)} violations that are not objects; "
            "not imported"
        )


def _violation(out: Imported, violation: dict[str, Any]) -> Metric:
    name = str(violation.get("feature_name") or violation.get("metric_name") or "?")
    check = str(violation.get("constraint_check_type", "unknown"))
    extra = [
        f"{k}: {shown(v)}"
        for k, v in items(violation)
        if k not in ("feature_name", "metric_name", "constraint_check_type", "description")
    ]
    described = [str(violation["description"])] if "description" in violation else []
    text = "; ".join(described + extra)
    metric: Metric = {"name": name, "type": "string", "value": fit_string(out, name, check)}
    if text:
        metric["notes"] = fit_notes(out, f"violations, {name}", text)
    return metric


def _version(report: dict[str, Any], out: Imported) -> None:
    if "version" in report:
        out.metadata["report version"] = shown(report["version"])

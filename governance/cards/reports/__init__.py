"""Evaluations from SageMaker's report files, each kind recognised by its shape and named in
every message: Clarify bias and explainability (analysis.json), Model Monitor model-quality
and data-quality statistics and constraints and constraint violations, Model Registry metrics,
and the card's own metric-groups format (reference §3.3; the real files in
tests/fixtures/real_reports). Tolerant and loud: an odd or empty report gives fewer groups and
a note for everything left out, never an exception (SageMaker's SDK fails on empty
explainability reports, sagemaker-python-sdk#4772); nothing is dropped or shortened without
a note saying what and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from governance.cards.reports import clarify, data_quality, groups, model_quality
from governance.cards.reports.common import Group, Imported, Threshold

__all__ = ["KINDS", "Group", "Imported", "Threshold", "parse"]

Parser = Callable[[dict[str, Any], Imported], None]
# (name, the top-level keys that mark it, the keys it reads, parser), most specific first.
KINDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], Parser], ...] = (
    (
        "model card metric groups",
        ("metric_groups",),
        ("metric_groups",),
        groups.metric_groups,
    ),
    (
        "Clarify bias report",
        clarify.BIAS_SECTIONS,
        (*clarify.BIAS_SECTIONS, "version"),
        clarify.bias,
    ),
    (
        "Clarify explainability report",
        ("explanations",),
        ("explanations", "version"),
        clarify.explainability,
    ),
    (
        "Model Monitor model-quality statistics",
        model_quality.STATISTICS_SECTIONS,
        (*model_quality.STATISTICS_SECTIONS, "dataset", "version"),
        lambda r, o: model_quality.statistics(r, o, model_quality.STATISTICS_SECTIONS),
    ),
    (
        "Model Registry metrics",
        model_quality.REGISTRY_SECTIONS,
        (*model_quality.REGISTRY_SECTIONS, "dataset", "version"),
        lambda r, o: model_quality.statistics(r, o, model_quality.REGISTRY_SECTIONS),
    ),
    (
        "Model Monitor model-quality constraints",
        model_quality.CONSTRAINT_SECTIONS,
        (*model_quality.CONSTRAINT_SECTIONS, "version"),
        model_quality.constraints,
    ),
    (
        "Model Monitor constraint violations",
        ("violations",),
        ("violations",),
        data_quality.violations,
    ),
)
DATA_STATISTICS = "Model Monitor data-quality statistics"
DATA_CONSTRAINTS = "Model Monitor data-quality constraints"


def parse(report: Any, budget: int = 100_000) -> Imported:
    """One report file's JSON, read as every kind it matches (a Clarify analysis.json may hold
    bias and explanations both). `budget`: the characters of SageMaker content the card has
    left (large data-quality statistics are cut to fit, with notes)."""
    if not isinstance(report, dict):
        kind = type(report).__name__ if report is not None else "null"
        return Imported("unrecognised file", refused=f"a JSON {kind}, not a report object")
    found = [
        (name, reads, parser) for name, marks, reads, parser in KINDS if set(marks) & set(report)
    ]
    found += _data_quality(report)
    if not found:
        keys = ", ".join(sorted(report)) or "none"
        return Imported(
            "unrecognised file",
            refused=(
                "not a report this import knows (Clarify bias or explainability, Model Monitor "
                "statistics, constraints or constraint violations, Model Registry metrics, or "
                f"model card metric_groups); its top-level keys: {keys}"
            ),
        )
    out = Imported(" and ".join(name for name, _, _ in found), budget=budget)
    for _, _, parser in found:
        parser(report, out)
    read = {key for _, reads, _ in found for key in reads}
    for key in sorted(set(report) - read):
        out.note(f"top-level key '{key}' not imported (not part of a {out.kind})")
    if out.empty:
        out.refused = "no metric in it (an empty report, or one of an unusual shape)"
    return out


def _data_quality(report: dict[str, Any]) -> list[tuple[str, tuple[str, ...], Parser]]:
    """statistics.json and constraints.json of data quality both list `features`; statistics
    carry numerical_ or string_statistics, constraints carry the constraints."""
    features = report.get("features")
    if not isinstance(features, list):
        return []
    statistical = any(
        isinstance(f, dict) and ({"numerical_statistics", "string_statistics"} & set(f))
        for f in features
    )
    if statistical or ("dataset" in report and "monitoring_config" not in report):
        return [(DATA_STATISTICS, ("features", "dataset", "version"), data_quality.statistics)]
    return [
        (DATA_CONSTRAINTS, ("features", "monitoring_config", "version"), data_quality.constraints)
    ]

"""What every report parser shares: the result of one import (groups, evaluation metadata,
thresholds for metrics, and notes that say what was changed or left out, and why) and the
small builders of card metrics. A parser never drops or shortens anything without a note."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from governance.cards.sagemaker import metric_errors

Group = dict[str, Any]
Metric = dict[str, Any]
AXIS_LIMIT = 63  # characters of one axis name (SageMaker's maxLength)
STRING_LIMIT = 63  # characters of a string metric's value
NOTES_LIMIT = 1024  # characters of a metric's notes
MATRIX_LIMIT = 20  # rows and columns of a matrix metric
Z95 = 1.959963984540054  # the standard normal's 97.5% quantile: a two-sided 95% interval


@dataclass(frozen=True)
class Threshold:
    """A Model Monitor constraint as a card threshold on the metric of that name."""

    metric: str
    bound: dict[str, float]  # {"min": x} or {"max": x}
    source: str  # the constraint as written, for messages


@dataclass
class Imported:
    """One report, read: `kind` names it in every message."""

    kind: str
    groups: list[Group] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    thresholds: list[Threshold] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refused: str | None = None  # why nothing of it can go on a card
    budget: int = 100_000  # characters of SageMaker content the card has left for it

    def note(self, text: str) -> None:
        self.notes.append(text)

    def add(self, group: Group) -> None:
        """A group, with every metric SageMaker would refuse left out by name (the parsers
        build valid ones; this catches the report shapes they did not foresee)."""
        name = group["name"]
        valid = []
        for metric in group["metric_data"]:
            errors = metric_errors(metric)
            if errors:
                self.note(f"{name}: metric {metric.get('name')!r} not imported: {errors[0]}")
            else:
                valid.append(metric)
        if not name.strip():
            self.note(f"a group without a name ({len(valid)} metrics); not imported")
        elif valid:
            self.groups.append({**group, "metric_data": valid})
        else:
            self.note(f"group '{name}' has no metric; not imported")

    @property
    def empty(self) -> bool:
        return not self.groups and not self.thresholds


def is_number(value: Any) -> TypeGuard[float]:
    """A finite JSON number (not a bool): reports may hold NaN, which no card metric can."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)


def number(name: str, value: Any, notes: str = "") -> Metric:
    metric: Metric = {"name": name, "type": "number", "value": value}
    if notes:
        metric["notes"] = notes
    return metric


def dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def items(value: Any) -> Iterator[tuple[str, Any]]:
    """A mapping's entries in the report's own order (Clarify orders them meaningfully)."""
    if isinstance(value, Mapping):
        yield from ((str(k), v) for k, v in value.items())


def shown(value: Any) -> str:
    """A value for a message or a note: text as it is, the rest as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def fit_notes(out: Imported, where: str, text: str) -> str:
    if len(text) <= NOTES_LIMIT:
        return text
    out.note(
        f"{where}: notes cut from {len(text)} to {NOTES_LIMIT} characters (SageMaker's limit "
        f"for a metric's notes); the rest was: {text[NOTES_LIMIT - 1 :]!r}"
    )
    return text[: NOTES_LIMIT - 1] + "…"


def fit_axis(out: Imported, where: str, labels: list[str]) -> list[str]:
    """Axis names SageMaker accepts (at most 63 characters), each shortening noted."""
    fitted = []
    for label in labels:
        if len(label) > AXIS_LIMIT:
            out.note(
                f"{where}: axis name {label!r} cut to {AXIS_LIMIT} characters (SageMaker's limit)"
            )
            label = label[: AXIS_LIMIT - 1] + "…"
        fitted.append(label)
    return fitted


def fit_string(out: Imported, where: str, value: str) -> str:
    if len(value) <= STRING_LIMIT:
        return value
    out.note(f"{where}: value {value!r} cut to {STRING_LIMIT} characters (SageMaker's limit)")
    return value[: STRING_LIMIT - 1] + "…"


def interval(value: float, sd: float) -> dict[str, float]:
    """A normal-approximation 95% interval from a standard deviation; the deviation stays."""
    half = Z95 * sd
    return {
        "lower": _round(value - half),
        "upper": _round(value + half),
        "level": 0.95,
        "standard_deviation": sd,
    }


def _round(x: float) -> float:
    """Twelve significant digits: the interval is an approximation, not data to keep exact."""
    return float(f"{x:.12g}")


def flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, scalar) for every leaf of nested mappings; lists are leaves."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from flatten(inner, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, value


def scalar_metric(out: Imported, where: str, name: str, value: Any) -> Metric | None:
    """A number, boolean or string metric for a configuration value; None (noted) otherwise."""
    if not name:
        out.note(f"{where}: a value without a name ({shown(value)}); not imported")
        return None
    if isinstance(value, bool):
        return {"name": name, "type": "boolean", "value": value}
    if is_number(value):
        return number(name, value)
    if isinstance(value, str):
        return {"name": name, "type": "string", "value": fit_string(out, where, value)}
    out.note(f"{where}: {name} = {shown(value)} is not a number, text or boolean; not imported")
    return None

"""CRD007: a metric value of the wrong type or shape for its metric type (SageMaker's four
metric kinds, reference §1.3), said precisely: which point is not a pair, which row is
ragged, which axis has the wrong number of names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

Problem = tuple[tuple[str | int, ...], str]


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        for metric in card.metrics():
            for where, message in SHAPES[metric.type](metric.value, metric.raw):
                yield Hit(metric.origin.doc, (*metric.origin.path, *where), message)


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _simple(kind: type | tuple[type, ...], name: str) -> Any:
    def shape(value: Any, raw: Any) -> Iterator[Problem]:
        ok = _number(value) if name == "a number" else isinstance(value, kind)
        if not ok:
            yield ("value",), f"a {raw['type']} metric's value must be {name}"
        elif isinstance(value, str) and len(value) > 63:
            yield ("value",), "a string metric's value has at most 63 characters"

    return shape


def _numbers(value: Any, at: tuple[str | int, ...], what: str) -> Iterator[Problem]:
    if not isinstance(value, list) or not value:
        yield at, f"{what} must be a non-empty list of numbers"
        return
    for index, item in enumerate(value):
        if not _number(item):
            yield (*at, index), f"{what} holds {item!r}, not a number"


def _linear(value: Any, raw: Any) -> Iterator[Problem]:
    if not isinstance(value, list) or not value:
        yield ("value",), "a linear_graph value is a non-empty list of [x, y] points"
        return
    for index, point in enumerate(value):
        if not isinstance(point, list) or len(point) != 2 or not all(map(_number, point)):
            yield ("value", index), f"point {index} is not an [x, y] pair of numbers"


def _bar(value: Any, raw: Any) -> Iterator[Problem]:
    yield from _numbers(value, ("value",), "a bar_chart value")
    yield from _axis(raw, "x_axis_name", len(value) if isinstance(value, list) else None)


def _matrix(value: Any, raw: Any) -> Iterator[Problem]:
    if not isinstance(value, list) or not 1 <= len(value) <= 20:
        yield ("value",), "a matrix value is a list of 1 to 20 rows"
        return
    widths = set()
    for index, row in enumerate(value):
        yield from _numbers(row, ("value", index), f"row {index}")
        if isinstance(row, list):
            widths.add(len(row))
            if len(row) > 20:
                yield ("value", index), f"row {index} has {len(row)} columns; at most 20"
    if len(widths) > 1:
        yield ("value",), f"ragged matrix: rows have {sorted(widths)} columns"
    width = widths.pop() if len(widths) == 1 else None
    yield from _axis(raw, "x_axis_name", width)
    yield from _axis(raw, "y_axis_name", len(value))


def _axis(raw: Any, key: str, count: int | None) -> Iterator[Problem]:
    """bar_chart and matrix axes name each column (or row): a list, one name per entry."""
    names = raw.get(key)
    if names is None:
        return
    if not isinstance(names, list):
        yield (key,), f"{key} of a {raw['type']} metric is a list of names"
    elif count is not None and len(names) != count:
        yield (key,), f"{key} has {len(names)} names for {count} entries"


SHAPES = {
    "number": _simple((int, float), "a number"),
    "string": _simple(str, "a string"),
    "boolean": _simple(bool, "true or false"),
    "linear_graph": _linear,
    "bar_chart": _bar,
    "matrix": _matrix,
}

RULE = Rule(
    id="CRD007",
    title="Metric value of the wrong type or shape",
    rationale=(
        "SageMaker's metric types fix the value's shape: a number, a string of at most 63 "
        "characters, a boolean, [x, y] points, a list of bars, or a rectangular matrix of at "
        "most 20 by 20, with one axis name per bar, column or row. Anything else is refused on "
        "export or drawn wrong."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="- {name: confusion, type: matrix, value: [[1, 2], [3]]}\n",
    good="- {name: confusion, type: matrix, value: [[1, 2], [3, 4]]}\n",
)

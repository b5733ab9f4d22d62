"""CRD011: numbers of a metric that contradict each other: a confidence interval whose lower
bound is above its upper one, a value outside its own interval, a threshold whose min is above
its max."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.cards.model import Metric
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        if card.status == "Archived":  # a record that cannot be edited any more (CRD003)
            continue
        for metric in card.metrics():
            yield from _interval(metric)
            yield from _threshold(metric)


def _interval(metric: Metric) -> Iterator[Hit]:
    interval = metric.raw.get("confidence_interval")
    if not isinstance(interval, dict):
        return
    low, high = _number(interval.get("lower")), _number(interval.get("upper"))
    if low is None or high is None:
        return  # the schema's to say
    doc, path = metric.origin.doc, metric.origin.path
    if low > high:
        message = f"metric '{metric.name}' has a confidence interval from {low} down to {high}"
        yield Hit(doc, (*path, "confidence_interval"), message, "lower is the smaller bound")
    elif (value := _number(metric.value)) is not None and not low <= value <= high:
        message = (
            f"metric '{metric.name}' is {metric.value}, outside its own interval {low} to {high}"
        )
        hint = "an interval holds the value it is around: check the value and its bounds"
        yield Hit(doc, (*path, "value"), message, hint)


def _threshold(metric: Metric) -> Iterator[Hit]:
    limits = metric.threshold
    if not isinstance(limits, dict):
        return
    low, high = _number(limits.get("min")), _number(limits.get("max"))
    if low is not None and high is not None and low > high:
        message = f"metric '{metric.name}' has a threshold min {low} above its max {high}"
        hint = "no value can pass it: swap them, or drop one"
        yield Hit(metric.origin.doc, (*metric.origin.path, "threshold"), message, hint)


def _number(value: Any) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


RULE = Rule(
    id="CRD011",
    title="Metric interval or threshold out of order",
    rationale=(
        "A confidence interval runs from its lower to its upper bound and holds the value it "
        "is around; a threshold's min is at most its max. Numbers that contradict each other "
        "are a typo or a copy from the wrong report, and a reviewer cannot judge the model "
        "from them."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="- {name: auc, type: number, value: 0.7, confidence_interval: {lower: 0.8, upper: 0.9}}\n",
    good="- {name: auc, type: number, value: 0.8, confidence_interval: {lower: 0.7, upper: 0.9}}\n",
)

"""CRD005: a metric whose value fails its own threshold."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.cards.model import Metric
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        for metric in card.metrics():
            if metric.threshold is not None:
                yield from _judge(metric)


def _judge(metric: Metric) -> Iterator[Hit]:
    doc, path = metric.origin.doc, metric.origin.path
    value, limits = metric.value, metric.threshold or {}
    if metric.type != "number" or isinstance(value, bool) or not isinstance(value, int | float):
        message = f"metric '{metric.name}' has a threshold but is not a number metric"
        yield Hit(doc, (*path, "threshold"), message, "thresholds apply to type: number")
        return
    low, high = limits.get("min"), limits.get("max")
    if low is not None and value < low:
        yield Hit(doc, (*path, "value"), f"metric '{metric.name}' is {value}, below its min {low}")
    if high is not None and value > high:
        yield Hit(doc, (*path, "value"), f"metric '{metric.name}' is {value}, above its max {high}")


RULE = Rule(
    id="CRD005",
    title="Metric fails its threshold",
    rationale=(
        "A threshold written in the card is the team's own acceptance criterion; a value outside "
        "it means the model does not meet it. Waive it with the reason when the model ships anyway."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="metric_data: [{name: auc, type: number, value: 0.7, threshold: {min: 0.8}}]\n",
    good="metric_data: [{name: auc, type: number, value: 0.9, threshold: {min: 0.8}}]\n",
)

"""CRD020: a High-risk card that names a risk and no mitigation for it: a dataset with
sensitive data, an ethical risk, or a group at risk of harm."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.cards.model import Card
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        # A Draft is still being written (as CRD002 has it); from review on, it must answer.
        if card.risk_rating == "High" and card.status != "Draft":
            yield from _unmitigated(card)


def _unmitigated(card: Card) -> Iterator[Hit]:
    doc = card.origin.doc
    for i, dataset in enumerate(card.data.get("datasets", [])):
        if dataset.get("sensitive_data") and not dataset.get("mitigation"):
            listed = ", ".join(dataset["sensitive_data"])
            message = (
                f"dataset '{dataset['name']}' holds sensitive data ({listed}) and no mitigation"
            )
            hint = "say how it is protected or its risk reduced under mitigation:"
            yield Hit(doc, ("datasets", i, "sensitive_data"), message, hint)
    for i, risk in enumerate(card.data.get("ethical_risks", [])):
        if not risk.get("mitigation"):
            message = f"ethical risk '{risk['risk']}' has no mitigation"
            yield Hit(doc, ("ethical_risks", i), message, "add mitigation:")
    for i, group in enumerate(card.data.get("fairness_assessment", [])):
        if group.get("harms") and not group.get("mitigation"):
            message = f"harms to '{group['group_at_risk']}' are named with no mitigation"
            yield Hit(doc, ("fairness_assessment", i), message, "add mitigation:")


RULE = Rule(
    id="CRD020",
    title="High-risk card names a risk without its mitigation",
    rationale=(
        "A card that lists sensitive data in a dataset, an ethical risk or harms to a group has "
        "found a risk; on a High-risk card under review or approved, each must say how it is "
        "mitigated (Model Card Toolkit's mitigation_strategy, VerifyML's fairness assessment), "
        "so a reviewer judges the answer, not only the question."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad=(
        "status: PendingReview\nintended_uses: {risk_rating: High}\n"
        "datasets: [{name: applications, sensitive_data: [age, sex]}]\n"
    ),
    good=(
        "status: PendingReview\nintended_uses: {risk_rating: High}\n"
        "datasets: [{name: applications, sensitive_data: [age, sex], "
        "mitigation: Used for bias testing only, never as model inputs.}]\n"
    ),
)

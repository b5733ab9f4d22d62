"""CRD001: what a card must say before it goes to review, and before it is approved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.cards.model import Card
    from governance.lint.context import LintContext

# A card under review or approved must let a reviewer judge it: what it is for, what it is
# not for, how risky it is, and how it was evaluated.
REVIEWED = ("PendingReview", "Approved")


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        if card.status not in REVIEWED:
            continue
        # One finding per card: findings at one place are one finding (the fingerprint is
        # rule + file + path), so the missing items are listed together.
        missing = [*_missing_content(card), *_missing_approval(card)]
        if missing:
            message = f"{card.status} card lacks {', '.join(missing)}"
            yield Hit(card.origin.doc, ("status",), message, "fill these in, or set status: Draft")
        if card.risk_rating == "Unknown" and "risk_rating" in card.section("intended_uses"):
            hint = "rate the risk High, Medium or Low, with explanations_for_risk_rating"
            message = f"{card.status} card has risk rating Unknown"
            yield Hit(card.origin.doc, ("intended_uses", "risk_rating"), message, hint)


def _missing_content(card: Card) -> Iterator[str]:
    needs = {
        "owner": card.owner,
        "intended_uses.intended_uses": card.section("intended_uses").get("intended_uses"),
        "out_of_scope_uses": card.data.get("out_of_scope_uses"),
        "evaluation_details": card.content.get("evaluation_details"),
    }
    yield from (name for name, value in needs.items() if not value)
    if "risk_rating" not in card.section("intended_uses"):
        yield "intended_uses.risk_rating"


def _missing_approval(card: Card) -> Iterator[str]:
    if card.status == "Approved" and not any(a.by != card.owner for a in card.approvals):
        yield "an approval by someone other than the owner"


RULE = Rule(
    id="CRD001",
    title="Card lacks what its status requires",
    rationale=(
        "A card in review or approved must state its intended uses and its out-of-scope uses, "
        "a risk rating other than Unknown, an owner and at least one evaluation; an Approved "
        "card also needs an approval by someone other than its owner (four eyes)."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="status: Approved\nintended_uses: {risk_rating: Unknown}\n",
    good="status: Draft\nintended_uses: {risk_rating: Unknown}\n",
)

"""CRD002: a High-risk card states its ethical considerations and caveats, and names the role
of whoever approved it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.cards.model import Card
    from governance.lint.context import LintContext

NEEDED = ("ethical_considerations", "caveats_and_recommendations")


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        # A Draft is still being written; from review on, a High rating must be argued.
        if card.risk_rating == "High" and card.status != "Draft":
            yield from _high(card)


def _high(card: Card) -> Iterator[Hit]:
    doc, at = card.origin.doc, ("intended_uses", "risk_rating")
    info = card.section("additional_information")
    missing = [name for name in NEEDED if not info.get(name)]
    if missing:
        hint = "add them under additional_information"
        yield Hit(doc, at, f"High-risk card has no {' and no '.join(missing)}", hint)
    for approval in card.approvals:
        if not approval.role:
            message = f"approval by '{approval.by}' names no role"
            yield Hit(doc, approval.origin.path, message, "add role: (e.g. Model Risk Officer)")
    if card.status == "Approved" and not card.approvals:
        yield Hit(doc, ("status",), "High-risk card is Approved without a named approver")


RULE = Rule(
    id="CRD002",
    title="High-risk card lacks ethics, caveats or a named approver role",
    rationale=(
        "A model rated High risk can harm people or the business; once it leaves Draft its card "
        "must say what the ethical considerations and the caveats are, and every approval must "
        "name the approver's role, so an auditor can see the sign-off came from the right function."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="status: Approved\nintended_uses: {risk_rating: High}\n",
    good=(
        "status: Approved\nintended_uses: {risk_rating: High}\n"
        "additional_information: {ethical_considerations: ..., caveats_and_recommendations: ...}\n"
        "approvals: [{by: Bo, role: Model Risk Officer, date: 2026-10-01}]\n"
    ),
)

"""CRD004: a card whose next review date has passed."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards, today


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    now = today(ctx)
    for card in cards(ctx):
        # An Archived model is no longer reviewed; the schema guarantees a valid date.
        if card.status == "Archived" or card.review_next is None:
            continue
        due = datetime.date.fromisoformat(card.review_next)
        if due < now:
            message = f"review was due on {due} ({(now - due).days} days ago)"
            hint = "review the card, then set review.last and a new review.next"
            yield Hit(card.origin.doc, ("review", "next"), message, hint)


RULE = Rule(
    id="CRD004",
    title="Card review overdue",
    rationale=(
        "Models drift and their context changes; a card promises a next review date, and a "
        "date in the past means the card may no longer describe the model in production."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    bad="review: {next: 2020-01-01}\n",
    good="review: {next: 2099-01-01}\n",
)

"""CRD010: card dates that cannot be right: an approval or a review in the future, a next
review before the last one."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards, today

if TYPE_CHECKING:
    from governance.cards.model import Card
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    now = today(ctx)
    for card in cards(ctx):
        # An Archived card is a record that cannot be edited any more (CRD003).
        if card.status != "Archived":
            yield from _dates(card, now)


def _dates(card: Card, now: datetime.date) -> Iterator[Hit]:
    doc = card.origin.doc
    for approval in card.approvals:
        day = _day(approval.date)
        if day is not None and day > now:
            message = f"approval by {approval.by} is dated {day}, after today ({now})"
            hint = "an approval is recorded when it is given: date it the day it was given"
            yield Hit(doc, (*approval.origin.path, "date"), message, hint)
    last, due = _day(card.review_last), _day(card.review_next)
    if last is not None and last > now:
        message = f"review.last is {last}, after today ({now})"
        yield Hit(doc, ("review", "last"), message, "review.last is the day of the last review")
    if last is not None and due is not None and due < last:
        message = f"review.next ({due}) is before review.last ({last})"
        yield Hit(doc, ("review", "next"), message, "the next review comes after the last one")


def _day(text: str | None) -> datetime.date | None:
    """The schema checks the form; a day that does not exist (2026-02-30) is SCH005's."""
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


RULE = Rule(
    id="CRD010",
    title="Card date that cannot be right",
    rationale=(
        "An approval or a review dated after today records something that has not happened, "
        "and a next review before the last one is a schedule that cannot be kept. `today` is "
        "the clock's, or pinned for reproducible runs (MLGOV_TODAY, [tool.mlgov.lint] today, "
        "SOURCE_DATE_EPOCH)."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="approvals: [{by: Bo, date: 2031-01-01}]\nreview: {last: 2026-10-01, next: 2026-04-01}\n",
    good="approvals: [{by: Bo, date: 2026-10-01}]\nreview: {last: 2026-10-01, next: 2027-04-01}\n",
)

"""What needs attention: each problem the site can see, with the model (or endpoint, or
snapshot) it concerns and the next step, most severe first.

The same facts lint reports as MON and CRD findings, said for a reader of the dashboard: the
dashboard's list and the badges on each row are made from these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# Kinds, most severe first: the list's order, and the badge texts.
KINDS = {
    "unapproved": "Unapproved in production",
    "unmonitored": "High risk, unmonitored",
    "alert": "Monitor in alert",
    "failing": "Failing",
    "unreadable": "Unreadable snapshot",
    "stale": "Stale snapshot",
    "undocumented": "Undocumented endpoint",
    "unknown": "Monitoring unknown",
    "drift": "Differs from SageMaker card",
    "alias": "MLflow alias moved",
    "unregistered": "Registered model without a card",
    "overdue": "Review overdue",
}
# The first kinds are errors (lint fails on them, or they should); the rest warnings.
ERRORS = {"unapproved", "unmonitored", "alert"}


@dataclass(frozen=True)
class Issue:
    kind: str  # a key of KINDS
    subject: str  # the model's title, or the endpoint or snapshot file
    link: str  # the model page relative to the site root, or ""
    problem: str  # a sentence without its full stop (the page adds it)
    next_step: str

    def __post_init__(self) -> None:
        # texts from AWS (failure reasons) end in a full stop of their own
        object.__setattr__(self, "problem", self.problem.rstrip(". "))

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def severity(self) -> str:
        return "error" if self.kind in ERRORS else "warning"

    @property
    def order(self) -> tuple[int, str, str]:
        return list(KINDS).index(self.kind), self.subject, self.problem


def sorted_issues(issues: Iterable[Issue]) -> tuple[Issue, ...]:
    return tuple(sorted(set(issues), key=lambda i: i.order))


def overdue(review_next: str, today: date | None) -> bool:
    """A `review.next` date (YYYY-MM-DD) before today; an unreadable date is CRD's to report."""
    if today is None or not review_next:
        return False
    try:
        return date.fromisoformat(review_next[:10]) < today
    except ValueError:
        return False

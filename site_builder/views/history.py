"""A card's history and the standing of its approvals, for its model page and its PDF: the
changes git recorded (date, commit, author, what changed) and, per approval, the content it
approved and the commit that recorded it. Built from governance's card history: no git here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from governance.cards.digest import content_digest, short
from governance.cards.history import CardHistory
from governance.cards.model import Card
from governance.cards.timeline import Event, approval_commits, card_timeline
from governance.cards.versions import ApprovalRecord

# The standing of a card's approvals against its content (HistoryView.standing).
BOUND, CHANGED, UNBOUND, NONE = "bound", "changed", "unbound", "none"
MAX_CHANGES = 200  # a card with more commits shows the newest ones, and says so


@dataclass(frozen=True)
class ApprovalView:
    by: str
    role: str
    date: str
    notes: str
    digest: str = ""  # what it approved; "" when it names none
    commit: str = ""  # the commit that recorded it (short); "" when not committed
    committed: str = ""  # that commit's date

    @property
    def digest_short(self) -> str:
        return short(self.digest) if self.digest else ""


@dataclass(frozen=True)
class ChangeView:
    date: str  # YYYY-MM-DD
    commit: str  # short
    author: str
    what: str  # "created", "status PendingReview → Approved", ...
    details: tuple[str, ...]  # approvals recorded, fields changed


@dataclass(frozen=True)
class HistoryView:
    digest: str  # of the card's content as shown
    standing: str  # BOUND, CHANGED, UNBOUND or NONE
    statement: str  # which content was approved, in one sentence
    approvals: tuple[ApprovalView, ...]
    changes: tuple[ChangeView, ...]  # newest first
    known: bool  # git history was available
    more: int = 0  # older changes left out


def history_view(card: Card, history: CardHistory | None) -> HistoryView:
    digest = content_digest(card.data)
    commits = approval_commits(history, card.id) if history is not None else {}
    approvals = tuple(_approval(raw, commits) for raw in _raw_approvals(card.data))
    events = card_timeline(history, card.id) if history is not None else ()
    changes = tuple(_change(e) for e in reversed(events))
    standing, statement = _standing(card, digest, approvals)
    shown = changes[:MAX_CHANGES]
    return HistoryView(
        digest,
        standing,
        statement,
        approvals,
        shown,
        history is not None,
        len(changes) - len(shown),
    )


def _raw_approvals(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    raw = data.get("approvals", [])
    return [a for a in raw if isinstance(a, Mapping)] if isinstance(raw, list) else []


def _approval(raw: Mapping[str, Any], commits: Mapping[ApprovalRecord, Event]) -> ApprovalView:
    record = ApprovalRecord(
        str(raw.get("by", "")),
        str(raw.get("role", "")),
        str(raw.get("date", "")),
        raw.get("digest") if isinstance(raw.get("digest"), str) else None,
    )
    event = commits.get(record)
    return ApprovalView(
        record.by,
        record.role,
        record.date,
        str(raw.get("notes", "")),
        record.digest or "",
        event.commit[:7] if event else "",
        event.date[:10] if event else "",
    )


def _standing(card: Card, digest: str, approvals: tuple[ApprovalView, ...]) -> tuple[str, str]:
    latest = card.latest_approval
    if latest is None:
        return NONE, "No approval is recorded."
    view = approvals[latest.origin.path[1]] if isinstance(latest.origin.path[1], int) else None
    where = f", recorded in commit {view.commit} ({view.committed})" if view and view.commit else ""
    who = f"{latest.by}{f' ({latest.role})' if latest.role else ''} on {latest.date}{where}"
    if latest.digest is None:
        return UNBOUND, f"The latest approval, by {who}, names no digest of what it approved."
    if latest.digest == digest:
        return BOUND, f"This is the content approved by {who}."
    return CHANGED, (
        f"This is not the content approved by {who}: that approval is of {short(latest.digest)}."
    )


def _change(event: Event) -> ChangeView:
    return ChangeView(
        event.date[:10], event.commit[:7], event.author, _what(event), _details(event)
    )


def _what(event: Event) -> str:
    if event.what == "created":
        status, risk = (event.status or (None, None))[1], (event.risk or (None, None))[1]
        return f"created ({', '.join(filter(None, (status, risk and f'{risk} risk')))})"
    if event.what != "changed":
        return event.what
    parts = []
    if event.status:
        parts.append(f"status {event.status[0] or '—'} → {event.status[1] or '—'}")
    if event.risk:
        parts.append(f"risk {event.risk[0] or '—'} → {event.risk[1] or '—'}")
    if parts:
        return "; ".join(parts)
    return "changed" if event.fields or event.approvals else "changed (layout or comments only)"


def _details(event: Event) -> tuple[str, ...]:
    details = [
        f"approved by {a.by}{f' ({a.role})' if a.role else ''} on {a.date}: "
        + (short(a.digest) if a.digest else "no digest")
        for a in event.approvals
    ]
    if event.fields:
        details.append("fields: " + ", ".join(event.fields))
    return tuple(details)

"""One card's history as a reader wants it: per commit that touched the card, who and when,
the status and risk transitions, the approvals recorded (who approved which digest), and the
fields that changed. From a CardHistory (history.py), with no git call of its own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from governance.cards.history import CardHistory, Change
from governance.cards.versions import ApprovalRecord, CardVersion

__all__ = ["Event", "approval_commits", "card_timeline"]

# Shown as transitions or approvals of their own, not among the changed fields.
OWN = {"status", "approvals"}


@dataclass(frozen=True)
class Event:
    commit: str
    date: str  # the author date, ISO 8601
    author: str
    what: str  # created, changed, moved, deleted, renamed (another id took its file)
    path: str
    status: tuple[str | None, str | None] | None  # (before, after) when it changed
    risk: tuple[str | None, str | None] | None
    approvals: tuple[ApprovalRecord, ...]  # recorded in this commit
    fields: tuple[str, ...]  # top-level keys changed, but for status and approvals
    digest: str | None  # of the approvable content after the commit


def card_timeline(history: CardHistory, card_id: str) -> tuple[Event, ...]:
    """Oldest first."""
    return tuple(_events(history.of(card_id), card_id))


def approval_commits(history: CardHistory, card_id: str) -> dict[ApprovalRecord, Event]:
    """Where each approval of the card was first committed."""
    found: dict[ApprovalRecord, Event] = {}
    for event in card_timeline(history, card_id):
        for record in event.approvals:
            found.setdefault(record, event)
    return found


def _events(changes: tuple[Change, ...], card_id: str) -> Iterator[Event]:
    """One event per commit: a move is a deletion and an addition in one commit."""
    by_commit: dict[str, list[Change]] = {}
    for change in changes:
        by_commit.setdefault(change.commit, []).append(change)
    for group in by_commit.values():
        before = next((c for c in group if _holds(c.before, card_id)), None)
        after = next((c for c in group if _holds(c.after, card_id)), None)
        yield _event(before, after, card_id)


def _holds(version: CardVersion | None, card_id: str) -> bool:
    return version is not None and version.id == card_id


def _event(left: Change | None, right: Change | None, card_id: str) -> Event:
    first = right or left
    assert first is not None  # a group holds the card on one side at least
    old = left.before if left else None
    new = right.after if right else None
    return Event(
        first.commit,
        first.date,
        first.author,
        _what(left, right, card_id),
        right.path if right else first.path,
        _transition(old.status if old else None, new.status if new else None),
        _transition(old.risk if old else None, new.risk if new else None),
        _added(old, new),
        _fields(old, new),
        new.digest if new else None,
    )


def _what(left: Change | None, right: Change | None, card_id: str) -> str:
    if left is None:
        return "created"
    if right is None:
        taken = left.after is not None and left.after.id not in (None, card_id)
        return "renamed" if taken else "deleted"
    return "moved" if left.path != right.path else "changed"


def _transition(before: str | None, after: str | None) -> tuple[str | None, str | None] | None:
    return None if before == after else (before, after)


def _added(old: CardVersion | None, new: CardVersion | None) -> tuple[ApprovalRecord, ...]:
    had = set(old.approvals) if old else set()
    return tuple(a for a in (new.approvals if new else ()) if a not in had)


def _fields(old: CardVersion | None, new: CardVersion | None) -> tuple[str, ...]:
    if old is None or new is None:
        return ()
    keys = (set(old.keys) | set(new.keys)) - OWN
    return tuple(sorted(k for k in keys if old.keys.get(k) != new.keys.get(k)))

"""What changed in each model card: status, risk rating, approvals, fields (dotted paths),
evaluations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from governance.cards.digest import content_digest
from governance.review.side import CardData, Side

# Shown on their own lines, not again among the changed fields.
OWN_LINES = ("status", "intended_uses.risk_rating", "evaluation_details", "approvals")


@dataclass(frozen=True)
class FieldChange:
    path: str
    before: Any  # None when absent
    after: Any


@dataclass(frozen=True)
class EvaluationChange:
    name: str
    change: str  # added, removed, changed
    passes_before: bool | None  # None: no side, or no thresholds
    passes_after: bool | None
    failing: tuple[str, ...]  # metrics outside their threshold after the change


@dataclass(frozen=True)
class ApprovalChange:
    """An approval added, changed (a role, a digest bound, notes) or removed: who signed off
    on what is what a code owner must see in a pull request."""

    change: str  # added, changed, removed
    by: str
    role: str
    date: str
    digest: str | None  # what it approves (None: unbound)
    matches: bool | None  # the digest is the head's content (None: no digest, or removed)


@dataclass(frozen=True)
class CardChange:
    id: str
    file: str
    change: str  # added, removed, changed, or "not loaded" when that side has errors
    status_before: str | None = None
    status_after: str | None = None
    risk_before: str | None = None
    risk_after: str | None = None
    fields: tuple[FieldChange, ...] = ()
    evaluations: tuple[EvaluationChange, ...] = ()
    approvals: tuple[ApprovalChange, ...] = ()


def card_changes(base: Side, head: Side) -> list[CardChange]:
    changes = []
    for card_id in sorted(base.cards.keys() | head.cards.keys()):
        old, new = base.cards.get(card_id), head.cards.get(card_id)
        if old is not None and new is not None and old.data == new.data:
            continue
        changes.append(_change(card_id, old, new, base, head))
    return changes


def _change(
    card_id: str, old: CardData | None, new: CardData | None, base: Side, head: Side
) -> CardChange:
    file = (new or old).file  # type: ignore[union-attr]  # one of them exists
    if (new is None and file in head.unloaded) or (old is None and file in base.unloaded):
        return CardChange(card_id, file, "not loaded")  # errors on that side: not a removal
    change = "added" if old is None else "removed" if new is None else "changed"
    before, after = _flat(old.data if old else {}), _flat(new.data if new else {})
    fields = tuple(
        FieldChange(path, before.get(path), after.get(path))
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path) and not path.startswith(OWN_LINES)
    )
    return CardChange(
        card_id,
        file,
        change,
        old.status if old else None,
        new.status if new else None,
        old.risk_rating if old else None,
        new.risk_rating if new else None,
        fields if change == "changed" else (),
        _evaluations(old, new),
        _approvals(old, new),
    )


def _approvals(old: CardData | None, new: CardData | None) -> tuple[ApprovalChange, ...]:
    """Matched by approver and date: a digest added to an approval is a change of it."""
    before, after = _approvals_by_key(old), _approvals_by_key(new)
    current = content_digest(new.data) if new is not None else None
    rows = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        item = now or was or {}
        change = "added" if was is None else "removed" if now is None else "changed"
        digest = item.get("digest") if isinstance(item.get("digest"), str) else None
        matches = None if digest is None or now is None else digest == current
        role, date = str(item.get("role", "")), str(item.get("date", ""))
        rows.append(ApprovalChange(change, str(item.get("by", "")), role, date, digest, matches))
    return tuple(rows)


def _approvals_by_key(card: CardData | None) -> dict[tuple[str, str, int], Mapping[str, Any]]:
    """The n-th approval by one person on one day is one key (the same person may sign twice)."""
    found: dict[tuple[str, str, int], Mapping[str, Any]] = {}
    raw = card.data.get("approvals", []) if card else []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, Mapping):
            by, date = str(item.get("by", "")), str(item.get("date", ""))
            n = sum(1 for k in found if k[:2] == (by, date))
            found[(by, date, n)] = item
    return found


def _flat(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    return dict(_leaves(data, prefix))


def _leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Dotted paths to scalars and scalar lists; lists of mappings by index (`approvals[0].by`)."""
    if isinstance(value, Mapping):
        for key in value:
            yield from _leaves(value[key], f"{path}.{key}" if path else str(key))
    elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def _evaluations(old: CardData | None, new: CardData | None) -> tuple[EvaluationChange, ...]:
    before, after = _by_name(old), _by_name(new)
    rows = []
    for name in sorted(before.keys() | after.keys()):
        was, now = before.get(name), after.get(name)
        if was == now:
            continue
        change = "added" if was is None else "removed" if now is None else "changed"
        failing = tuple(_failing(now)) if now else ()
        rows.append(EvaluationChange(name, change, _passes(was), _passes(now), failing))
    return tuple(rows)


def _by_name(card: CardData | None) -> dict[str, Mapping[str, Any]]:
    evaluations = card.data.get("evaluation_details", []) if card else []
    return {str(e.get("name", f"#{i + 1}")): e for i, e in enumerate(evaluations)}


def _passes(evaluation: Mapping[str, Any] | None) -> bool | None:
    """Whether every threshold of the evaluation holds; None without thresholds."""
    if evaluation is None or not any(True for _ in _thresholded(evaluation)):
        return None
    return not any(True for _ in _failing(evaluation))


def _thresholded(evaluation: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for group in evaluation.get("metric_groups", []):
        for metric in group.get("metric_data", []):
            if isinstance(metric, Mapping) and metric.get("threshold"):
                yield metric


def _failing(evaluation: Mapping[str, Any]) -> Iterator[str]:
    """Metrics outside their threshold, as CRD005 judges them (a non-number value fails)."""
    for metric in _thresholded(evaluation):
        value, limits = metric.get("value"), metric["threshold"]
        low, high = limits.get("min"), limits.get("max")
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or (low is not None and value < low) or (high is not None and value > high):
            where = f" ({metric['slice']})" if metric.get("slice") else ""
            yield f"{metric.get('name', '?')}{where}: {value}"

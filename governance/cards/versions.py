"""A committed version of a card file, summed up for its history: what the lifecycle rules
and the history tables read (id, status, risk, approvals, a digest per top-level key and of
the approvable content), small enough to cache by blob id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from governance.cards.digest import content_digest, key_digests
from governance.source import load_yaml_bytes

__all__ = ["ApprovalRecord", "CardVersion", "Row", "summarize", "summarize_data"]

# A history row: commit, author date, author, path from the governance root, blob ids before
# and after (None: added, deleted).
Row = tuple[str, str, str, str, "str | None", "str | None"]


@dataclass(frozen=True)
class ApprovalRecord:
    by: str
    role: str
    date: str
    digest: str | None


@dataclass(frozen=True)
class CardVersion:
    """One committed version of a card file, summed up; `id` None when it did not load as a
    card (a syntax error, a list at the top)."""

    id: str | None
    status: str | None
    risk: str | None
    approvals: tuple[ApprovalRecord, ...]
    keys: Mapping[str, str] = field(compare=False)  # top-level key -> digest of its value
    digest: str | None = None  # of the approvable content

    def to_json(self) -> list[Any]:
        approvals = [[a.by, a.role, a.date, a.digest] for a in self.approvals]
        return [self.id, self.status, self.risk, approvals, dict(self.keys), self.digest]

    @classmethod
    def from_json(cls, raw: list[Any]) -> CardVersion:
        card_id, status, risk, approvals, keys, digest = raw
        records = tuple(ApprovalRecord(*a) for a in approvals)
        return cls(card_id, status, risk, records, keys, digest)


def summarize(raw: bytes, path: str) -> CardVersion:
    return summarize_data(load_yaml_bytes(raw, path).data)


def summarize_data(data: Any) -> CardVersion:
    """The summary of data the strict loader gave (a version parsed already: the card in the
    working tree that is also the committed one)."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return CardVersion(None, None, None, (), {}, None)
    uses = data.get("intended_uses")
    risk = uses.get("risk_rating") if isinstance(uses, dict) else None
    return CardVersion(
        data["id"],
        _text(data.get("status")),
        _text(risk),
        tuple(_approvals(data.get("approvals"))),
        key_digests(data),
        content_digest(data),
    )


def _approvals(raw: Any) -> Iterable[ApprovalRecord]:
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict):
            yield ApprovalRecord(
                str(item.get("by", "")),
                str(item.get("role", "")),
                str(item.get("date", "")),
                _text(item.get("digest")),
            )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None

"""`mlgov cards approve`: an approval recorded in the card with the digest of what it approves,
and the status the workflow then allows (Draft -> PendingReview -> Approved -> Archived).

- A Draft is not ready to approve: it goes to review first. An Archived card is a record.
- PendingReview becomes Approved once an approval of this very content comes from someone
  other than the owner (four eyes, as CRD001 asks); an owner's own approval is recorded and
  the card stays in review.
- An Approved card approved again (after a change, CRD008) stays Approved, bound anew.

The file is edited in place (cards/yaml_edit.py): comments and layout stay; the result is
loaded back and checked before it is written, atomically, over the file as it was read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance import schemas
from governance.cards.digest import content_digest
from governance.cards.importing import Plan
from governance.cards.update import load_card, updated
from governance.findings import MlgovError, Severity

__all__ = ["Approval", "plan_approval"]


@dataclass(frozen=True)
class Approval:
    """What approving would do: the file's new bytes, and what to tell the approver."""

    plan: Plan
    card_id: str
    digest: str
    status_before: str
    status_after: str
    waiting: str  # why it stays in review, or ""


def plan_approval(
    path: Path,
    display: str,
    by: str,
    role: str,
    date: datetime.date,
    notes: str | None = None,
    today: datetime.date | None = None,
) -> Approval:
    raw = _read(path, display)
    doc = load_card(raw, display)
    errors = [f for f in schemas.validate("card", doc) if f.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        where = f"{first.file}:{first.line}:{first.column}"
        raise MlgovError(f"cannot approve {display}: {where}: {first.message} (fix it first)")
    data: dict[str, Any] = doc.data or {}
    _refuse(data, display, by, role, date, today)
    digest = content_digest(data)
    if any(a.get("by") == by and a.get("digest") == digest for a in data.get("approvals", [])):
        raise MlgovError(f"{by} has approved this content of {data['id']} already")
    record = {"by": by, "role": role, "date": date.isoformat(), "digest": digest}
    if notes:
        record["notes"] = notes
    approvals = [*data.get("approvals", []), record]
    status, waiting = _next_status(data, approvals, digest)

    def change(card: dict[str, Any]) -> dict[str, Any]:
        return {**card, "status": status, "approvals": approvals}

    new = updated(raw, display, change)
    plan = Plan(path, display, raw, new, ())
    return Approval(plan, data["id"], digest, data["status"], status, waiting)


def _refuse(
    data: dict[str, Any],
    display: str,
    by: str,
    role: str,
    date: datetime.date,
    today: datetime.date | None,
) -> None:
    status, card_id = data["status"], data["id"]
    if status == "Draft":
        raise MlgovError(
            f"{card_id} is a Draft: submit it for review first (set `status: PendingReview` in "
            f"{display} and have the change reviewed), then approve it"
        )
    if status == "Archived":
        raise MlgovError(f"{card_id} is Archived: it is the record of a retired model")
    contacts = [c.get("name") for c in data.get("contacts", [])]
    if by not in contacts:
        known = ", ".join(str(c) for c in contacts) or "none"
        raise MlgovError(
            f"{by!r} is not among the contacts of {card_id} ({known}): add them to `contacts` "
            "(name, email, role), so an approval names someone reachable"
        )
    if not role.strip():
        raise MlgovError("--role is empty: name the approver's role (e.g. Model Risk Officer)")
    if today is not None and date > today:
        raise MlgovError(f"--date {date} is after today ({today}): approvals are not pre-dated")


def _next_status(data: dict[str, Any], approvals: list[Any], digest: str) -> tuple[str, str]:
    if data["status"] == "Approved":
        return "Approved", ""
    owner = data.get("owner")
    four_eyes = any(a.get("digest") == digest and a.get("by") != owner for a in approvals)
    if four_eyes:
        return "Approved", ""
    return "PendingReview", f"an approval by someone other than the owner ({owner}) is needed"


def _read(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise MlgovError(f"{display}: cannot read: {error.strerror}") from error

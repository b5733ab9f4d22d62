"""What changed in who may use Studio as which persona: user profiles added, removed, or moved
to another persona (its role, and so its permissions, change with it)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from governance.review.side import ProfileData, Side

ProfileChangeKind = Literal["added", "removed", "moved"]


@dataclass(frozen=True)
class ProfileChange:
    domain: str
    name: str
    change: ProfileChangeKind
    persona_before: str | None
    persona_after: str | None
    file: str


def profile_changes(base: Side, head: Side) -> Iterator[ProfileChange]:
    """Sorted by domain and name. A profile in a file that did not load on one side is not
    compared: that side's findings say why, and "removed" would be a false alarm."""
    for key in sorted(set(base.profiles) | set(head.profiles)):
        before, after = base.profiles.get(key), head.profiles.get(key)
        if _unloaded(before, head) or _unloaded(after, base):
            continue
        change = _change(before, after)
        if change is None:
            continue
        known = after or before
        assert known is not None  # the key came from one of the sides
        yield ProfileChange(
            known.domain,
            known.name,
            change,
            before.persona if before else None,
            after.persona if after else None,
            known.file,
        )


def _change(before: ProfileData | None, after: ProfileData | None) -> ProfileChangeKind | None:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    return "moved" if before.persona != after.persona else None


def _unloaded(profile: ProfileData | None, other: Side) -> bool:
    return profile is not None and profile.file in other.unloaded

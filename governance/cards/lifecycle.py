"""What the lifecycle rules know of the cards' past: the version in which each card became
Archived, which it must equal for ever. Found in the git history of the commit being checked;
where that history is cut off (a shallow clone), in the base ref being compared against (a
review's base, `lint --baseline`), and the finding says which was used."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from governance.cards.gitlog import GitSource, blob_id, is_ancestor
from governance.cards.history import CardHistory, load_history, versions_at
from governance.cards.versions import CardVersion, summarize_data

__all__ = ["Frozen", "Lineage"]

ARCHIVED = "Archived"
SHALLOW = "the clone is shallow; fetch its full history (`fetch-depth: 0`) to check against it"


@dataclass(frozen=True)
class Frozen:
    """An Archived card as it must stay."""

    card_id: str
    path: str  # from the governance root, where it was archived
    version: CardVersion
    commit: str
    where: str  # for messages: "in commit 1a2b3c4", "at main (1a2b3c4)"


class Lineage:
    """The history of one governance root's cards at one commit (`source`; None outside git)
    and, optionally, a base commit to fall back on; computed on first use, once."""

    def __init__(
        self,
        source: GitSource | None,
        cards_folder: str,
        base: GitSource | None = None,
        cached: bool = True,
        parsed: Iterable[tuple[Path, Any]] = (),
    ) -> None:
        """`parsed`: the checked tree's card files and the data loaded from them, which are
        mostly the committed versions too: those need not be parsed again."""
        self.source, self.cards_folder, self.base, self.cached = source, cards_folder, base, cached
        self.parsed = tuple(parsed)

    @cached_property
    def history(self) -> CardHistory | None:
        if self.source is None:
            return None
        return load_history(self.source, self.cards_folder, self.cached, self._seeds)

    def _seeds(self, length: int) -> dict[str, CardVersion]:
        seeds = {}
        for path, data in self.parsed:
            try:
                seeds[blob_id(path.read_bytes(), length)] = summarize_data(data)
            except OSError:
                continue  # gone meanwhile: read from git instead
        return seeds

    @cached_property
    def archived(self) -> dict[str, Frozen]:
        """By card id: every card that has been Archived."""
        history = self.history
        found = _from_history(history) if history is not None else {}
        base = self.base
        if base is None or base.commit is None:
            return found
        shallow = history is None or history.source.shallow
        if not shallow and self.source is not None and is_ancestor(self.source, base):
            return found  # the history holds the base's cards already
        known = dict(history.versions) if history is not None else {}
        if self.parsed:
            known.update(self._seeds(len(base.commit)))
        at_base = _from_base(base, self.cards_folder, known)
        # A full history knows better than the base; a cut-off one knows less.
        return {**found, **at_base} if shallow else {**at_base, **found}

    @property
    def note(self) -> str | None:
        """What a person should know about how Archived cards were checked, if anything."""
        if self.source is None or not self.source.shallow:
            return None
        if self.base is not None:
            return (
                f"Archived cards were compared with {self.base.label} rather than with their "
                f"history: {SHALLOW}"
            )
        return f"Archived cards were compared with the commits this clone has: {SHALLOW}"


def _from_history(history: CardHistory) -> dict[str, Frozen]:
    """The first version of each card with status Archived, oldest first."""
    shallow = " (of the shallow history)" if history.source.shallow else ""
    found: dict[str, Frozen] = {}
    for change in history.changes:
        after = change.after
        if after is None or after.id is None or after.status != ARCHIVED or after.id in found:
            continue
        where = f"in commit {change.commit[:7]}{shallow}"
        found[after.id] = Frozen(after.id, change.path, after, change.commit, where)
    return found


def _from_base(
    base: GitSource, cards_folder: str, known: dict[str, CardVersion]
) -> dict[str, Frozen]:
    versions = versions_at(base, cards_folder, known) or {}
    commit = base.commit or ""
    where = f"at {base.label} ({commit[:7]})" if base.label != commit else f"at {commit[:7]}"
    return {
        v.id: Frozen(v.id, path, v, commit, where)
        for path, v in sorted(versions.items())
        if v.id is not None and v.status == ARCHIVED
    }

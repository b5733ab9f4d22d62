"""Each card's history from git: every committed version of every card file, summed up (id,
status, risk, approvals, a digest per top-level key and of the approvable content), from one
`git log` over the cards folder and one `git cat-file --batch` for the versions not seen
before. Cards are followed by their id, not their file name, so a card moved to another file
is the same card and a card whose id changed is another one.

The history of a commit never changes, so it is cached by commit (history_cache.py): a build
on an unchanged HEAD runs no `git log` at all, and a new commit parses only the versions it
brings. A shallow clone's history is cut off: it is read, never cached, and says so
(`source.shallow`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from governance.cards.gitlog import GitSource, LoggedChange, blobs, cards_at, log
from governance.cards.history_cache import HistoryCache
from governance.cards.versions import ApprovalRecord, CardVersion, Row, summarize

__all__ = [
    "ApprovalRecord",
    "CardHistory",
    "CardVersion",
    "Change",
    "load_history",
    "versions_at",
]


@dataclass(frozen=True)
class Change:
    """A card file changed by a commit: `before` None when it was added, `after` None when it
    was deleted."""

    commit: str
    date: str  # the author date, ISO 8601
    author: str
    path: str  # from the governance root
    before: CardVersion | None
    after: CardVersion | None


@dataclass(frozen=True)
class CardHistory:
    source: GitSource
    changes: tuple[Change, ...]  # oldest first (parents before children)
    # Every version in it, by blob id: another commit's cards are mostly among them.
    versions: Mapping[str, CardVersion] = field(default_factory=dict, compare=False)

    def of(self, card_id: str) -> tuple[Change, ...]:
        """The changes to files that held the card before or after."""
        return self._by_id.get(card_id, ())

    @property
    def _by_id(self) -> dict[str, tuple[Change, ...]]:
        index = self.__dict__.get("_index")
        if index is None:
            grouped: dict[str, list[Change]] = {}
            for change in self.changes:
                ids = {v.id for v in (change.before, change.after) if v is not None and v.id}
                for card_id in ids:
                    grouped.setdefault(card_id, []).append(change)
            index = {k: tuple(v) for k, v in grouped.items()}
            object.__setattr__(self, "_index", index)  # computed once, on first use
        return index

    def last_commit(self, path: str) -> Change | None:
        """The newest change of the file at `path` (from the governance root)."""
        index = self.__dict__.get("_last")
        if index is None:
            index = {change.path: change for change in self.changes}  # the newest stays
            object.__setattr__(self, "_last", index)
        return index.get(path)


# Summaries of versions parsed already, by blob id, for a blob id length (40 or 64).
Seeds = Callable[[int], Mapping[str, CardVersion]]


def load_history(
    source: GitSource, cards_folder: str, cached: bool = True, seeds: Seeds | None = None
) -> CardHistory | None:
    """The history of the cards folder (relative to the governance root) up to the source's
    commit; None when git cannot give it. `seeds`: versions parsed already (the checked
    tree's cards), which need not be read from git and parsed again."""
    folder = source.folder(cards_folder)
    if folder is None:
        return None
    cache = HistoryCache.open(source, folder) if cached and not source.shallow else None
    rows = cache.rows(source.commit) if cache and source.commit else None
    if rows is None:
        logged = log(source, folder)
        if logged is None:
            return None
        rows = [_row(c, source.prefix) for c in reversed(logged) if _in_folder(c.path, folder)]
    seen = {sha: row[3] for row in rows for sha in row[4:] if sha}
    versions = _summaries(source, seen, cache, seeds)
    changes = tuple(
        Change(commit, date, author, path, versions.get(before or ""), versions.get(after or ""))
        for commit, date, author, path, before, after in rows
    )
    if cache is not None and source.commit:
        cache.remember(source.commit, rows, versions)
        cache.save()
    return CardHistory(source, changes, versions)


def versions_at(
    source: GitSource, cards_folder: str, known: Mapping[str, CardVersion] | None = None
) -> dict[str, CardVersion] | None:
    """Each card file at the source's commit, by path from the governance root (a review's
    base, where history is too short to tell); `known`: versions summed up already, by blob
    id (another history's), which are not read again."""
    folder = source.folder(cards_folder)
    found = cards_at(source, folder) if folder is not None else None
    if found is None:
        return None
    wanted = {sha: path for path, sha in found.items() if _in_folder(path, folder or "")}
    versions = _summaries(source, wanted, None, lambda _: known or {})
    return {
        _relative(path, source.prefix): versions[sha]
        for sha, path in wanted.items()
        if sha in versions
    }


def _row(change: LoggedChange, prefix: str) -> Row:
    path = _relative(change.path, prefix)
    return (change.commit, change.date, change.author, path, change.before, change.after)


def _relative(path: str, prefix: str) -> str:
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path


def _in_folder(path: str, folder: str) -> bool:
    """A card file is a `.yaml` file directly in the cards folder, as Repository.load reads."""
    parent, _, name = path.rpartition("/")
    return parent == folder and name.endswith(".yaml")


def _summaries(
    source: GitSource,
    wanted: Mapping[str, str],
    cache: HistoryCache | None,
    seeds: Seeds | None = None,
) -> dict[str, CardVersion]:
    """The summary of each blob (id -> the path it was seen at, for messages), from the cache
    where it has them, else from the seeds, else read from git in one batch."""
    found = {sha: v for sha in wanted if cache and (v := cache.version(sha)) is not None}
    missing = [sha for sha in wanted if sha not in found]
    if missing and seeds is not None:
        seeded = seeds(len(missing[0]))
        found.update({sha: seeded[sha] for sha in missing if sha in seeded})
        missing = [sha for sha in missing if sha not in found]
    for sha, raw in blobs(source, missing).items():
        found[sha] = summarize(raw, wanted[sha])
    return found

"""The card-history cache: per cards folder of a repository, the history of the last few
commits asked for (a review asks for its base and its head) and the summary of every version
they hold, keyed by blob id. A commit's history never changes and a blob id names its bytes,
so an entry is never stale; a changed mlgov (loader, digest or history code) is a new
fingerprint and starts afresh. JSON beside the document cache, outside the repository; a
missing, damaged or unwritable file is an empty cache, and MLGOV_NO_CACHE turns it off."""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from governance.atomic import write_atomic
from governance.cache.fingerprint import loader_fingerprint
from governance.cache.location import cache_disabled, cache_folder
from governance.cards.versions import CardVersion, Row

if TYPE_CHECKING:
    from governance.cards.gitlog import GitSource

FORMAT = 1
HEADS = 4  # commits kept: a review's two sides, and a little more
CODE = ("digest.py", "gitlog.py", "history.py", "history_cache.py", "versions.py")


@cache
def fingerprint() -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{loader_fingerprint()}".encode())
    for name in CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


@dataclass
class HistoryCache:
    file: Path
    heads: dict[str, list[Any]]  # commit -> rows, oldest first
    versions: dict[str, list[Any]]  # blob id -> CardVersion.to_json()
    changed: bool = False
    decoded: dict[str, CardVersion] = field(default_factory=dict)

    @classmethod
    def open(cls, source: GitSource, folder: str) -> HistoryCache | None:
        """None when caching is off or has nowhere to live."""
        base = cache_folder()
        if cache_disabled() or base is None:
            return None
        try:
            key = hashlib.sha256(os.fsencode(source.top.resolve()) + b"\0" + folder.encode())
            name, stamp = key.hexdigest()[:32], fingerprint()
        except OSError:
            return None
        file = base / f"history-{name}.json"
        content = _read(file)
        if content.get("fingerprint") != stamp:
            return cls(file, {}, {})
        return cls(file, dict(content.get("heads", {})), dict(content.get("versions", {})))

    def rows(self, commit: str) -> list[Row] | None:
        found = self.heads.get(commit)
        if not isinstance(found, list):
            return None
        try:
            return [(c, d, a, p, b, f) for c, d, a, p, b, f in found]
        except (TypeError, ValueError):
            return None  # damaged: read from git again

    def version(self, blob: str) -> CardVersion | None:
        raw = self.versions.get(blob)
        if raw is None:
            return None
        try:
            return CardVersion.from_json(raw)
        except (TypeError, ValueError):
            return None

    def remember(self, commit: str, rows: list[Row], versions: dict[str, CardVersion]) -> None:
        """The commit's rows, newest of the kept heads; versions of heads dropped go too."""
        known = self.heads.pop(commit, None)
        self.heads[commit] = [list(r) for r in rows]
        while len(self.heads) > HEADS:
            self.heads.pop(next(iter(self.heads)))
        used = {sha for rows_ in self.heads.values() for row in rows_ for sha in row[4:] if sha}
        for sha, version in versions.items():
            entry = version.to_json()
            if self.versions.get(sha) != entry:  # new, or damaged
                self.versions[sha] = entry
                self.changed = True
        stale = [sha for sha in self.versions if sha not in used]
        for sha in stale:
            del self.versions[sha]
        self.changed = self.changed or known is None or bool(stale)

    def save(self) -> None:
        if not self.changed:
            return
        content = {"fingerprint": fingerprint(), "heads": self.heads, "versions": self.versions}
        with contextlib.suppress(OSError, TypeError):
            write_atomic(self.file, orjson.dumps(content), durable=False)
        self.changed = False


def _read(file: Path) -> dict[str, Any]:
    try:
        content = orjson.loads(file.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(content, dict):
        return {}
    if not isinstance(content.get("heads"), dict) or not isinstance(content.get("versions"), dict):
        return {}
    return content

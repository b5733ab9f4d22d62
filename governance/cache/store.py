"""The cache file: entries by key, read once, written back atomically with only the entries
this run used or added (so it never grows with files long gone)."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from governance.atomic import write_atomic
from governance.cache.codec import Checked, Entry, encode
from governance.cache.fingerprint import loader_fingerprint
from governance.cache.location import cache_disabled, cache_file

FORMAT = 1
Origin = tuple[str, str, bytes]  # path relative to the root, kind, bytes: what a key hashes


@dataclass(frozen=True)
class CacheDelta:
    """What one load did with its copy of the cache (a review's worker sends it back)."""

    used: frozenset[str]
    added: dict[str, Entry]


@dataclass
class DocumentCache:
    file: Path
    fingerprint: str
    stored: dict[str, Any]  # as read: entries are checked when decoded
    used: set[str] = field(default_factory=set)  # stored entries served this run
    fresh: dict[str, Checked] = field(default_factory=dict)  # loaded this run, not encoded yet
    origins: dict[str, Origin] = field(default_factory=dict)  # of the fresh ones
    added: dict[str, Entry] = field(default_factory=dict)  # encoded, new or changed

    def key(self, display: str, kind: str, raw: bytes) -> str:
        """hash(loader fingerprint, path relative to the root, kind, bytes)."""
        head = f"{self.fingerprint}\0{display}\0{kind}\0".encode("utf-8", "surrogateescape")
        return hashlib.sha256(head + raw).hexdigest()

    def get(self, key: str) -> Any:
        return self.added.get(key) or self.stored.get(key)

    def keep(self, key: str, served: Checked) -> None:
        """The entry served stays in the file. One without positions (a JSON file's, which
        are computed only when a finding needs them) is encoded again when written, in case
        this run computed them."""
        self.used.add(key)
        entry = self.get(key)
        if isinstance(entry, list) and len(entry) == 2 and entry[1] is None:
            self.fresh[key] = served

    def put(self, key: str, checked: Checked, origin: Origin) -> None:
        """Encoded when written, not now: positions a later finding computes are kept too."""
        self.fresh[key] = checked
        self.origins[key] = origin

    def delta(self, left_to_parent: Callable[[Origin], bool] | None = None) -> CacheDelta:
        """What to send back; without the fresh entries `left_to_parent` says the receiving
        process loads too (encoding and sending a thousand entries twice took longer than
        loading them)."""
        if left_to_parent is not None:
            for key in [k for k, origin in self.origins.items() if left_to_parent(origin)]:
                self.fresh.pop(key, None)
        self.encode_pending()
        return CacheDelta(frozenset(self.used), dict(self.added))

    def merge(self, delta: CacheDelta) -> None:
        self.used |= delta.used
        self.added.update(delta.added)

    def save(self) -> None:
        """Write the used and added entries, if that changes the file; silently not at all
        when it cannot be written (the next run loads afresh, as this one would have)."""
        self.encode_pending()
        kept = {k: v for k, v in self.stored.items() if k in self.used}
        if not self.added and len(kept) == len(self.stored):
            return
        kept.update(self.added)
        content = {"format": FORMAT, "fingerprint": self.fingerprint, "entries": kept}
        with contextlib.suppress(OSError, ValueError, TypeError):
            write_atomic(self.file, _dumps(content), durable=False)

    def encode_pending(self) -> None:
        """Encode what this run loaded (save and delta do it too; a review's parent does it
        while its worker finishes)."""
        for key, checked in self.fresh.items():
            entry = encode(*checked)
            if entry is not None and entry == self.stored.get(key):
                self.used.add(key)
            elif entry is not None:
                self.added[key] = entry
        self.fresh.clear()
        self.origins.clear()


def open_cache(root: Path, disabled: bool = False) -> DocumentCache | None:
    """The cache of governance root `root` (empty when there is none yet or it is unreadable);
    None when caching is off or has nowhere to live."""
    if cache_disabled(disabled):
        return None
    file = cache_file(root)
    if file is None:
        return None
    try:
        fingerprint = loader_fingerprint()
    except OSError:  # the package's own files unreadable: no safe key, no cache
        return None
    return DocumentCache(file, fingerprint, _read(file, fingerprint))


def _read(file: Path, fingerprint: str) -> dict[str, Any]:
    try:
        content = orjson.loads(file.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        return {}
    entries = content.get("entries")
    if content.get("fingerprint") != fingerprint or not isinstance(entries, dict):
        return {}
    return entries


def _dumps(content: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(content)
    except orjson.JSONEncodeError:  # text orjson refuses (a lone surrogate): json keeps it
        return json.dumps(content).encode()

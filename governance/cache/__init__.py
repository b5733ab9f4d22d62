"""A persistent cache of loaded documents, the way ruff and mypy cache: a file whose bytes, path
and kind are unchanged (and mlgov's loader with them) is not parsed and validated again.

Entries are JSON, never pickle: the cache must not be a way to run code. It lives outside the
repository (location.py), one file per governance root; a missing, corrupt or unwritable cache
is an empty one, and `--no-cache` or MLGOV_NO_CACHE=1 turns it off."""

from __future__ import annotations

from governance.cache.loading import Checked, checked_bytes, load_checked
from governance.cache.location import cache_disabled, cache_file
from governance.cache.store import CacheDelta, DocumentCache, open_cache

__all__ = [
    "CacheDelta",
    "Checked",
    "DocumentCache",
    "cache_disabled",
    "cache_file",
    "checked_bytes",
    "load_checked",
    "open_cache",
]

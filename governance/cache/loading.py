"""Loading a file with its schema findings, through the cache when there is one."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from governance import schemas
from governance.cache.codec import Checked, decode
from governance.cache.store import DocumentCache
from governance.source import Document
from governance.source.files import Loader, loader_for, read_source


def load_checked(
    path: Path,
    display: str,
    kind: str,
    cache: DocumentCache | None,
    boundary: Path | None = None,
) -> Checked:
    """load_path(path, display, boundary) and its schema findings as `kind`."""
    raw = read_source(path, display, boundary)
    if isinstance(raw, Document):  # unreadable or too large: nothing to key an entry by
        return raw, schemas.validate(kind, raw)
    return checked_bytes(raw, display, kind, loader_for(path), cache)


def checked_bytes(
    raw: bytes, display: str, kind: str, loader: Loader, cache: DocumentCache | None
) -> Checked:
    """`loader(raw, display)` and its schema findings as `kind` (none for a kind without a
    schema, such as "builtin" or "compiled")."""
    if cache is None:
        return _fresh(raw, display, kind, loader)
    key = cache.key(display, kind, raw)
    stored = cache.get(key)
    if stored is not None:
        # a partial, not a lambda: documents served from the cache go to PDF worker processes
        hit = decode(stored, display, partial(loader, raw, display))
        if hit is not None:
            cache.keep(key, hit)
            return hit
    checked = _fresh(raw, display, kind, loader)
    cache.put(key, checked, (display, kind, raw))
    return checked


def _fresh(raw: bytes, display: str, kind: str, loader: Loader) -> Checked:
    doc = loader(raw, display)
    return doc, schemas.validate(kind, doc) if kind in schemas.KINDS else []

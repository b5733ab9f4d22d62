"""Writing the generated pages: only files whose bytes changed are rewritten (so mtimes tell
what changed, and a watcher rebuilds only for real changes); files no longer generated go."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_pages(out: Path, pages: Mapping[str, str]) -> WriteReport:
    """`out` belongs to site_builder: every file in it that is not in `pages` is stale."""
    written, unchanged = [], []
    for rel in sorted(pages):
        target = out / rel
        data = pages[rel].encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(rel)
    removed = _remove_stale(out, set(pages))
    return WriteReport(tuple(written), tuple(unchanged), removed)


def _remove_stale(out: Path, keep: set[str]) -> tuple[str, ...]:
    removed = []
    for path in sorted(out.rglob("*"), reverse=True):  # children before their folders
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in keep:
            path.unlink()
            removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return tuple(sorted(removed))

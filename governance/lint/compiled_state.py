"""Whether the repository's compiled/ folder is what `mlgov compile` writes now (CMP005)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from governance.codes import CMP005
from governance.findings import Finding
from governance.iam.bundle import RoleBundle
from governance.iam.output import bundle_files
from governance.repository import Repository

__all__ = ["stale_compiled"]


def stale_compiled(repo: Repository, bundles: list[RoleBundle]) -> Iterator[Finding]:
    """One warning per persona whose compiled folder differs, when the repository keeps a
    compiled/ folder at all (one that never ran `mlgov compile` has nothing out of date)."""
    root = repo.root / repo.config.compiled
    if not root.is_dir():
        return
    for bundle in bundles:
        folder = root / bundle.persona_id
        differ = [
            name for name, text in bundle_files(bundle).items() if _read(folder / name) != text
        ]
        if not differ:
            continue
        doc = repo.personas[bundle.persona_id].origin.doc
        shown = f"{repo.config.compiled}/{bundle.persona_id}/"
        what = (
            "is missing"
            if len(differ) == len(bundle_files(bundle))
            else (f"differs in {', '.join(differ)}")
        )
        yield doc.finding(
            CMP005,
            ("id",),
            f"{shown} {what}: it is not what `mlgov compile` writes now; findings are placed "
            "at the lines they come from, and name the compiled policy as it would be written",
            "run `mlgov compile` and commit compiled/",
        )


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None

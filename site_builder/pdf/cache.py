"""The PDF cache: `build/pdf-cache/<key>.pdf`. A card's key hashes its content (the parsed
document), its git revision and what else its PDF shows (the standing of its approvals, its
git history, its monitoring state: documents.CardExtras) with the renderer's fingerprint:
the template version, mlgov's and WeasyPrint's versions and the bytes of the code and
templates that make PDFs (so a changed template or chart re-renders everything, even in a
development checkout where the version stays the same). An unchanged card finds its PDF
without being rendered, or even turned into HTML. The summary, which draws on every card and
persona, is keyed by its HTML instead."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from governance import __version__ as MLGOV_VERSION
from governance.cards.model import Card
from site_builder.pdf.documents import TEMPLATE_VERSION, CardExtras
from site_builder.pdf.revision import Revision


@cache
def fingerprint() -> str:
    from weasyprint import __version__ as weasyprint_version

    digest = hashlib.sha256(f"{TEMPLATE_VERSION}\0{MLGOV_VERSION}\0{weasyprint_version}".encode())
    for path in _code_files():
        digest.update(path.encode() + b"\0")
        digest.update(resources.files("site_builder").joinpath(path).read_bytes())
    return digest.hexdigest()


# What a card's PDF is made by: this package, the views and charts it shares with the site, the
# sanitiser and the print templates. (Not the site's page code: editing it re-renders nothing.)
CODE = ("pdf", "views", "svg", "templates/print", "prose.py", "escape.py", "templating.py")
KEEP = {".py", ".j2", ".css"}


def _code_files() -> list[str]:
    root = Path(str(resources.files("site_builder")))
    found: list[Path] = []
    for part in CODE:
        path = root / part
        found += [path] if path.is_file() else [p for p in path.rglob("*") if p.suffix in KEEP]
    return sorted(p.relative_to(root).as_posix() for p in found)


def card_key(card: Card, revision: Revision, extras: CardExtras) -> str:
    """Everything the card's PDF shows: the card, its revision, and its extras (approvals'
    standing, git history, monitoring state)."""
    content = json.dumps(card.data, sort_keys=True, default=str, ensure_ascii=False)
    shown = json.dumps(dataclasses.asdict(extras), sort_keys=True, default=str, ensure_ascii=False)
    return _hash(
        fingerprint(), card.origin.doc.path, revision.label, revision.date or "", content, shown
    )


def html_key(html: str) -> str:
    return _hash(fingerprint(), html)


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{key}.pdf"


def prune(cache_dir: Path, keep: Iterable[str]) -> int:
    """Removes entries this build did not use (and leftovers of interrupted renders), so the
    cache holds one PDF per current document instead of growing with every edit."""
    wanted = {f"{k}.pdf" for k in keep}
    removed = 0
    for path in cache_dir.iterdir():
        if path.is_file() and path.name not in wanted:
            path.unlink()
            removed += 1
    return removed

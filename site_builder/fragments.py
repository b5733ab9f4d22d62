"""HTML blocks kept out of mkdocs' Markdown pass, and put into the built pages afterwards.

Python-Markdown reads every raw HTML block of a page with `html.parser`, and mkdocs reads it a
second time looking for anchors. The model pages are mostly HTML (tables, inline SVG charts and
lineage), so at 1,000 cards that parsing was half of the site's build time. A block that search
does not need is therefore written into the Markdown as a placeholder comment, which costs
nothing to parse, and the built HTML page gets the block back in its place: the same bytes the
browser would have received, at no parsing cost.

Search does not need charts or lineage, nor any block of a page that is left out of the search
index (model pages, once a site has many cards). `mlgov serve` keeps every block inline: it runs
mkdocs' own server, whose output this step cannot reach.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from governance.findings import MlgovError

_PLACEHOLDER = "<!-- mlgov:fragment {} -->"
_FOUND = re.compile(r"<!-- mlgov:fragment (\d+) -->")


@dataclass
class PageFragments:
    """The held blocks of one page. `defer` False keeps all inline; `searchable` says whether
    the page's text goes into the search index (then blocks marked searchable stay inline).
    `skeleton`: the page is wanted for mkdocs only, its held blocks are made elsewhere
    (site_builder/blocks.py), so they are not rendered here; each is an empty string."""

    defer: bool = True
    searchable: bool = True
    skeleton: bool = False
    blocks: list[str] = field(default_factory=list)

    def hold(self, searchable: bool = False, caller: Callable[[], str] | None = None) -> Markup:
        """Jinja: `{% call hold() %}<svg …>{% endcall %}`; `hold(searchable=True)` for blocks
        with text worth finding, deferred only when the page is not searchable anyway. A held
        block stands on lines of its own: its placeholder ends with one newline, whatever the
        block ended with, so that a skeleton and a full page read the same."""
        assert caller is not None, "hold() is used as a {% call %} block"
        if not self.defer or (searchable and self.searchable):
            return Markup(caller())
        self.blocks.append("" if self.skeleton else str(caller()).rstrip())
        return Markup(_PLACEHOLDER.format(len(self.blocks) - 1) + "\n")


def built_page(site_dir: Path, page: str, directory_urls: bool) -> Path:
    """Where mkdocs writes the page generated as `page` (a path in the docs folder)."""
    stem = page.removesuffix(".md")
    if not directory_urls or stem == "index" or stem.endswith("/index"):
        return site_dir / f"{stem}.html"
    return site_dir / stem / "index.html"


def inject(site_dir: Path, held: Mapping[str, list[str]], directory_urls: bool) -> int:
    """Put each held block back where its placeholder is; returns the pages changed. A page
    that lost or repeats a placeholder (a theme override changing content) stops the build: a
    page missing a table must not be published as if complete."""
    changed = 0
    for page, blocks in sorted(held.items()):
        if blocks:
            path = built_page(site_dir, page, directory_urls)
            path.write_text(_filled(path.read_text("utf-8"), blocks, page), "utf-8")
            changed += 1
    return changed


def _filled(html: str, blocks: list[str], page: str) -> str:
    parts = _FOUND.split(html)  # text, number, text, number, …, text
    numbers = [int(n) for n in parts[1::2]]
    if sorted(numbers) != list(range(len(blocks))):
        raise MlgovError(
            f"the built page of {page} does not hold each of its {len(blocks)} generated "
            "block(s) once; does a theme override change the page content?"
        )
    parts[1::2] = [blocks[n] for n in numbers]
    return "".join(parts)

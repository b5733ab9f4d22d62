"""The site folder as mlgov's output: how it is recognised, and what of an old one is kept.

`mlgov build` refuses to replace a non-empty folder it did not make (governance/outputs). A site
it made carries the marker file `.mlgov-site`. A site built by an mlgov that wrote no marker is
recognised by three files together: mkdocs' `sitemap.xml` and `search/search_index.json`, and
`assets/mlgov.js`, which only mlgov's site has. A folder with all three was built by mlgov (no
person keeps their files in such a folder); a plain mkdocs site, or anything else, is refused.
Hidden entries (a gh-pages checkout's `.git`, a `.nojekyll`) are the user's: they never make a
folder foreign, and each build keeps them, as mkdocs does.
"""

from __future__ import annotations

from pathlib import Path

from governance.outputs import OutputKind, carry_hidden

MARKER = ".mlgov-site"
MARKER_TEXT = "Built by `mlgov build`; everything in this folder but hidden entries is rebuilt.\n"
EARLIER_SITE = ("sitemap.xml", "search/search_index.json", "assets/mlgov.js")


def built_by_mlgov(folder: Path) -> bool:
    return all((folder / name).is_file() for name in EARLIER_SITE)


SITE = OutputKind("the site", MARKER, MARKER_TEXT, hidden_kept=True, made_by_mlgov=built_by_mlgov)


def carry_site(old: Path, new: Path) -> None:
    carry_hidden(old, new, skip=frozenset({MARKER}))

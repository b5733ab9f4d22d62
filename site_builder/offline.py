"""The 404 page for file://: mkdocs writes it with root-absolute links ("/assets/…"), meant for
a web server that shows it at any path. From a folder, "/" is the file system's root, so the
page loads no styles and its links lead nowhere. It sits at the site's root, so the same links
relative to it are right both from file:// and at a server's root."""

from __future__ import annotations

import re
from pathlib import Path

_ABSOLUTE = re.compile(r'(\b(?:href|src)=")/(?!/)')
_BASE = (('new URL("/",location)', 'new URL(".",location)'), ('"base": "/"', '"base": "."'))


def relative_404(site_dir: Path) -> None:
    page = site_dir / "404.html"
    if not page.is_file():
        return
    text = original = page.read_text("utf-8")
    text = _ABSOLUTE.sub(r"\1./", text)
    for old, new in _BASE:
        text = text.replace(old, new)
    if text != original:
        page.write_text(text, "utf-8")

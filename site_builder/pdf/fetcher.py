"""The only way a PDF render may load anything: `data:` URLs, nothing else.

WeasyPrint's default fetcher follows http(s) and `file:` URLs, and `<link rel="attachment">`
embeds what it fetched into the PDF (a card could attach `/etc/passwd`). WeasyPrint 70 takes
only `URLFetcher` instances (a plain function crashes the render), so this is a subclass whose
`fetch` refuses every other scheme before any handler is consulted.
"""

from __future__ import annotations

import re
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
ALLOWED = frozenset({"data"})


class RefusedURL(ValueError):
    """Raised for a refused URL; WeasyPrint logs it and renders without the resource."""


class DataOnlyFetcher(URLFetcher):
    """Allows `data:` URLs only; `refused` lists what was asked for and denied (for tests and
    for a build that wants to say so)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=ALLOWED, allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        match = _SCHEME.match(url.strip())
        scheme = match[1].lower() if match else ""
        if scheme not in ALLOWED:
            self.refused.append(url)
            raise RefusedURL(f"mlgov PDFs load no external resources: {url[:80]}")
        return super().fetch(url, headers)

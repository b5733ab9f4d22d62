"""HTML -> PDF bytes with WeasyPrint, the way every mlgov PDF is rendered.

One `FontConfiguration` per process (`init_worker`): creating one per PDF costs time and
leaks about 23 MB per 100 PDFs. `base_url=None` and the data-only fetcher mean a document
can load nothing. The identifier is derived from the document, and the dates come from its
`dcterms` meta tags, so the same HTML gives the same bytes.

The print stylesheet is parsed once per process too (`_print_stylesheet`): each document
still carries it in its `<style>` (the HTML stays whole, to read or render on its own), and
the render swaps that copy for the parsed one. Parsing it and compiling its selectors was
about a tenth of a card's render time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.atomic import write_atomic
from site_builder.pdf.documents import stylesheet
from site_builder.pdf.fetcher import DataOnlyFetcher

FONT_EPOCH = "946684800"  # 2000-01-01T00:00:00Z: a fixed stamp, never the clock
_FONTS: Any = None  # weasyprint.text.fonts.FontConfiguration, made once per process
_PRINT_CSS: Any = None  # weasyprint.CSS of print.css, parsed once per process


@dataclass(frozen=True)
class Rendered:
    id: str
    refused: tuple[str, ...]  # URLs the document asked for and was denied


def init_worker() -> None:
    global _FONTS
    with warnings.catch_warnings():
        # WeasyPrint warns on import when harfbuzz-subset is missing; the build says it once.
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint.text.fonts import FontConfiguration

    _FONTS = FontConfiguration()


def render_pdf(html: str) -> tuple[bytes, tuple[str, ...]]:
    """The PDF of `html`, and what it tried to fetch (and did not get)."""
    from weasyprint import HTML

    if _FONTS is None:
        init_worker()
    fetcher = DataOnlyFetcher()
    page, stylesheets = _parsed_stylesheet(html)
    document = HTML(string=page, base_url=None, url_fetcher=fetcher)
    with _fixed_font_timestamps():
        pdf = document.write_pdf(
            font_config=_FONTS,
            stylesheets=stylesheets,
            pdf_identifier=hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode(),
        )
    return pdf, tuple(fetcher.refused)


def _parsed_stylesheet(html: str) -> tuple[str, list[Any]]:
    """`html` without its copy of print.css, and the parsed print.css to render it with (or
    `html` as it is, for a document without it). WeasyPrint applies a stylesheet passed in as
    the "user" origin, which ranks under the document's own rules: the same cascade, as the
    document's other rules (the footer's text, style attributes) never set what print.css
    sets, and neither uses `!important`."""
    css = stylesheet()
    if css not in html:
        return html, []
    return html.replace(css, "", 1), [_print_stylesheet()]


def _print_stylesheet() -> Any:
    global _PRINT_CSS
    if _PRINT_CSS is None:
        from weasyprint import CSS

        _PRINT_CSS = CSS(string=stylesheet(), font_config=_FONTS, url_fetcher=DataOnlyFetcher())
    return _PRINT_CSS


@contextlib.contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """Without harfbuzz-subset, WeasyPrint subsets fonts with fontTools, which stamps each
    subset font with the current time (so the bytes change every second) unless
    SOURCE_DATE_EPOCH is set. Set for the render only, and only when the caller has not."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = FONT_EPOCH
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def render_to(doc_id: str, html: str, target: Path) -> Rendered:
    """Renders into `target` atomically, so a crash never leaves half a PDF where the cache
    would take it for a finished one (not fsynced: a cache entry may be lost, never torn)."""
    pdf, refused = render_pdf(html)
    write_atomic(target, pdf, durable=False)
    return Rendered(doc_id, refused)


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint subsets fonts with harfbuzz (2.4x faster) rather than falling back
    to fontTools (reproducible too, thanks to `_fixed_font_timestamps`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))

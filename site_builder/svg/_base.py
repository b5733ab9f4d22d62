"""Shared pieces of the inline SVGs: escaping, number formatting, axis ticks, the wrapper.

Every SVG is one line (Markdown ends a raw HTML block at a blank line), has no ids (several
SVGs share a page) and references nothing outside itself (the PDF fetcher allows only data:).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from functools import lru_cache

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, and dark enough to
# read on white and light enough to read on Material's slate. Text and axes use currentColor.
BLUE, ORANGE, GREEN, RED, SKY, PURPLE, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#808080",
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def esc(value: object) -> str:
    """Text or attribute content: XML-escaped, on one line, without XML-invalid characters."""
    return _esc(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=4096)  # axis labels and tick values repeat across a site's charts
def _esc(text: str) -> str:
    return html.escape(" ".join(_CONTROL.sub("", text).split()), quote=True)


def truncate(value: object, limit: int) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: max(1, limit - 1)] + "…"


def fmt(value: float) -> str:
    """Short, fixed formatting: same number, same text, on every machine."""
    if not math.isfinite(value):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.3g}" if abs(value) >= 1e-3 else f"{value:.2e}"


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]; the first and last are the axis ends."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    value = start
    while value < hi + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    if ticks[-1] < hi:
        ticks.append(round(value, 12))
    return ticks


def text(x: float, y: float, content: object, *, anchor: str = "middle", extra: str = "") -> str:
    attrs = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text x="{x:.1f}" y="{y:.1f}"{attrs}{extra}>{esc(content)}</text>'


def label(
    x: float, y: float, full: object, limit: int, *, anchor: str = "middle", extra: str = ""
) -> str:
    """A truncated label whose full text is its tooltip (and the accessible name)."""
    short = truncate(full, limit)
    drawn = text(x, y, short, anchor=anchor, extra=extra)
    if short == " ".join(str(full).split()):
        return drawn
    return f"<g><title>{esc(full)}</title>{drawn}</g>"


def document(width: int, height: int, title: str, body: Iterable[str], kind: str) -> str:
    """The wrapper: viewBox-sized, role=img with the title as its accessible name."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="mlgov-svg mlgov-{kind}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{esc(title)}" font-family="sans-serif" font-size="12" '
        f'fill="currentColor"><title>{esc(title)}</title>{"".join(body)}</svg>'
    )

"""Card fields that may hold Markdown: rendered with Python-Markdown, then sanitised with nh3.

The output is an allowlist of tags and attributes: no script or style, no event handlers, no
`<link>`, `<img>` only from `data:` images or relative paths inside the site, links only to
http(s), mailto and relative targets (never javascript:, data: or file:). It is written into
the Markdown pages as one raw HTML block, so Markdown does not touch it a second time.
"""

from __future__ import annotations

import re
from functools import cache

import markdown
import nh3
from markupsafe import Markup

TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
SCHEMES = {"http", "https", "mailto", "data"}  # data: only survives on <img> (see _filter)
# A line Markdown leaves as plain text: a letter first (no list, heading, quote or code marker),
# no character with a Markdown or HTML meaning, no trailing space (a line break).
_PLAIN_LINE = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ,.;:'\"?!()%/-]*[A-Za-z0-9,.;:'\"?!()%/-])?")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$", re.I)


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """Per-URL decisions the scheme list cannot make: data: for images only, and images never
    from another host or outside the site (the PDF's fetcher refuses them anyway)."""
    if attribute == "href" and value.strip().lower().startswith("data:"):
        return None
    if tag == "img" and attribute == "src":
        if _DATA_IMAGE.match(value):
            return value
        relative = not re.match(r"^[a-z][a-z0-9+.-]*:|^/|^\\", value, re.I)
        return value if relative and ".." not in value else None
    return value


@cache
def _converter() -> markdown.Markdown:
    """One converter, reset per use: building one costs more than converting a card field."""
    return markdown.Markdown(
        extensions=["tables", "sane_lists", "fenced_code"], output_format="html"
    )


def render_markdown(text: str) -> Markup:
    """Card Markdown → safe HTML on one line (a blank line would end the raw HTML block;
    `&#10;` is the same newline inside <pre> and plain whitespace elsewhere)."""
    plain = _plain_paragraphs(text)
    # most card prose is plain sentences: the same output, without a Markdown pass
    return Markup(plain) if plain is not None else converted(text)


def converted(text: str) -> Markup:
    """The full pass: Markdown, then the sanitiser."""
    html = _converter().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean.strip().replace("\r", "").replace("\n", "&#10;"))


def _plain_paragraphs(text: str) -> str | None:
    """What Markdown and the sanitiser make of text with nothing to convert (paragraphs of plain
    lines), or None when the text needs the real pass. tests/test_prose.py checks it against
    that pass."""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
        elif _PLAIN_LINE.fullmatch(line):
            paragraphs[-1].append(line)
        else:
            return None
    return "&#10;".join(f"<p>{'&#10;'.join(p)}</p>" for p in paragraphs if p)

"""Escaping of user text for the Markdown pages.

Jinja2's autoescape covers HTML only; a persona title inside Markdown must also not become a
link, emphasis, a table column or an attribute list, so Markdown's own specials are escaped
with backslashes too. Everything returned is `Markup`, so autoescape leaves it alone.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup

# Python-Markdown's escapable characters (plus `|`, which the tables extension adds). `<`, `>`
# and `&` cannot be backslash-escaped there, so they become entities instead.
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def md_text(value: object) -> Markup:
    """Inline user text: rendered literally, never as Markdown or HTML."""
    text = _MD_SPECIALS.sub(r"\\\1", str(value))
    return Markup(text.translate(_HTML))


def md_cell(value: object) -> Markup:
    """Text for a table cell: like `md_text`, on one line (a newline would end the row)."""
    return md_text(" ".join(str(value).split()))


def code_block(text: str, lang: str = "") -> Markup:
    """A fenced block longer than any backtick run inside, so the content cannot close it.
    Code blocks show their content verbatim (the highlighter escapes HTML), so no escaping."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{lang}\n{text.rstrip()}\n{fence}")


def source_url(repository_url: str, path: str, line: int) -> str | None:
    """A link to a line of a file in the repository's web view, or None when no (safe) base
    URL is configured: only http(s) bases are used, so a `javascript:` value links nowhere."""
    base = repository_url.strip().rstrip("/")
    if not re.match(r"^https?://[^\s<>\"'()]+$", base):
        return None
    anchor = f"#L{line}" if line > 0 else ""
    return f"{base}/{quote(path)}{anchor}"

"""Reading built HTML as a person sees it, for the site tests: a table's rows as the text of
their cells, the visible text of a page, its links. Standard library only (html.parser)."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements whose text a reader does not see as prose (code is shown verbatim on purpose).
HIDDEN = {"script", "style", "template", "svg", "pre", "code", "textarea", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Tables(HTMLParser):
    def __init__(self, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.css_class, self.depth, self.rows = css_class, 0, []  # type: ignore[var-annotated]
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and (self.depth or self.css_class in classes):
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self.rows.append([])
        elif self.depth == 1 and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, css_class: str) -> list[list[str]]:
    """Every row (header included) of the tables with that class, as cell texts."""
    parser = _Tables(css_class)
    parser.feed(html)
    return parser.rows


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden, self.parts = 0, []  # type: ignore[var-annotated]
        self.links: list[tuple[str, str]] = []  # (attribute, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((name, str(values[name])))
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in ("p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "br", "section"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def read_page(html: str) -> tuple[str, list[tuple[str, str]], set[str]]:
    """(visible text outside code and scripts, every href/src, every id) of a page."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts), parser.links, parser.ids

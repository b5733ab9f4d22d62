"""The tab pre-scan (SRC005): a cheap line scan, since parsers report tabs confusingly."""

from __future__ import annotations

from governance.codes import SRC005
from governance.findings import Finding
from governance.source.document import Position, make_finding

Spot = tuple[int, int]  # 1-based line, column


def tab_indents(text: str) -> list[Spot]:
    """The first tab in the leading whitespace of each line that has one."""
    if "\t" not in text:
        return []
    found = []
    # splitlines breaks where the YAML parsers do, once control characters are rejected.
    for number, line in enumerate(text.splitlines(), 1):
        rest = line.lstrip(" ")
        if rest.startswith("\t"):
            found.append((number, len(line) - len(rest) + 1))
    return found


def tab_findings(tabs: list[Spot], scalars: list[tuple[Spot, Spot]], display: str) -> list[Finding]:
    """Findings for tabs outside multi-line scalars (a tab inside text is content)."""
    hint = "indent with spaces; YAML does not allow tabs in indentation"
    return [
        make_finding(
            display,
            SRC005,
            Position(line, column, line, column + 1),
            "a tab character is used for indentation",
            hint,
        )
        for line, column in tabs
        if not any(start < (line, column) < end for start, end in scalars)
    ]

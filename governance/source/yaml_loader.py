"""load_yaml_bytes: the strict YAML loader."""

from __future__ import annotations

import re

from governance.codes import SRC003
from governance.findings import Finding
from governance.source.document import Document, Position, internal_failure, make_finding
from governance.source.text import YAML_BREAKS, LineIndex, decode
from governance.source.yaml_tabs import tab_findings, tab_indents

# Characters YAML forbids; found here so the finding has an exact position. Compiled on the
# first YAML file (the class of wide ranges takes milliseconds; a JSON-only run needs none).
_NOT_PRINTABLE = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_TOP_HINT = "write the file as `key: value` lines"


def load_yaml_bytes(raw: bytes, display: str) -> Document:
    try:
        return _load(raw, display)
    except Exception as error:  # a last resort: one bad file must not stop a whole run
        return internal_failure(display, error)


def _load(raw: bytes, display: str) -> Document:
    text, problems = decode(raw, display, YAML_BREAKS)
    if text is None:
        return Document(display, None, findings=tuple(problems))
    bad = re.search(_NOT_PRINTABLE, text)
    if bad:
        return Document(display, None, findings=(_bad_character(text, bad.start(), display),))
    # Imported here: a run over JSON policy files alone (the CI gate's common case) would
    # otherwise pay for importing PyYAML and the node builder at start-up, for nothing.
    from governance.source.yaml_builder import build_yaml

    build = build_yaml(text, display)
    tree = build.tree
    data = None if build.failed else tree.top_mapping(build.empty, _TOP_HINT)
    tabs = tab_findings(tab_indents(text), build.multiline, display)
    findings = [*_without_tab_errors(tree.findings, tabs), *tabs]
    return Document(display, data, tree.positions, tree.key_positions, tuple(sorted(findings)))


def _without_tab_errors(findings: list[Finding], tabs: list[Finding]) -> list[Finding]:
    """Drop parser errors on tab lines: SRC005 already says what is wrong there."""
    lines = {tab.line for tab in tabs}
    return [f for f in findings if f.rule != SRC003.id or f.line not in lines]


def _bad_character(text: str, offset: int, display: str) -> Finding:
    line, column = LineIndex(text, YAML_BREAKS).locate(offset)
    message = f"the character U+{ord(text[offset]):04X} is not allowed in YAML"
    hint = "remove it; is this a binary file?"
    pos = Position(line, column, line, column + 1)
    return make_finding(display, SRC003, pos, message, hint)

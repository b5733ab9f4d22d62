"""load_json_bytes: the strict JSON loader."""

from __future__ import annotations

from governance.source.document import Document, internal_failure
from governance.source.json_parser import parse_json
from governance.source.text import JSON_BREAKS, decode


def load_json_bytes(raw: bytes, display: str) -> Document:
    try:
        return _load(raw, display)
    except Exception as error:  # a last resort: one bad file must not stop a whole run
        return internal_failure(display, error)


def _load(raw: bytes, display: str) -> Document:
    text, problems = decode(raw, display, JSON_BREAKS)
    if text is None:
        return Document(display, None, findings=tuple(problems))
    parsed = parse_json(text, display)
    tree = parsed.tree
    empty = parsed.empty
    data = None if parsed.failed else tree.top_mapping(empty, "wrap the content in an object { }")
    findings = tuple(sorted(tree.findings))
    return Document(display, data, tree.positions, tree.key_positions, findings)

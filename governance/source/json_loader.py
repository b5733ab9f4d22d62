"""load_json_bytes: the strict JSON loader.

Most files are valid, and most positions are never asked for: a clean file is read by the
standard library's C decoder, and its positions are found (by a token scanner, which needs
no checks on a text the decoder accepted) only when one is first needed. A file the fast path
does not accept goes through the position-keeping parser at once, so that every problem is
reported exactly as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

from governance.findings import JsonPath
from governance.source.document import Document, Position, PositionTable, internal_failure
from governance.source.json_parser import parse_json
from governance.source.json_positions import scan_positions
from governance.source.limits import MAX_DEPTH
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
    data = _fast(text)
    if data is not None:
        lazy = _LazyParse(text)
        return Document(
            display, data, _Positions(lazy, "positions"), _Positions(lazy, "key_positions"), ()
        )
    parsed = parse_json(text, display)
    tree = parsed.tree
    empty = parsed.empty
    data = None if parsed.failed else tree.top_mapping(empty, "wrap the content in an object { }")
    findings = tuple(sorted(tree.findings))
    return Document(display, data, tree.positions, tree.key_positions, findings)


class _Refused(Exception):
    """The fast path declines; the full parser will say why."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Refused
    return result


def _refuse(_: str) -> Any:
    raise _Refused  # NaN and Infinity, which json.loads accepts and RFC 8259 does not


def _fast(text: str) -> dict[str, Any] | None:
    """The data of a clean file (a mapping, no duplicate keys, not too deep), else None."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse)
    except (_Refused, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and (_shallow(text) or _depth_ok(data)) else None


def _shallow(text: str) -> bool:
    """Surely not too deep: with fewer brackets in all than the limit, no value (a scalar one
    below the innermost of them) is deeper than it. Brackets inside strings count too, so
    this may send a shallow file to the full walk, never a deep one past it."""
    return text.count("{") + text.count("[") < MAX_DEPTH


def _depth_ok(data: Any) -> bool:
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            stack.extend((child, depth + 1) for child in children)
    return True


class _LazyParse:
    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def tables(self) -> dict[str, PositionTable]:
        # The fast path accepted the text, so the token scanner's positions are the full
        # parser's (json_positions.py), at a fraction of its cost.
        spans, key_spans = scan_positions(self._text)
        return {"positions": PositionTable(spans), "key_positions": PositionTable(key_spans)}


class _Positions(Mapping[JsonPath, Position]):
    """A position table filled by the full parser on first use."""

    def __init__(self, lazy: _LazyParse, table: str) -> None:
        self._lazy, self._table = lazy, table

    def _real(self) -> Mapping[JsonPath, Position]:
        return self._lazy.tables[self._table]

    @property
    def computed(self) -> Mapping[JsonPath, Position] | None:
        """The table if some finding has already needed it, else None (the document cache
        keeps positions only when they were worth computing)."""
        return self._real() if "tables" in vars(self._lazy) else None

    def __getitem__(self, path: JsonPath) -> Position:
        return self._real()[path]

    def get(self, path: JsonPath, default: Any = None) -> Any:
        return self._real().get(path, default)

    def __iter__(self) -> Iterator[JsonPath]:
        return iter(self._real())

    def __len__(self) -> int:
        return len(self._real())

"""A Document and its schema findings as cache text, and back, exactly.

An entry is two JSON texts: [data, findings, schema findings], and both position tables as
[paths, flat list of their spans' numbers]. The standard library's json writes the data (it
keeps NaN, infinities, -0.0 and integers of any size exact, where orjson would not); positions
are only small integers and paths, so orjson writes them, five times faster. Positions are
decoded only when a finding first needs one.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from itertools import chain
from typing import Any

import orjson

from governance.findings import Finding, JsonPath, Severity
from governance.source.document import (
    INTERNAL_FAILURE,
    Document,
    Position,
    PositionTable,
    Span,
)

Entry = list[str | None]  # [document text, positions text or None]
Checked = tuple[Document, list[Finding]]  # a Document and its schema findings
Reload = Callable[[], Document]  # the same file loaded afresh


def encode(doc: Document, schema: list[Finding]) -> Entry | None:
    """The entry for `doc`; None for the rare value JSON cannot hold exactly, and for a loader
    failure (out of memory, say), which the next run should retry rather than remember."""
    if any(f.message.startswith(INTERNAL_FAILURE) for f in doc.findings):
        return None
    values, keys = _spans(doc.positions), _spans(doc.key_positions)
    tables = None if values is None or keys is None else (values, keys)
    rows = [_row(f) for f in doc.findings], [_row(f) for f in schema]
    try:
        text = json.dumps([None if tables is None else doc.data, *rows], separators=(",", ":"))
        return [text, None if tables is None else _dump_positions(tables)]
    except (ValueError, TypeError, RecursionError):  # e.g. an integer of 5,000 digits
        return None


def decode(entry: Any, display: str, reload: Reload) -> Checked | None:
    """The Document and schema findings an entry holds; None when it is not a sound entry."""
    try:
        text, positions = entry
        data, findings, schema = json.loads(text)
        found = tuple(_finding(row) for row in findings)
        checked = [_finding(row) for row in schema]
    except (ValueError, TypeError):
        return None
    if positions is None:  # a clean JSON file: its loader's own fast path is as quick
        return reload(), checked
    if not isinstance(positions, str) or not isinstance(data, dict | None):
        return None
    lazy = _LazyTables(positions, reload)
    return Document(display, data, _Table(lazy, 0), _Table(lazy, 1), found), checked


def _spans(table: Mapping[JsonPath, Position]) -> dict[JsonPath, Span] | None:
    """A table's tuples; None for a table not computed (a JSON file's lazy positions)."""
    table = getattr(table, "computed", table)  # a lazy table: its positions, if computed yet
    if isinstance(table, PositionTable):
        return table.spans
    if isinstance(table, dict):
        return {path: (p.line, p.column, p.end_line, p.end_column) for path, p in table.items()}
    return None


def _dump_positions(tables: tuple[dict[JsonPath, Span], dict[JsonPath, Span]]) -> str:
    """Columns: each table as its paths, then all its spans' numbers in one flat list (far
    quicker to check and rebuild than a list per span)."""
    items = [[list(t), list(chain.from_iterable(t.values()))] for t in tables]
    try:
        return orjson.dumps(items).decode()
    except orjson.JSONEncodeError:  # a key orjson refuses (a lone surrogate): json keeps it
        return json.dumps(items, separators=(",", ":"))


def _row(f: Finding) -> list[Any]:
    where = [f.line, f.column, f.end_line, f.end_column]
    return [f.file, f.rule, f.severity.value, f.message, f.hint, list(f.json_path), *where]


def _finding(row: list[Any]) -> Finding:
    file, rule, severity, message, hint, path, line, column, end_line, end_column = row
    texts = (file, rule, message, hint)
    if not all(isinstance(t, str) for t in texts) or not isinstance(path, list):
        raise TypeError("not a finding")
    start_line, start_column, last_line, last_column = _ints(line, column, end_line, end_column)
    return Finding(
        file,
        start_line,
        start_column,
        rule,
        Severity(severity),
        message,
        hint,
        tuple(path),
        last_line,
        last_column,
    )


def _ints(*values: Any) -> tuple[int, ...]:
    if not all(type(v) is int for v in values):
        raise TypeError("not a position")
    return values


class _LazyTables:
    """Both position tables of an entry, decoded together on first use. Text that does not
    decode (a damaged cache) gives way to loading the file afresh: never a wrong position."""

    def __init__(self, text: str, reload: Reload) -> None:
        self._text, self._reload = text, reload

    @cached_property
    def tables(self) -> tuple[Mapping[JsonPath, Position], Mapping[JsonPath, Position]]:
        try:
            positions, keys = _parse(self._text)
            return PositionTable(_table(*positions)), PositionTable(_table(*keys))
        except (ValueError, TypeError, OverflowError):
            fresh = self._reload()
            return fresh.positions, fresh.key_positions


def _parse(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # what json wrote in _dump_positions
        return json.loads(text)


def _table(paths: list[Any], numbers: list[Any]) -> dict[JsonPath, Span]:
    checked = array("q", numbers)  # TypeError unless every one is an integer
    if len(checked) != 4 * len(paths):
        raise ValueError("not a position table")
    spans = zip(*[iter(checked)] * 4, strict=True)
    return dict(zip(map(tuple, paths), spans, strict=True))


class _Table(Mapping[JsonPath, Position]):
    """One of an entry's position tables."""

    __slots__ = ("_lazy", "_which")

    def __init__(self, lazy: _LazyTables, which: int) -> None:
        self._lazy, self._which = lazy, which

    def _real(self) -> Mapping[JsonPath, Position]:
        return self._lazy.tables[self._which]

    def __getitem__(self, path: JsonPath) -> Position:
        return self._real()[path]

    def get(self, path: JsonPath, default: Any = None) -> Any:
        return self._real().get(path, default)

    def __contains__(self, path: object) -> bool:
        return path in self._real()

    def __iter__(self) -> Iterator[JsonPath]:
        return iter(self._real())

    def __len__(self) -> int:
        return len(self._real())

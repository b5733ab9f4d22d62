"""Assembles plain data from a stream of values, recording positions (shared by YAML and JSON).

Collections are built with an explicit stack, so nesting depth never touches Python's stack.
This runs for every value of every file, so it favours plain tuples and few calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from governance.codes import SRC004, SRC008, SRC009, SRC010, SRC012
from governance.findings import Code, Finding, JsonPath
from governance.source.document import Position, PositionTable, Span, make_finding
from governance.source.limits import MAX_DEPTH

_NO_KEY = object()  # a mapping waiting for its next key
_BAD_KEY = object()  # the key was rejected: its value is parsed but dropped
_FILE_START: Span = (1, 1, 1, 1)


@dataclass(slots=True)
class _Frame:
    value: dict[str, Any] | list[Any]
    path: JsonPath
    record: bool  # False under a dropped key: positions there would overwrite real ones
    start: tuple[int, int]
    size: int = 1  # values in this subtree, itself included
    key: Any = _NO_KEY
    key_span: Span = _FILE_START
    seen: dict[str, int] = field(default_factory=dict)  # key -> line of first use


class TreeBuilder:
    def __init__(self, display: str) -> None:
        self.display = display
        self.spans: dict[JsonPath, Span] = {}
        self.key_spans: dict[JsonPath, Span] = {}
        self.findings: list[Finding] = []
        self.root: Any = None
        self.has_root = False
        self.count = 0  # values built so far, aliases expanded
        self._stack: list[_Frame] = []

    @property
    def positions(self) -> PositionTable:
        return PositionTable(self.spans)

    @property
    def key_positions(self) -> PositionTable:
        return PositionTable(self.key_spans)

    @property
    def depth(self) -> int:
        return len(self._stack)

    def in_mapping(self) -> bool:
        return bool(self._stack) and isinstance(self._stack[-1].value, dict)

    def expecting_key(self) -> bool:
        return self.in_mapping() and self._stack[-1].key is _NO_KEY

    def next_path(self) -> JsonPath:
        """The path the next value will get (for findings about it)."""
        return self._slot()[0]

    def report(self, code: Code, span: Span, message: str, hint: str, path: JsonPath = ()) -> None:
        pos = Position(*span)
        self.findings.append(make_finding(self.display, code, pos, message, hint, path))

    def open(self, container: dict[str, Any] | list[Any], line: int, column: int) -> bool:
        """Start a collection; False (with SRC008) when that would nest too deep."""
        if len(self._stack) >= MAX_DEPTH:
            message = f"the data is nested more than {MAX_DEPTH} levels deep"
            self.report(SRC008, (line, column, line, column + 1), message, "flatten the structure")
            return False
        path, record = self._slot()
        self._stack.append(_Frame(container, path, record, (line, column)))
        return True

    def close(self, end_line: int, end_column: int) -> tuple[Any, int]:
        """End the innermost collection; returns it and its size."""
        frame = self._stack.pop()
        self.count += 1 - frame.size  # add() counts it again below
        self.add(frame.value, (*frame.start, end_line, end_column), None, frame.size)
        return frame.value, frame.size

    def add(self, value: Any, span: Span, key_text: str | None, size: int = 1) -> None:
        """A finished value; `key_text` is its text when it may serve as a mapping key."""
        self.count += size
        if not self._stack:
            self.root, self.has_root = value, True
            self.spans[()] = span
            return
        top = self._stack[-1]
        top.size += size
        if top.key is _NO_KEY:
            if isinstance(top.value, list):
                if top.record:
                    self.spans[(*top.path, len(top.value))] = span
                top.value.append(value)
            else:
                self._take_key(top, key_text, span)
        elif top.key is not _BAD_KEY:
            self._take_value(top, value, span)
        else:
            top.key = _NO_KEY

    def reject_key(self, span: Span, message: str, hint: str) -> None:
        self.report(SRC012, span, message, hint, self._stack[-1].path)
        self._stack[-1].key = _BAD_KEY

    def top_mapping(self, empty: bool, hint: str) -> dict[str, Any] | None:
        """The root if it is a mapping, else None with SRC009 or SRC010."""
        if empty or not self.has_root:
            self.report(SRC009, _FILE_START, "the file is empty", "add content, or delete the file")
            return None
        if isinstance(self.root, dict):
            return self.root
        message = f"the top level must be a mapping of keys to values, not {_kind(self.root)}"
        self.report(SRC010, self.spans.get((), _FILE_START), message, hint)
        return None

    def _slot(self) -> tuple[JsonPath, bool]:
        if not self._stack:
            return (), True
        top = self._stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value)), top.record
        if top.key is _NO_KEY or top.key is _BAD_KEY:
            return (), False
        return (*top.path, top.key), top.record

    def _take_key(self, top: _Frame, key_text: str | None, span: Span) -> None:
        if key_text is None:
            message = "a mapping key must be a single value, not a list or mapping"
            self.reject_key(span, message, "write the key as plain text")
        elif key_text in top.seen:
            message = f"duplicate key '{key_text}' (first defined on line {top.seen[key_text]})"
            hint = "remove or rename one of them; mlgov keeps the first"
            self.report(SRC004, span, message, hint, (*top.path, key_text))
            top.key = _BAD_KEY
        else:
            top.seen[key_text] = span[0]
            top.key, top.key_span = key_text, span

    def _take_value(self, top: _Frame, value: Any, span: Span) -> None:
        key, top.key = top.key, _NO_KEY
        top.value[key] = value
        if top.record:
            path = (*top.path, key)
            self.spans[path] = span
            self.key_spans[path] = top.key_span


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "a text value"

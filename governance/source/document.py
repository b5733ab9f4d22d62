"""The loaded file: plain data plus where each value was written."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from governance.codes import SRC003
from governance.findings import Code, Finding, JsonPath, Severity


@dataclass(frozen=True, slots=True)
class Position:
    """1-based; the end is the place just after the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


START = Position(1, 1, 1, 1)
Span = tuple[int, int, int, int]  # a Position's fields, cheaper to make


class PositionTable(Mapping[JsonPath, Position]):
    """Positions kept as tuples and made Position objects only when asked for (most never are)."""

    __slots__ = ("_spans",)

    def __init__(self, spans: dict[JsonPath, Span]) -> None:
        self._spans = spans

    @property
    def spans(self) -> dict[JsonPath, Span]:
        """The tuples themselves (the document cache stores them)."""
        return self._spans

    def __getitem__(self, path: JsonPath) -> Position:
        return Position(*self._spans[path])

    def get(self, path: JsonPath, default: Any = None) -> Any:
        span = self._spans.get(path)
        return default if span is None else Position(*span)

    def __contains__(self, path: object) -> bool:
        return path in self._spans

    def __iter__(self) -> Iterator[JsonPath]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


def make_finding(
    file: str,
    code: Code,
    pos: Position,
    message: str,
    hint: str = "",
    path: JsonPath = (),
    details: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Finding:
    start, end = (pos.line, pos.column), (pos.end_line, pos.end_column)
    return Finding(file, *start, code.id, code.severity, message, hint, path, *end, details=details)


# eq=False: documents hold dicts, so value equality would make them unhashable.
@dataclass(frozen=True, eq=False)
class Document:
    path: str
    data: dict[str, Any] | None
    positions: Mapping[JsonPath, Position] = field(default_factory=dict)
    key_positions: Mapping[JsonPath, Position] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    def position(self, path: JsonPath) -> Position:
        """Where the value at `path` was written, else its nearest known ancestor."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return START

    def key_position(self, path: JsonPath) -> Position:
        return self.key_positions.get(path) or self.position(path)

    def finding(
        self,
        code: Code,
        path: JsonPath,
        message: str,
        hint: str = "",
        at_key: bool = False,
        details: tuple[tuple[str, tuple[str, ...]], ...] = (),
    ) -> Finding:
        pos = self.key_position(path) if at_key else self.position(path)
        return make_finding(self.path, code, pos, message, hint, path, details)

    @property
    def ok(self) -> bool:
        errors = any(f.severity is Severity.ERROR for f in self.findings)
        return self.data is not None and not errors


INTERNAL_FAILURE = "the loader failed unexpectedly"


def internal_failure(display: str, error: Exception) -> Document:
    """A Document for a loader bug, so one bad file cannot stop a whole run."""
    message = f"{INTERNAL_FAILURE} ({type(error).__name__}: {error})"
    finding = make_finding(display, SRC003, START, message, "please report this")
    return Document(display, None, findings=(finding,))

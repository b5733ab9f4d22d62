"""A strict RFC 8259 JSON parser that keeps positions.

A state machine over an explicit stack (no recursion, so any depth is safe); strings are
decoded by the standard library's scanner, so the data equals json.loads for valid input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from json import JSONDecodeError
from json.decoder import scanstring  # type: ignore[attr-defined]  # C-accelerated, untyped
from typing import Any

from governance.codes import SRC003
from governance.source.text import JSON_BREAKS, LineIndex
from governance.source.tree import TreeBuilder

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z_]\w*")
_LITERALS = (("true", True), ("false", False), ("null", None))
_WORD_HINTS = {
    "NaN": "JSON has no NaN or Infinity; use null or a string",
    "Infinity": "JSON has no NaN or Infinity; use null or a string",
    "True": "JSON writes true, false and null in lower case",
    "False": "JSON writes true, false and null in lower case",
    "None": "JSON writes true, false and null in lower case",
}
_CHAR_HINTS = {
    "'": "JSON strings use double quotes",
    "/": "JSON has no comments",
    "#": "JSON has no comments",
}
_ESCAPES = r"escapes are \" \\ \/ \b \f \n \r \t \uXXXX"
_STRING_ERRORS = (
    ("Unterminated", "the string is not closed", 'add the closing "'),
    ("Invalid control", "a control character (tab, line break) inside a string", r"write \t or \n"),
    ("Invalid \\u", r"a \u escape needs four hex digits", r"write it as \u00e9"),
    ("Invalid \\escape", "invalid escape in a string", _ESCAPES),
)

State = Callable[[], "State | None"]


class _Stop(Exception):
    """Parsing cannot go on; the finding is already recorded."""


@dataclass
class JsonParse:
    tree: TreeBuilder
    failed: bool
    empty: bool


def parse_json(text: str, display: str) -> JsonParse:
    parser = _Parser(text, TreeBuilder(display))
    if _WS.match(text).end() == len(text):  # type: ignore[union-attr]
        return JsonParse(parser.tree, False, True)
    state: State | None = parser.value
    try:
        while state is not None:
            state = state()
    except _Stop:
        return JsonParse(parser.tree, True, False)
    return JsonParse(parser.tree, False, False)


class _Parser:
    def __init__(self, text: str, tree: TreeBuilder) -> None:
        self.text = text
        self.i = 0
        self.lines = LineIndex(text, JSON_BREAKS)
        self.tree = tree

    def peek(self) -> str:
        """The next character after whitespace ('' at the end)."""
        self.i = _WS.match(self.text, self.i).end()  # type: ignore[union-attr]
        return self.text[self.i : self.i + 1]

    def fail(self, message: str, hint: str = "fix the JSON syntax here", at: int = -1) -> _Stop:
        at = self.i if at < 0 else at
        line, column = self.lines.locate(at)
        self.tree.report(SRC003, (line, column, line, column + 1), message, hint)
        return _Stop()

    def expected(self, what: str) -> _Stop:
        char = self.peek()
        if not char:
            return self.fail(f"expected {what}, found the end of the file", "complete the file")
        word = _WORD.match(self.text, self.i)
        found = word.group() if word else char
        hint = _WORD_HINTS.get(found) or _CHAR_HINTS.get(char) or "fix the JSON syntax here"
        if char in "]}" and self._after_comma():
            hint = "remove the trailing comma"
        return self.fail(f"expected {what}, found {found!r}", hint)

    def _after_comma(self) -> bool:
        return self.text[: self.i].rstrip(" \t\n\r").endswith(",")

    # States: each consumes a little and returns the next state.

    def value(self) -> State | None:
        char = self.peek()
        if char in ("{", "["):
            self._open({} if char == "{" else [])
            return self.first_key if char == "{" else self.first_item
        start = self.i
        scalar = self._scalar(char)
        self.tree.add(scalar, self.lines.span(start, self.i), None)
        return self._after_value()

    def first_key(self) -> State | None:
        return self._close() if self.peek() == "}" else self.key()

    def key(self) -> State | None:
        if self.peek() != '"':
            raise self.expected("a key in double quotes")
        start = self.i
        text = self._string()
        self.tree.add(text, self.lines.span(start, self.i), text)
        if self.peek() != ":":
            raise self.expected("':' after the key")
        self.i += 1
        return self.value

    def object_next(self) -> State | None:
        char = self.peek()
        if char == ",":
            self.i += 1
            return self.key
        if char == "}":
            return self._close()
        raise self.expected("',' or '}'")

    def first_item(self) -> State | None:
        return self._close() if self.peek() == "]" else self.value

    def array_next(self) -> State | None:
        char = self.peek()
        if char == ",":
            self.i += 1
            return self.value
        if char == "]":
            return self._close()
        raise self.expected("',' or ']'")

    def end(self) -> State | None:
        if self.peek():
            raise self.fail("extra content after the end of the JSON value", "remove it")
        return None

    def _after_value(self) -> State:
        if self.tree.depth == 0:
            return self.end
        return self.object_next if self.tree.in_mapping() else self.array_next

    def _open(self, container: dict[str, Any] | list[Any]) -> None:
        if not self.tree.open(container, *self.lines.locate(self.i)):
            raise _Stop()
        self.i += 1

    def _close(self) -> State:
        self.i += 1
        self.tree.close(*self.lines.locate(self.i))
        return self._after_value()

    # Scalars: each leaves self.i just after the value.

    def _scalar(self, char: str) -> Any:
        if char == '"':
            return self._string()
        if char and char in "-0123456789":
            return self._number()
        for word, value in _LITERALS:
            if self.text.startswith(word, self.i):
                self.i += len(word)
                return value
        raise self.expected("a value")

    def _string(self) -> str:
        try:
            text, self.i = scanstring(self.text, self.i + 1, True)
        except JSONDecodeError as error:
            message, hint = next(
                ((m, h) for key, m, h in _STRING_ERRORS if error.msg.startswith(key)),
                (error.msg, "fix the string"),
            )
            raise self.fail(message, hint, error.pos) from None
        return text

    def _number(self) -> int | float:
        match = _NUMBER.match(self.text, self.i)
        if match is None:
            raise self.fail("invalid number", "write digits after '-'")
        try:
            text = match.group()
            number = float(text) if match.group(1) or match.group(2) else int(text)
        except ValueError:  # beyond Python's int conversion limit
            raise self.fail("the number has too many digits", "write it as a string") from None
        self.i = match.end()
        return number

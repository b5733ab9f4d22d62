"""Bytes to text (size and UTF-8 checks) and offsets to line/column."""

from __future__ import annotations

import re
from bisect import bisect_right

from governance.codes import SRC001, SRC002
from governance.findings import Finding
from governance.source.document import START, Position, Span, make_finding
from governance.source.limits import MAX_FILE_BYTES

# The line breaks each parser counts, so our positions agree with theirs.
YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
JSON_BREAKS = re.compile("\r\n|[\r\n]")
_BOM = b"\xef\xbb\xbf"


class LineIndex:
    """Maps character offsets to 1-based (line, column)."""

    def __init__(self, text: str, breaks: re.Pattern[str]) -> None:
        self._starts = [0, *(m.end() for m in breaks.finditer(text))]

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """The inverse of locate()."""
        return self._starts[min(max(line, 1), len(self._starts)) - 1] + column - 1

    def span(self, start: int, end: int) -> Span:
        return (*self.locate(start), *self.locate(end))


def too_large(display: str, size: int) -> Finding:
    message = f"the file is {size:,} bytes; mlgov reads files of at most {MAX_FILE_BYTES:,} bytes"
    return make_finding(display, SRC002, START, message, "split the file up")


def decode(raw: bytes, display: str, breaks: re.Pattern[str]) -> tuple[str | None, list[Finding]]:
    """The text of `raw`, or None with the finding that explains why not."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(display, len(raw))]
    raw = raw.removeprefix(_BOM)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return None, [_bad_utf8(raw, error.start, display, breaks)]


def _bad_utf8(raw: bytes, bad: int, display: str, breaks: re.Pattern[str]) -> Finding:
    before = raw[:bad].decode("utf-8")  # valid: `bad` is the first invalid byte
    line, column = LineIndex(before, breaks).locate(len(before))
    message = f"the file is not valid UTF-8 (byte 0x{raw[bad]:02x} cannot appear here)"
    hint = "save the file with UTF-8 encoding"
    return make_finding(display, SRC001, Position(line, column, line, column + 1), message, hint)

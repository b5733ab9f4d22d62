"""Text from a repository made safe to print: what a file (or its name) holds reaches terminals,
CI logs, SARIF viewers and pull-request comments, so nothing in it may act there.

Shown as escapes: C0 controls (ESC clears or recolours a log, CR and LF forge lines, and with
them GitHub workflow commands), DEL, C1 controls (a terminal acts on some), the bidirectional
overrides and isolates (they reorder what a reviewer reads: "trojan source"), the Unicode line
and paragraph separators, and lone surrogates: a JSON `\\ud800` escape, or a file-name byte that
is not UTF-8 (Python decodes it as U+DC80..U+DCFF, shown as the byte, `\\xe9`), which no UTF-8
output could encode at all. Backslashes are left alone, so `printable` is idempotent and plain
text is unchanged.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape kept from a file name
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """`text` with every character that could act on a terminal or a viewer escaped;
    `newlines` keeps line breaks (for multi-line text printed as such)."""
    pattern = _UNSAFE_BUT_NEWLINE if newlines else _UNSAFE
    if pattern.search(text) is None:  # the usual case: no copy made
        return text
    return pattern.sub(_escape, text)


def printable_name(name: str) -> bool:
    """Whether a file name can be shown as it is (so mlgov loads it under that name)."""
    return _UNSAFE.search(name) is None

"""Positions of a JSON text the fast path has accepted, without the full parser.

The full parser (json_parser.py) checks every character and reports every problem, one state
call per token. A file json.loads has accepted as a mapping with no duplicate key and no deep
nesting has nothing left to report, so its positions only need its tokens: one regular
expression finds them, and a loop gives each value the span, and each key the span, that the
full parser gives, in the order it gives them (a value when it ends, a collection when it
closes). tests/test_json_positions.py checks that the tables are the same.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from json.decoder import scanstring  # type: ignore[attr-defined]  # C-accelerated, untyped
from typing import Any

from governance.findings import JsonPath
from governance.source.document import Span
from governance.source.text import JSON_BREAKS

# Punctuation, a string (escapes included), or a number or literal: valid JSON has nothing
# else outside strings but the whitespace between tokens.
_TOKEN = re.compile(r'[{}\[\]]|"(?:[^"\\]++|\\.)*+"|[^ \t\n\r{}\[\],:"]++')


def scan_positions(text: str) -> tuple[dict[JsonPath, Span], dict[JsonPath, Span]]:
    """The value and key position tables of a valid JSON text whose top level is a mapping.
    One loop, written out flat: it runs for every token of every file a finding is in."""
    starts = [0, *(m.end() for m in JSON_BREAKS.finditer(text))]  # offsets of line starts
    spans: dict[JsonPath, Span] = {}
    key_spans: dict[JsonPath, Span] = {}
    # The open collections; each frame is [its path, its start (line, column), is a mapping,
    # next list index, pending key, pending key's span].
    stack: list[list[Any]] = []
    top: list[Any] | None = None  # the innermost frame
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        first = text[start]
        if first == '"' and top is not None and top[2] and top[4] is None:  # a key
            key = text[start + 1 : end - 1]
            if "\\" in key:
                key = scanstring(text, start + 1, True)[0]
            a, b = bisect_right(starts, start) - 1, bisect_right(starts, end) - 1
            top[4], top[5] = key, (a + 1, start - starts[a] + 1, b + 1, end - starts[b] + 1)
            continue
        if first in "{[":
            path = () if top is None else (*top[0], top[4] if top[2] else top[3])
            a = bisect_right(starts, start) - 1
            top = [path, (a + 1, start - starts[a] + 1), first == "{", 0, None, None]
            stack.append(top)
            continue
        b = bisect_right(starts, end) - 1
        if first in "}]":  # the collection ends: it is a value of the one around it
            span = (*stack.pop()[1], b + 1, end - starts[b] + 1)
            top = stack[-1] if stack else None
        else:
            a = bisect_right(starts, start) - 1
            span = (a + 1, start - starts[a] + 1, b + 1, end - starts[b] + 1)
        if top is None:
            spans[()] = span
        elif top[2]:
            path = (*top[0], top[4])
            spans[path] = span
            key_spans[path] = top[5]
            top[4] = None
        else:
            spans[(*top[0], top[3])] = span
            top[3] += 1
    return spans, key_spans

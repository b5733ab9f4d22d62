"""IAM globs: `*` any run of characters, `?` exactly one; matching, covering and overlap."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from governance.iam.analysis.statement import Entry, has_wildcard


@cache
def _glob_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_match(pattern: str, text: str, ignore_case: bool = False) -> bool:
    """Whether the glob `pattern` matches the literal `text`."""
    return _glob_regex(pattern, ignore_case).fullmatch(text) is not None


def _literal_prefix(pattern: str) -> str:
    for index, char in enumerate(pattern):
        if char in "*?":
            return pattern[:index]
    return pattern


# The specific pattern's own wildcards become markers: only a `*` of the general pattern may
# stand for a `*` of the specific one, and only `*` or `?` for its `?`.
_STAR, _ONE = "\x00", "\x01"


@cache
def _cover_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(
        ".*" if c == "*" else f"[^{_STAR}]" if c == "?" else re.escape(c) for c in pattern
    )
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_covers(general: str, specific: str, ignore_case: bool = False) -> bool:
    """Whether every string `specific` matches is matched by `general` too. Sound, not complete:
    a True is always right; rare equal-language pairs (`*?` and `?*`) give False."""
    if ignore_case:
        general, specific = general.lower(), specific.lower()
    lead = _literal_prefix(general)
    if not _literal_prefix(specific).startswith(lead):
        return False  # the general one wants text the specific one does not promise (fast)
    marked = specific.replace("*", _STAR).replace("?", _ONE)
    return _cover_regex(general, ignore_case).fullmatch(marked) is not None


@cache
def globs_overlap(a: str, b: str) -> bool:
    """Whether some string matches both globs (case-sensitive)."""
    if not has_wildcard(a):
        return glob_match(b, a)
    if not has_wildcard(b):
        return glob_match(a, b)
    start = _common_literal_prefix(a, b)
    if start < 0:
        return False
    return _overlap_table(a[start:], b[start:])


def _common_literal_prefix(a: str, b: str) -> int:
    """Length of the equal, wildcard-free start of both; -1 when the starts conflict."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x in "*?" or y in "*?":
            return i
        if x != y:
            return -1
    return min(len(a), len(b))


def _overlap_table(a: str, b: str) -> bool:
    # Dynamic programming from the ends: row[j] says whether a[i:] and b[j:] share a string.
    row = [all(c == "*" for c in b[j:]) for j in range(len(b) + 1)]
    for i in range(len(a) - 1, -1, -1):
        current = [False] * (len(b) + 1)
        current[-1] = a[i] == "*" and row[-1]
        for j in range(len(b) - 1, -1, -1):
            if a[i] == "*" or b[j] == "*":
                current[j] = row[j] or current[j + 1]
            else:
                current[j] = (a[i] == b[j] or "?" in (a[i], b[j])) and row[j + 1]
        row = current
    return row[0]


def redundant_entries(listed: list[Entry], ignore_case: bool) -> Iterator[tuple[Entry, Entry]]:
    """Each entry another entry makes redundant, with that other one: a repeat, or a pattern a
    wildcard covers. Of a repeat, or of two patterns covering each other, the later one."""
    wildcards = [(j, e) for j, e in enumerate(listed) if has_wildcard(e.text)]
    seen: dict[str, Entry] = {}
    for i, entry in enumerate(listed):
        norm = entry.text.lower() if ignore_case else entry.text
        if norm in seen:
            yield entry, seen[norm]
            continue
        seen[norm] = entry
        cover = _cover(i, entry, wildcards, ignore_case)
        if cover is not None:
            yield entry, cover


def _cover(
    i: int, entry: Entry, wildcards: list[tuple[int, Entry]], ignore_case: bool
) -> Entry | None:
    def same(a: str, b: str) -> bool:
        return a.lower() == b.lower() if ignore_case else a == b

    for j, other in wildcards:
        if j == i or same(other.text, entry.text):
            continue  # repeats are reported as such, at the later one
        if glob_covers(other.text, entry.text, ignore_case) and (
            j < i or not glob_covers(entry.text, other.text, ignore_case)
        ):
            return other
    return None

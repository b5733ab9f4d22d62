"""Every YAML and JSON file of the repository's examples and test fixtures, and a set of edge
cases, loaded afresh and through the document cache (written, then read back by a new cache
object, as the next run would): data, positions, key positions, findings and schema findings
must be identical, down to int against float, -0.0 and NaN."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pytest

from governance.cache import DocumentCache, checked_bytes, open_cache
from governance.cache.codec import Checked
from governance.source.files import Loader, loader_for

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("cards", "personas", "policies", "tests/fixtures")
SUFFIXES = (".yaml", ".yml", ".json")

EDGE_CASES = {
    "numbers.yaml": b"a: .nan\nb: -.inf\nc: .inf\nd: -0.0\ne: 0.0\nf: 1\ng: 1.0\n"
    b"h: 123456789012345678901234567890\ni: 0x1F\nj: 1e308\nk: 5e-324\nl: !!float 3\n",
    "big-int.yaml": b"h: 123456789012345678901234567890\nm: -9223372036854775809\n",
    "huge-hex.yaml": b"n: 0x" + b"f" * 5000 + b"\n",  # too long for json.dumps: not cached
    "strings.yaml": b'a: "\\u00e9\\U0001F600"\nb: \'\'\nc: "tab\\there"\nd: ~\ne: [yes, no]\n',
    "keys.yaml": b"'0': zero\n1: one\nnested: {x: [1, {y: [[], {}]}]}\n",
    "aliases.yaml": b"base: &b {x: 1, y: [1, 2]}\ncopy: *b\n",
    "duplicate.yaml": b"a: 1\na: 2\n",
    "tabs.yaml": b"a:\n\tb: 1\n",
    "syntax.yaml": b"a: [unclosed\n",
    "empty.yaml": b"",
    "list.yaml": b"- 1\n- 2\n",
    "tagged.yaml": b"a: !python/object:os.system x\n",
    "merge.yaml": b"<<: {a: 1}\n",
    "bad-utf8.yaml": b"a: \xff\n",
    "bom.yaml": b"\xef\xbb\xbfa: 1\n",
    "crlf.yaml": b"a: 1\r\nb:\r\n  - 2\r\n",
    "numbers.json": b'{"a": -0.0, "b": 1, "c": 1.0, "d": 123456789012345678901234567890, '
    b'"e": 1e308, "f": [true, false, null]}',
    "surrogate.json": b'{"\\ud800": "\\udfff", "k": ["\\ud83d\\ude00"]}',
    "nan.json": b'{"a": NaN}',
    "duplicate.json": b'{"a": 1, "a": 2}',
    "array.json": b"[1, 2]",
    "trailing.json": b'{"a": 1,}',
    "deep.json": b'{"a": ' + b"[" * 70 + b"]" * 70 + b"}",
}


def _kind(relative: str) -> str:
    if "card" in relative:
        return "card"
    if relative.endswith(".json"):
        return "policy"
    return "activity" if "activit" in relative else "persona"


def _files() -> list[tuple[str, bytes]]:
    found = [
        (p.relative_to(ROOT).as_posix(), p.read_bytes())
        for folder in FOLDERS
        for p in sorted((ROOT / folder).rglob("*"))
        if p.suffix in SUFFIXES and p.is_file()
    ]
    return [*found, *((f"edge/{name}", raw) for name, raw in EDGE_CASES.items())]


def identical(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down; NaN equals NaN, -0.0 does not equal 0.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a):
            return math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a):
        return identical(dataclasses.astuple(a), dataclasses.astuple(b))
    return bool(a == b)


def _same(fresh: Checked, cached: Checked) -> None:
    (doc, schema), (other, other_schema) = fresh, cached
    assert doc.path == other.path
    assert identical(doc.data, other.data)
    assert identical(list(doc.positions.items()), list(other.positions.items()))
    assert identical(list(doc.key_positions.items()), list(other.key_positions.items()))
    assert identical(doc.findings, other.findings)
    assert identical(schema, other_schema)


def test_every_file_loads_the_same_through_the_cache(tmp_path: Path) -> None:
    files = _files()
    assert len(files) > 100
    loads = [(relative, raw, loader_for(Path(relative))) for relative, raw in files]
    fresh = [checked_bytes(raw, rel, _kind(rel), load, None) for rel, raw, load in loads]
    writer = open_cache(tmp_path)
    assert writer is not None
    written = [checked_bytes(raw, rel, _kind(rel), load, writer) for rel, raw, load in loads]
    writer.save()
    read, reader = _through_a_new_cache(tmp_path, loads)
    for (relative, _, _), one, two, three in zip(loads, fresh, written, read, strict=True):
        try:
            _same(one, two)
            _same(one, three)  # clean JSON files' positions computed now, by the comparison
        except AssertionError as error:
            raise AssertionError(f"{relative} differs through the cache") from error
    reader.save()  # now with the clean JSON files' positions
    again, last = _through_a_new_cache(tmp_path, loads)
    assert all(entry[1] is not None for entry in last.stored.values())
    huge = writer.key("edge/huge-hex.yaml", "persona", EDGE_CASES["huge-hex.yaml"])
    assert huge not in last.stored
    for (relative, _, _), one, four in zip(loads, fresh, again, strict=True):
        try:
            _same(one, four)
        except AssertionError as error:
            raise AssertionError(f"{relative} differs through the cache, twice") from error


def _through_a_new_cache(
    folder: Path, loads: list[tuple[str, bytes, Loader]]
) -> tuple[list[Checked], DocumentCache]:
    """Every file loaded through the cache as the next run would read it."""
    reader = open_cache(folder)
    assert reader is not None
    read = [checked_bytes(raw, rel, _kind(rel), load, reader) for rel, raw, load in loads]
    assert len(reader.used) == len(reader.stored)  # every entry served
    return read, reader


@pytest.mark.parametrize("name", ["numbers.yaml", "surrogate.json", "keys.yaml"])
def test_edge_cases_are_cached_not_skipped(tmp_path: Path, name: str) -> None:
    cache = open_cache(tmp_path)
    assert cache is not None
    relative = f"edge/{name}"
    checked_bytes(EDGE_CASES[name], relative, "persona", loader_for(Path(name)), cache)
    assert len(cache.delta().added) == 1

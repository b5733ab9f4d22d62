"""The token scanner gives a valid JSON file the position tables the full parser gives it: the
same paths, the same spans, in the same order (the document cache stores them as they come)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.source.json_loader import _fast
from governance.source.json_parser import parse_json
from governance.source.json_positions import scan_positions

ROOT = Path(__file__).parent.parent
FILES = sorted(
    p
    for folder in ("tests", "policies", "compiled", "schemas", "personas", "docs", "benchmarks")
    for p in (ROOT / folder).rglob("*.json")
)


def _same_tables(text: str) -> None:
    assert _fast(text) is not None  # the scanner is only for texts the fast path accepts
    tree = parse_json(text, "x.json").tree
    spans, key_spans = scan_positions(text)
    assert list(spans.items()) == list(tree.spans.items())
    assert list(key_spans.items()) == list(tree.key_spans.items())


@pytest.mark.parametrize("file", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_repository_json_files(file: Path) -> None:
    text = file.read_text("utf-8").removeprefix("\ufeff")
    if _fast(text) is None:
        pytest.skip("not a clean JSON mapping: the full parser reads it")
    _same_tables(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "x\\"y", "b\\u00e9\\n": [1, -2.5e3, true, false, null, "", {}], "": []}',
        '{\r\n  "k": [[], [[]], {"x": {}}],\r\n  "s": "tab\\there"\r\n}',
        '{"caf\u00e9": "\u2028", "\\\\": "\\\\", "n": 0}',
        '\n\n   {"a":1}   \n',
    ],
)
def test_awkward_texts(text: str) -> None:
    _same_tables(text)


_NUMBERS = st.integers() | st.floats(allow_nan=False, allow_infinity=False)
_SCALARS = st.none() | st.booleans() | _NUMBERS | st.text()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text(), _VALUES, max_size=5),
    st.sampled_from([None, 0, 1, 2, "\t"]),
    st.booleans(),
)
def test_any_mapping(data: dict, indent: int | str | None, ascii_only: bool) -> None:
    _same_tables(json.dumps(data, indent=indent, ensure_ascii=ascii_only))

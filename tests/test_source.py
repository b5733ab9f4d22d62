"""The strict loader: every rule at an exact position, and no input that makes it raise."""

from __future__ import annotations

import itertools
import json
import math
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from governance.codes import SCH002, SCH006
from governance.findings import Severity
from governance.source import (
    MAX_FILE_BYTES,
    Document,
    Position,
    load_json_bytes,
    load_path,
    load_yaml_bytes,
    yaml_builder,
)

FIXTURES = Path(__file__).parent / "fixtures" / "source"
PERSONA = (FIXTURES / "persona.yaml").read_bytes()


def yml(text: str) -> Document:
    return load_yaml_bytes(text.encode(), "x.yaml")


def spots(doc: Document) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in doc.findings]


@pytest.fixture(params=["libyaml", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with libyaml and again with the pure-Python fallback parser."""
    if request.param == "libyaml" and not yaml.__with_libyaml__:
        pytest.skip("libyaml is not available")
    loader = yaml.CSafeLoader if request.param == "libyaml" else yaml.SafeLoader
    monkeypatch.setattr(yaml_builder, "PARSER", loader)
    yield request.param


# Positions


def test_positions_of_nested_values_and_keys(parser: str) -> None:
    doc = load_yaml_bytes(PERSONA, "personas/p.yaml")
    assert doc.ok and doc.findings == ()
    buckets = ("activities", 2, "s3-bucket-access", "buckets")
    assert doc.position((*buckets, 0)) == Position(16, 11, 16, 25)
    assert doc.position((*buckets, 1)).line == 17
    assert doc.key_position(buckets) == Position(15, 7, 15, 14)
    assert (doc.position(buckets).line, doc.position(buckets).column) == (16, 9)
    flow = ("activities", 3, "query-athena-workgroups", "workgroups", 0)
    assert doc.position(flow) == Position(18, 44, 18, 51)
    assert doc.key_position(("tags", "review")) == Position(25, 3, 25, 9)


def test_position_falls_back_to_the_nearest_ancestor() -> None:
    doc = load_yaml_bytes(PERSONA, "p.yaml")
    buckets = ("activities", 2, "s3-bucket-access", "buckets")
    assert doc.position((*buckets, 9, "x")) == doc.position(buckets)
    assert doc.key_position((*buckets, 9)) == doc.position(buckets)
    assert Document("e.yaml", None).position(("a",)) == Position(1, 1, 1, 1)


def test_finding_helper_uses_the_value_or_key_position() -> None:
    doc = load_yaml_bytes(PERSONA, "personas/p.yaml")
    path = ("role", "max_session_hours")
    found = doc.finding(SCH006, path, "too long", "use 1-12")
    assert (found.file, found.line, found.column, found.json_path) == (
        "personas/p.yaml",
        10,
        22,
        path,
    )
    assert (found.end_line, found.end_column, found.hint) == (10, 23, "use 1-12")
    at_key = doc.finding(SCH002, path, "unknown", at_key=True)
    assert (at_key.line, at_key.column) == (10, 3)


def test_data_is_plain() -> None:
    data = load_yaml_bytes(PERSONA, "p.yaml").data
    assert data is not None
    assert data["title"] == "Data Scientist (team A)"
    assert data["description"] == "Studio users of team A. Jobs run in the ML VPC.\n"
    assert data["tags"] == {"team": "a", "cost-center": "4711", "review": "2027-03-31"}
    assert data["activities"][3] == {"query-athena-workgroups": {"workgroups": ["primary"]}}


def test_json_positions() -> None:
    doc = load_json_bytes(b'{\n  "a": {\n    "bb": [1, {"c": 2}]\n  }\n}\n', "p.json")
    assert doc.ok
    assert doc.position(("a", "bb", 1, "c")) == Position(3, 21, 3, 22)
    assert doc.key_position(("a", "bb")) == Position(3, 5, 3, 9)
    assert doc.position(()) == Position(1, 1, 5, 2)


# One test per rule, at an exact place


def test_src001_invalid_utf8() -> None:
    assert spots(load_yaml_bytes(b"a: 1\nb: caf\xff\n", "x.yaml")) == [("SRC001", 2, 7)]
    assert spots(load_json_bytes(b'{"a": "\xc3\xa9\xc3"}', "x.json")) == [("SRC001", 1, 9)]
    assert load_yaml_bytes(b"a: \xff", "x.yaml").data is None


def test_src001_bom_is_accepted() -> None:
    assert load_yaml_bytes(b"\xef\xbb\xbfa: 1\n", "x.yaml").data == {"a": 1}
    assert load_json_bytes(b'\xef\xbb\xbf{"a": 1}', "x.json").data == {"a": 1}


def test_src002_too_large() -> None:
    raw = b" " * (MAX_FILE_BYTES + 1)
    assert spots(load_yaml_bytes(raw, "x.yaml")) == [("SRC002", 1, 1)]
    assert spots(load_json_bytes(raw, "x.json")) == [("SRC002", 1, 1)]


def test_src002_large_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" + b"#" * MAX_FILE_BYTES)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse)
    assert spots(load_path(big, "big.yaml")) == [("SRC002", 1, 1)]


def test_src003_yaml_syntax(parser: str) -> None:
    doc = yml("a: 1\nb: c: d\n")
    assert spots(doc) == [("SRC003", 2, 5)]
    assert doc.data is None


def test_src003_message_is_cleaned_up() -> None:
    (found,) = yml("a: {b: 1\n").findings
    assert (found.rule, found.line, found.column) == ("SRC003", 2, 1)
    assert found.message.startswith("expected ',' or '}'")
    assert found.hint


def test_src003_more_than_one_document() -> None:
    assert spots(yml("a: 1\n---\nb: 2\n")) == [("SRC003", 2, 1)]


def test_src003_undefined_alias() -> None:
    assert spots(yml("a: 1\nb: *nope\n")) == [("SRC003", 2, 4)]


def test_src003_control_character() -> None:
    assert spots(yml("a: 1\nb: x\x07\n")) == [("SRC003", 2, 5)]


JSON_ERRORS = {
    "missing comma": ('{"a": 1\n "b": 2}', (2, 2), "expected ',' or '}'"),
    "trailing comma in object": ('{"a": 1,}', (1, 9), "expected a key"),
    "trailing comma in array": ('{"a": [1,]}', (1, 10), "expected a value"),
    "NaN": ('{"a": NaN}', (1, 7), "'NaN'"),
    "comment": ('{"a": 1 // no\n}', (1, 9), "expected ',' or '}'"),
    "single quotes": ("{'a': 1}", (1, 2), "double quotes"),
    "unterminated string": ('{"a": "x', (1, 7), "not closed"),
    "raw tab in string": ('{"a": "x\ty"}', (1, 9), "control character"),
    "bad escape": ('{"a": "\\q"}', (1, 8), "escape"),
    "leading zero": ('{"a": 01}', (1, 8), "expected ',' or '}'"),
    "extra data": ('{"a": 1} {}', (1, 10), "extra content"),
    "truncated": ('{"a": [1, 2', (1, 12), "end of the file"),
    "huge integer": ('{"a": ' + "1" * 5000 + "}", (1, 7), "too many digits"),
}


@pytest.mark.parametrize("case", sorted(JSON_ERRORS))
def test_src003_json_syntax(case: str) -> None:
    text, (line, column), words = JSON_ERRORS[case]
    doc = load_json_bytes(text.encode(), "x.json")
    assert spots(doc) == [("SRC003", line, column)]
    assert words in doc.findings[0].message
    assert doc.data is None


def test_src004_duplicate_key_keeps_the_first() -> None:
    doc = yml("schema_version: 1\nid: a\ntitle: t\nid: b\n")
    assert spots(doc) == [("SRC004", 4, 1)]
    assert doc.findings[0].message == "duplicate key 'id' (first defined on line 2)"
    assert doc.data == {"schema_version": 1, "id": "a", "title": "t"}
    assert doc.position(("id",)) == Position(2, 5, 2, 6)


def test_src004_duplicate_in_flow_mapping_and_json() -> None:
    assert spots(yml("tags: {team: a, team: b}\n")) == [("SRC004", 1, 17)]
    doc = load_json_bytes(b'{\n "a": {"x": 1},\n "a": {"x": 2}\n}', "x.json")
    assert spots(doc) == [("SRC004", 3, 2)]
    assert "first defined on line 2" in doc.findings[0].message
    assert doc.data == {"a": {"x": 1}}
    assert doc.position(("a", "x")) == Position(2, 13, 2, 14)


def test_src005_tab_indentation() -> None:
    assert spots(yml("a:\n\tb: 1\n")) == [("SRC005", 2, 1)]
    assert spots(yml("a:\n  \tb: 1\n\t\tc: 2\n")) == [("SRC005", 2, 3), ("SRC005", 3, 1)]


def test_src005_tab_in_flow_indentation_keeps_the_data() -> None:
    doc = yml("a: [1,\n\t2]\n")
    assert spots(doc) == [("SRC005", 2, 1)]
    assert doc.data == {"a": [1, 2]}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: x\ty\n", "x\ty"),
        ("a: |\n  x\n  \ty\n", "x\n\ty\n"),
        ('a: "x\n\ty"\n', "x y"),
    ],
)
def test_src005_tabs_inside_values_are_fine(text: str, value: str) -> None:
    doc = yml(text)
    assert doc.findings == ()
    assert doc.data == {"a": value}


def test_src006_custom_tag() -> None:
    doc = yml("a: 1\nb: !Ref x\n")
    assert spots(doc) == [("SRC006", 2, 4)]
    assert not doc.ok


def test_src006_python_tag_runs_nothing(parser: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for text in (
        f'a: !!python/object/apply:os.system ["touch {marker}"]\n',
        f'!!python/object/apply:os.system ["touch {marker}"]\n',
        f"a: !!python/object/new:subprocess.check_call [[touch, '{marker}']]\n",
    ):
        doc = yml(text)
        assert [f.rule for f in doc.findings][:1] == ["SRC006"]
        assert "!!python/object" in doc.findings[0].message
    assert not marker.exists()


def test_src006_standard_tags() -> None:
    doc = yml("a: !!int '12'\nb: !!str 12\nc: !!float 1\nd: !!null ''\ne: !!map {x: 1}\n")
    assert doc.data == {"a": 12, "b": "12", "c": 1.0, "d": None, "e": {"x": 1}}
    assert doc.findings == ()


def test_src006_tag_that_does_not_fit() -> None:
    assert spots(yml("a: !!int abc\nb: !!map [1]\nc: !!bool yes\n")) == [
        ("SRC006", 1, 4),
        ("SRC006", 2, 4),
        ("SRC006", 3, 4),
    ]


def laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in itertools.pairwise("abcdefghijk"[: levels + 1]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_src007_billion_laughs(parser: str) -> None:
    start = time.perf_counter()
    doc = yml(laughs())
    assert time.perf_counter() - start < 2
    assert [f.rule for f in doc.findings] == ["SRC007"]
    assert doc.findings[0].line == 6
    assert doc.data is None


def test_src007_too_many_aliases() -> None:
    doc = yml("a: &x 1\nb: [" + ", ".join(["*x"] * 101) + "]\n")
    assert spots(doc) == [("SRC007", 2, 405)]
    assert doc.data is None
    assert yml("a: &x 1\nb: [" + ", ".join(["*x"] * 100) + "]\n").ok


def test_src007_recursive_alias() -> None:
    doc = yml("a: &a [1, *a]\n")
    assert spots(doc) == [("SRC007", 1, 11)]
    assert doc.data is None


def test_aliases_expand_to_independent_copies() -> None:
    doc = yml("a: &x {k: [1]}\nb: *x\n")
    assert doc.ok
    assert doc.data == {"a": {"k": [1]}, "b": {"k": [1]}}
    assert doc.data["a"] is not doc.data["b"]
    assert doc.position(("b", "k", 0)) == doc.position(("b",)) == Position(2, 4, 2, 6)


@pytest.mark.parametrize(
    ("text", "spot"),
    [
        ("[" * 10_000, (1, 65)),
        ("a: " + "{b: " * 10_000, (1, 256)),
        ("- " * 10_000 + "x", (1, 129)),
        ("a:\n" + "".join(" " * n + "k:\n" for n in range(1, 200)), (65, 65)),
    ],
    ids=["flow-seq", "flow-map", "block-seq", "block-map"],
)
def test_src008_deep_yaml(parser: str, text: str, spot: tuple[int, int]) -> None:
    doc = yml(text)
    assert spots(doc) == [("SRC008", *spot)]
    assert doc.data is None


def test_src008_limit_is_64_levels() -> None:
    assert yml("a: " + "[" * 63 + "]" * 63).ok
    assert spots(yml("a: " + "[" * 64 + "]" * 64)) == [("SRC008", 1, 67)]


def test_src008_deep_json() -> None:
    assert spots(load_json_bytes(b"[" * 10_000, "x.json")) == [("SRC008", 1, 65)]
    assert spots(load_json_bytes(b'{"a": ' * 10_000, "x.json")) == [("SRC008", 1, 385)]
    assert load_json_bytes(b'{"a": ' + b"[" * 63 + b"]" * 63 + b"}", "x.json").ok


@pytest.mark.parametrize("text", ["", "\n  \n", "# only a comment\n\n", "---\n"])
def test_src009_empty_yaml(text: str) -> None:
    doc = yml(text)
    assert spots(doc) == [("SRC009", 1, 1)]
    assert doc.data is None


def test_src009_empty_json() -> None:
    assert spots(load_json_bytes(b" \n\t", "x.json")) == [("SRC009", 1, 1)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n", "a list"), ("~\n", "null"), ("x", "text"), ("'x'", "text"), ("!!int 1", "number")],
)
def test_src010_top_level_not_a_mapping(text: str, kind: str) -> None:
    doc = yml("# c\n" + text)
    assert spots(doc) == [("SRC010", 2, 1)]
    assert kind in doc.findings[0].message
    assert doc.data is None


def test_src010_json() -> None:
    assert spots(load_json_bytes(b"\n[1, 2]", "x.json")) == [("SRC010", 2, 1)]


def test_src011_yaml11_booleans_are_text_with_a_warning() -> None:
    doc = yml("country: NO\nflags: [on, 'off', Yes]\n")
    assert doc.data == {"country": "NO", "flags": ["on", "off", "Yes"]}
    assert spots(doc) == [("SRC011", 1, 10), ("SRC011", 2, 9), ("SRC011", 2, 20)]
    first = doc.findings[0]
    assert first.severity is Severity.WARNING
    assert first.message == (
        "YAML 1.1 tools read 'NO' as a boolean; "
        "quote it ('NO') if you mean the text, or write false"
    )
    assert doc.ok


def test_src011_not_for_keys_or_quoted_text() -> None:
    doc = yml("on: 'yes'\nb: \"no\"\n")
    assert doc.findings == ()
    assert doc.data == {"on": "yes", "b": "no"}


def test_src012_non_scalar_key() -> None:
    doc = yml("? [a, b]\n: 1\nc: 2\n")
    assert spots(doc) == [("SRC012", 1, 3)]
    assert doc.data == {"c": 2}


def test_src012_merge_key() -> None:
    doc = yml("base: &b {x: 1}\nmine:\n  <<: *b\n  y: 2\n")
    assert spots(doc) == [("SRC012", 3, 3)]
    assert doc.findings[0].message == "merge keys (<<) are not supported; write the keys out"
    assert doc.data == {"base": {"x": 1}, "mine": {"y": 2}}
    assert yml("'<<': 1\n").data == {"<<": 1}


# Scalars: the YAML 1.2 core schema

SCALARS = [
    ("~", None),
    ("null", None),
    ("Null", None),
    ("NULL", None),
    ("", None),
    ("true", True),
    ("True", True),
    ("TRUE", True),
    ("false", False),
    ("False", False),
    ("FALSE", False),
    ("yes", "yes"),
    ("off", "off"),
    ("tRUE", "tRUE"),
    ("0", 0),
    ("-12", -12),
    ("+7", 7),
    ("-0", 0),
    ("0o17", 15),
    ("0x1F", 31),
    ("0755", "0755"),
    ("00", "00"),
    ("1:20", "1:20"),
    ("1_000", "1_000"),
    ("0x", "0x"),
    ("0o8", "0o8"),
    ("1.5", 1.5),
    ("-1.5e3", -1500.0),
    ("1e3", 1000.0),
    (".5", 0.5),
    ("1.", 1.0),
    (".inf", math.inf),
    ("-.Inf", -math.inf),
    ("+.INF", math.inf),
    ("1.2.3", "1.2.3"),
    ("2027-03-31", "2027-03-31"),
    ("2027-03-31T10:00:00Z", "2027-03-31T10:00:00Z"),
    ("'true'", "true"),
    ('"12"', "12"),
    ("'~'", "~"),
    ("arn:aws:iam::aws:policy/X", "arn:aws:iam::aws:policy/X"),
]


@pytest.mark.parametrize(("text", "value"), SCALARS, ids=[repr(t) for t, _ in SCALARS])
def test_scalar_resolution(text: str, value: object) -> None:
    doc = yml(f"v: {text}\n")
    got = doc.data["v"] if doc.data else doc
    assert got == value and type(got) is type(value)


def test_nan() -> None:
    data = yml("v: .NaN\n").data
    assert data is not None and math.isnan(data["v"])


def test_keys_are_text() -> None:
    assert yml("1: a\ntrue: b\nnull: c\n0x1F: d\n").data == {
        "1": "a",
        "true": "b",
        "null": "c",
        "0x1F": "d",
    }


# JSON: same data as json.loads

JSON_DOCS = [
    "{}",
    '{"a": []}',
    '{"a": [1, -1, 0, -0, 10, 12345678901234567890]}',
    '{"f": [1.5, -0.25, 1e10, 1E-3, 2.5e+3, -0.0, 1e400]}',
    '{"s": ["", "plain", "caf\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\"\\\\\\/\\b\\f\\n\\r\\t"]}',
    '{"raw": "Grüße 😀", "k\\u00e9y": true, "n": null, "f": false}',
    '{"nested": {"a": [{"b": [[], {}]}, [[1], [2, [3]]]]}}',
    ' \n\t{ "spaced" :\r\n [ 1 , 2 ] } \n',
    '{"deep": ' + "[" * 60 + "]" * 60 + "}",
]


@pytest.mark.parametrize("text", JSON_DOCS)
def test_json_parity(text: str) -> None:
    doc = load_json_bytes(text.encode(), "x.json")
    assert doc.findings == ()
    assert doc.data == json.loads(text)


def test_json_types_match() -> None:
    text = '{"i": 1, "f": 1.0, "e": 1e2, "b": true}'
    data = load_json_bytes(text.encode(), "x.json").data
    assert data is not None
    assert [type(v) for v in data.values()] == [type(v) for v in json.loads(text).values()]


# load_path


def test_load_path_picks_the_loader_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"a": 1}')
    (tmp_path / "b.yml").write_text("b: 2\n")
    (tmp_path / "c.YAML").write_text("c: yes\n")
    assert load_path(tmp_path / "a.json").data == {"a": 1}
    assert load_path(tmp_path / "b.yml", "b.yml").path == "b.yml"
    assert load_path(tmp_path / "c.YAML").findings[0].rule == "SRC011"
    assert load_path(tmp_path / "a.json").path == (tmp_path / "a.json").as_posix()


def test_load_path_unreadable(tmp_path: Path) -> None:
    doc = load_path(tmp_path / "missing.yaml", "missing.yaml")
    assert spots(doc) == [("SRC000", 1, 1)]
    assert doc.data is None and not doc.ok


# Never raise


def mutations(base: bytes, rng: random.Random) -> Iterator[bytes]:
    specials = b"[]{}:,-&*!|>?'\"\t\n\r#%@`~\\\x00\x85\xff\xc3"
    for _ in range(300):
        data = bytearray(base)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data) + 1)
            choice = rng.random()
            if choice < 0.4:
                data[at:at] = bytes([rng.choice(specials)])
            elif choice < 0.7:
                del data[at : at + rng.randint(1, 8)]
            else:
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        yield bytes(data[: rng.randrange(len(data) + 1)] if rng.random() < 0.3 else data)
    for _ in range(50):
        yield bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))


JSON_BASE = b'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*"],'
JSON_BASE += b' "Resource": "*", "n": [1, -2.5e3, true, null], "u": "\\u00e9\\ud83d\\ude00"}]}'


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_inputs_never_raise(seed: int) -> None:
    rng = random.Random(seed)
    for load, base in ((load_yaml_bytes, PERSONA), (load_json_bytes, JSON_BASE)):
        for raw in mutations(base, rng):
            doc = load(raw, "fuzz")
            assert isinstance(doc, Document)
            assert not any("unexpectedly" in f.message for f in doc.findings), (raw, doc.findings)
            assert all(f.line >= 1 and f.column >= 1 for f in doc.findings)
            assert doc.data is None or isinstance(doc.data, dict)

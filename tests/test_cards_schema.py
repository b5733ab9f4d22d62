"""`mlgov schema`: printed and written schemas, self-contained for editors; the committed card
schema is current and the example cards' modelines point at it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from governance.schemas import KINDS
from governance.schemas.editor import editor_schema, schema_text
from governance.source import load_yaml_bytes
from mlgov.cli import main
from tests.conftest import ROOT

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    return [r for v in node for r in _refs(v)] if isinstance(node, list) else []


@pytest.mark.parametrize("kind", KINDS)
def test_editor_schemas_are_valid_and_self_contained(kind: str) -> None:
    schema = editor_schema(kind)
    Draft202012Validator.check_schema(schema)
    refs = _refs(schema)
    assert all(r.startswith("#/$defs/") for r in refs), refs
    names = {r.removeprefix("#/$defs/").split("/")[0] for r in refs}
    assert names <= set(schema["$defs"])


def test_mlgov_schema_card_prints_the_card_schema(capsys: Any) -> None:
    assert main(["schema", "card"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$id"] == "urn:mlgov:schema:card:1"
    assert printed == editor_schema("card")


def test_mlgov_schema_writes_every_schema_once_and_checks_them(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "schemas"
    assert main(["-C", str(tmp_path), "schema", "--check"]) == 1
    assert main(["-C", str(tmp_path), "schema"]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    assert f"({len(KINDS)} written)" in capsys.readouterr().err
    assert main(["-C", str(tmp_path), "schema", "--out", str(out)]) == 0
    assert "(0 written)" in capsys.readouterr().err
    assert main(["-C", str(tmp_path), "schema", "--check"]) == 0
    (out / "card.schema.json").write_text("{}")
    assert main(["-C", str(tmp_path), "schema", "--check"]) == 1
    assert "card.schema.json: not current; run `mlgov schema`" in capsys.readouterr().out


def test_the_committed_card_schema_is_current() -> None:
    """The file the example cards' modelines name; regenerate it with `mlgov schema`."""
    committed = ROOT / "schemas" / "card.schema.json"
    assert committed.read_text("utf-8") == schema_text("card"), "run `mlgov schema`"


@pytest.mark.parametrize("card", sorted((ROOT / "cards").glob("*.yaml")), ids=lambda p: p.name)
def test_example_cards_name_an_existing_schema_that_accepts_them(card: Path) -> None:
    text = card.read_text("utf-8")
    found = MODELINE.match(text)
    assert found, f"{card.name}: no schema modeline on its first line"
    target = (card.parent / found.group(1)).resolve()
    assert target == (ROOT / "schemas" / "card.schema.json").resolve()
    doc = load_yaml_bytes(text.encode(), card.name)
    validator = Draft202012Validator(json.loads(target.read_text("utf-8")))
    assert not list(validator.iter_errors(doc.data))


def test_the_editor_schema_still_rejects_what_the_card_schema_rejects() -> None:
    validator = Draft202012Validator(editor_schema("card"))
    bad = {"schema_version": 1, "id": "x", "status": "Draft", "personas": {"use": ["Not An Id"]}}
    assert [e.validator for e in validator.iter_errors(bad)] == ["pattern"]
    waived = {**bad, "personas": {}, "waivers": [{"rule": "CRD004"}]}
    assert [e.validator for e in validator.iter_errors(waived)] == ["required"]

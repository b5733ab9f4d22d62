"""A new card file from card data: the schema modeline, then the fields in the card's
conventional order (governance first, SageMaker's sections after), deterministic."""

from __future__ import annotations

from typing import Any

from governance import schemas
from governance.cards import render
from governance.findings import MlgovError, render_path
from governance.source import load_yaml_bytes

# Where `mlgov schema` writes the card schema, seen from a card in cards/.
SCHEMA_REF = "../schemas/card.schema.json"


def modeline(schema_ref: str = SCHEMA_REF) -> str:
    """The comment yaml-language-server reads to complete and check the file."""
    return f"# yaml-language-server: $schema={schema_ref}\n"


def card_yaml(data: dict[str, Any], schema_ref: str = SCHEMA_REF) -> str:
    order = list(schemas.schema("card")["properties"])
    rank = {key: i for i, key in enumerate(order)}
    ordered = dict(sorted(data.items(), key=lambda kv: rank.get(kv[0], len(order))))
    # render writes what mlgov's own loader reads back as the same value ("5e-5" stays a
    # string), in the example cards' style; yaml.safe_dump follows YAML 1.1 and does neither.
    lines = [line for key, value in ordered.items() for line in _top(key, value)]
    text = modeline(schema_ref) + "\n".join(lines) + "\n"
    _check(text, ordered)
    return text


def _top(key: str, value: Any) -> list[str]:
    """A top-level field: sections that nest go one key per line, the rest as render has it."""
    if isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values()):
        return [f"{render.scalar(key)}:", *render.block(value, 2)]
    return render.block({key: value}, 0)


def _check(text: str, data: dict[str, Any]) -> None:
    """What we write must load back clean and the same: refuse rather than leave a broken
    file. The file is not written yet, so the place is named by its path in the card."""
    doc = load_yaml_bytes(text.encode(), "card.yaml")
    problems = [*doc.findings, *schemas.validate("card", doc)]
    if problems:
        first = problems[0]
        where = render_path(first.json_path)
        raise MlgovError(
            f"the imported card would not be valid at {where}: {first.message} ({first.rule})"
        )
    if doc.data != data:
        raise MlgovError("internal error: the imported card would not load back as imported")

"""A new card file from card data: the schema modeline, then the fields in the card's
conventional order (governance first, SageMaker's sections after), deterministic."""

from __future__ import annotations

from typing import Any

import yaml

from governance import schemas
from governance.findings import MlgovError
from governance.source import load_yaml_bytes

# Where `mlgov schema` writes the card schema, seen from a card in cards/.
SCHEMA_REF = "../schemas/card.schema.json"


def modeline(schema_ref: str = SCHEMA_REF) -> str:
    """The comment yaml-language-server reads to complete and check the file."""
    return f"# yaml-language-server: $schema={schema_ref}\n"


def card_yaml(data: dict[str, Any], schema_ref: str = SCHEMA_REF) -> str:
    order = list(schemas.schema("card")["properties"])
    ordered = dict(sorted(data.items(), key=lambda kv: order.index(kv[0])))
    body = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    text = modeline(schema_ref) + body
    _check(text)
    return text


def _check(text: str) -> None:
    """What we write must load back clean: refuse rather than leave a broken file."""
    doc = load_yaml_bytes(text.encode(), "card.yaml")
    problems = [*doc.findings, *schemas.validate("card", doc)]
    if problems:
        first = problems[0]
        raise MlgovError(f"the imported card would not be valid: {first.message} ({first.rule})")

"""A new card file from card data: the schema modeline, then the fields in the card's
conventional order (governance first, SageMaker's sections after), deterministic."""

from __future__ import annotations

from typing import Any

import yaml

from governance import schemas
from governance.findings import MlgovError
from governance.source import load_yaml_bytes

MODELINE = "# yaml-language-server: $schema=../governance/schemas/card.schema.json\n"


def card_yaml(data: dict[str, Any]) -> str:
    order = list(schemas.schema("card")["properties"])
    ordered = dict(sorted(data.items(), key=lambda kv: order.index(kv[0])))
    text = MODELINE + yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    _check(text)
    return text


def _check(text: str) -> None:
    """What we write must load back clean: refuse rather than leave a broken file."""
    doc = load_yaml_bytes(text.encode(), "card.yaml")
    problems = [*doc.findings, *schemas.validate("card", doc)]
    if problems:
        first = problems[0]
        raise MlgovError(f"the imported card would not be valid: {first.message} ({first.rule})")

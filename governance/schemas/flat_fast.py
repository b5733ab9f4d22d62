"""Quick, exact acceptance for a mapping of plain values against a schema's `properties`.

It understands a handful of keywords on scalar properties; anything else makes it "not sure"
(False), and jsonschema decides. It never says True for data the schema rejects.
"""

from __future__ import annotations

import re
from typing import Any

_UNDERSTOOD = {"type", "pattern", "enum", "minimum", "maximum", "minLength", "description"}
_TYPES = {"string": str, "integer": int}


def flat_surely_valid(schema: dict[str, Any], data: Any) -> bool:
    if not isinstance(data, dict) or schema.get("additionalProperties") is not False:
        return False
    if set(schema) - {
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "properties",
        "additionalProperties",
    }:
        return False
    properties = schema.get("properties", {})
    return all(
        key in properties and _value_ok(properties[key], value) for key, value in data.items()
    )


def _value_ok(spec: dict[str, Any], value: Any) -> bool:
    if set(spec) - _UNDERSTOOD or isinstance(value, bool):
        return False
    if "enum" in spec:
        return value in spec["enum"]
    kind = _TYPES.get(spec.get("type", ""))
    if kind is None or not isinstance(value, kind):
        return False
    if isinstance(value, str):
        pattern = spec.get("pattern")
        return len(value) >= spec.get("minLength", 0) and (
            pattern is None or re.search(pattern, value) is not None
        )
    return spec.get("minimum", value) <= value <= spec.get("maximum", value)

"""A quick yes/no JSON Schema check for the common case: a document that is valid.

jsonschema spends most of a lint run of a thousand cards on bookkeeping it needs to report
errors (paths, contexts, evolving validators). Most documents have none, so this walks the
(ref-inlined) schema once with plain recursion and answers True (valid), False (invalid) or
None (a keyword or value it does not handle exactly). Only True is trusted; on False or None,
jsonschema runs and reports. tests/test_schema_quick.py checks the answers against jsonschema
on every example, fixture and thousands of mutated documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Any

Verdict = bool | None
IGNORED = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def is_valid(schema: Mapping[str, Any] | bool, value: Any) -> Verdict:
    if schema is True or schema == {}:
        return True
    if schema is False:
        return False
    verdict: Verdict = True
    for keyword, argument in schema.items():
        if keyword in IGNORED or keyword in ("then", "else"):
            continue
        check = KEYWORDS.get(keyword)
        result = None if check is None else check(argument, value, schema)
        if result is False:
            return False
        if result is None:
            verdict = None
    return verdict


def _all(results: Any) -> Verdict:
    verdict: Verdict = True
    for result in results:
        if result is False:
            return False
        if result is None:
            verdict = None
    return verdict


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": lambda v: _is_number(v) and (isinstance(v, int) or float(v).is_integer()),
}


def _type(argument: Any, value: Any, _: Any) -> Verdict:
    names = argument if isinstance(argument, list) else [argument]
    if any(name not in TYPES for name in names):
        return None
    return any(TYPES[name](value) for name in names)


def _properties(argument: Any, value: Any, _: Any) -> Verdict:
    if not isinstance(value, dict):
        return True
    return _all(is_valid(argument[k], v) for k, v in value.items() if k in argument)


def _additional(argument: Any, value: Any, schema: Mapping[str, Any]) -> Verdict:
    if not isinstance(value, dict):
        return True
    known = schema.get("properties", {})
    patterns = [_regex(p) for p in schema.get("patternProperties", {})]
    extra = [k for k in value if k not in known and not any(p.search(k) for p in patterns)]
    return _all(is_valid(argument, value[k]) for k in extra)


def _pattern_properties(argument: Any, value: Any, _: Any) -> Verdict:
    if not isinstance(value, dict):
        return True
    return _all(
        is_valid(sub, v)
        for pattern, sub in argument.items()
        for k, v in value.items()
        if _regex(pattern).search(k)
    )


def _property_names(argument: Any, value: Any, _: Any) -> Verdict:
    return True if not isinstance(value, dict) else _all(is_valid(argument, k) for k in value)


def _items(argument: Any, value: Any, _: Any) -> Verdict:
    if not isinstance(value, list) or not isinstance(argument, dict | bool):
        return True if not isinstance(value, list) else None
    return _all(is_valid(argument, item) for item in value)


def _unique(argument: Any, value: Any, _: Any) -> Verdict:
    if not argument or not isinstance(value, list):
        return True
    keys = [_key(item) for item in value]
    return None if None in keys else len(set(keys)) == len(keys)


def _key(value: Any) -> Any:
    """A hashable stand-in equal exactly when jsonschema's equality says so: booleans are not
    numbers, 1 equals 1.0, mappings compare by content. None for NaN (never equal to itself)."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int | float):
        return None if value != value else ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if value is None:
        return ("z",)
    if isinstance(value, list):
        items = [_key(v) for v in value]
        return None if None in items else ("l", tuple(items))
    if isinstance(value, dict):
        pairs = [(k, _key(v)) for k, v in value.items()]
        return None if any(v is None for _, v in pairs) else ("d", frozenset(pairs))
    return None


def _enum(argument: Any, value: Any, _: Any) -> Verdict:
    if not isinstance(value, str) or not all(isinstance(a, str) for a in argument):
        return None
    return value in argument


def _const(argument: Any, value: Any, _: Any) -> Verdict:
    if isinstance(argument, str) and isinstance(value, str):
        return value == argument
    if type(argument) is type(value) and isinstance(argument, int | str | bool):
        return value == argument
    return None


def _sized(kind: type, measure: Callable[[Any], int], compare: Callable[[int, Any], bool]) -> Any:
    def check(argument: Any, value: Any, _: Any) -> Verdict:
        return True if not isinstance(value, kind) else compare(measure(value), argument)

    return check


def _bound(compare: Callable[[Any, Any], bool]) -> Any:
    def check(argument: Any, value: Any, _: Any) -> Verdict:
        return True if not _is_number(value) else compare(value, argument)

    return check


def _pattern(argument: Any, value: Any, _: Any) -> Verdict:
    return True if not isinstance(value, str) else bool(_regex(argument).search(value))


def _format(argument: Any, value: Any, _: Any) -> Verdict:
    if argument != "date":
        return None
    if not isinstance(value, str):
        return True
    if not DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _any_of(argument: Any, value: Any, _: Any) -> Verdict:
    results = [is_valid(sub, value) for sub in argument]
    if True in results:
        return True
    return None if None in results else False


def _one_of(argument: Any, value: Any, _: Any) -> Verdict:
    results = [is_valid(sub, value) for sub in argument]
    return None if None in results else results.count(True) == 1


def _not(argument: Any, value: Any, _: Any) -> Verdict:
    result = is_valid(argument, value)
    return None if result is None else not result


def _if(argument: Any, value: Any, schema: Mapping[str, Any]) -> Verdict:
    condition = is_valid(argument, value)
    if condition is None:
        return None
    branch = schema.get("then" if condition else "else", True)
    return is_valid(branch, value)


def _required(argument: Any, value: Any, _: Any) -> Verdict:
    return True if not isinstance(value, dict) else all(k in value for k in argument)


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


KEYWORDS: dict[str, Callable[[Any, Any, Mapping[str, Any]], Verdict]] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "patternProperties": _pattern_properties,
    "propertyNames": _property_names,
    "required": _required,
    "items": _items,
    "uniqueItems": _unique,
    "enum": _enum,
    "const": _const,
    "minLength": _sized(str, len, lambda n, a: n >= a),
    "maxLength": _sized(str, len, lambda n, a: n <= a),
    "minItems": _sized(list, len, lambda n, a: n >= a),
    "maxItems": _sized(list, len, lambda n, a: n <= a),
    "minProperties": _sized(dict, len, lambda n, a: n >= a),
    "maxProperties": _sized(dict, len, lambda n, a: n <= a),
    "minimum": _bound(lambda v, a: v >= a),
    "maximum": _bound(lambda v, a: v <= a),
    "exclusiveMinimum": _bound(lambda v, a: v > a),
    "exclusiveMaximum": _bound(lambda v, a: v < a),
    "pattern": _pattern,
    "format": _format,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "not": _not,
    "if": _if,
}

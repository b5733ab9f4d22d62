"""JSON Schemas of mlgov's file kinds, and validation that reports every error with its position."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from governance.codes import SCH001, SCH002, SCH003, SCH004, SCH005, SCH006, SCH007, SCH008
from governance.findings import Finding, JsonPath
from governance.schemas.flat_fast import flat_surely_valid
from governance.schemas.policy_fast import surely_valid
from governance.schemas.quick import is_valid
from governance.source import Document

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

KINDS = ("persona", "activity", "config", "policy", "snapshot", "registry", "card", "studio")


# Exact quick acceptance of the common, valid case. jsonschema (about a third of start-up) is
# imported only when one of these is not sure, and then explains every error.
def _config_surely_valid(data: Any) -> bool:
    return flat_surely_valid(schema("config"), data)


FAST_CHECKS: dict[str, Callable[[Any], bool]] = {
    "policy": surely_valid,
    "config": _config_surely_valid,
}

# One rule id per schema keyword family, so users can select and waive them by id.
KEYWORD_RULES = {
    "required": (SCH001, "a required key is missing"),
    "additionalProperties": (SCH002, "an unknown key"),
    "propertyNames": (SCH002, "an unknown key"),
    "type": (SCH003, "a value of the wrong type"),
    "enum": (SCH004, "a value outside the allowed set"),
    "const": (SCH004, "a value outside the allowed set"),
    "pattern": (SCH005, "a value of the wrong form"),
    "format": (SCH005, "a value of the wrong form"),
    "minLength": (SCH006, "a value out of range"),
    "maxLength": (SCH006, "a value out of range"),
    "minimum": (SCH006, "a value out of range"),
    "maximum": (SCH006, "a value out of range"),
    "minItems": (SCH006, "a value out of range"),
    "maxItems": (SCH006, "a value out of range"),
    "minProperties": (SCH006, "a value out of range"),
    "maxProperties": (SCH006, "a value out of range"),
    "uniqueItems": (SCH007, "a list with repeated items"),
}
OTHER_RULE = (SCH008, "a value that matches none of the allowed shapes")


@cache
def schema(kind: str) -> dict[str, Any]:
    # Beside this module, read as a plain file: importlib.resources (with tempfile and
    # zipfile) would cost every run start-up time, and mlgov is never imported from a zip.
    text = (Path(__file__).parent / f"{kind}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry: Registry = Registry().with_resources(
        (schema(k)["$id"], Resource.from_contents(schema(k))) for k in KINDS
    )
    inlined = _inline_refs(schema(kind), registry.resolver())
    return Draft202012Validator(
        inlined, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _inline_refs(node: Any, resolver: Any, base: str = "") -> Any:
    """The schema with every (non-recursive) $ref replaced by its target: resolving refs on
    each validation was most of the time spent validating."""
    if isinstance(node, list):
        return [_inline_refs(item, resolver, base) for item in node]
    if not isinstance(node, dict):
        return node
    base = node.get("$id", base)
    if "$ref" in node:
        ref = node["$ref"]
        target = resolver.lookup(ref if ":" in ref.split("#")[0] else base + ref).contents
        rest = {k: _inline_refs(v, resolver, base) for k, v in node.items() if k != "$ref"}
        return {**_inline_refs(target, resolver, ref.split("#")[0] or base), **rest}
    return {k: _inline_refs(v, resolver, base) for k, v in node.items()}


def inlined(kind: str) -> dict[str, Any]:
    """A kind's schema with its $refs inlined (for the quick check of a part of it)."""
    whole = _validator(kind).schema
    assert isinstance(whole, dict)
    return whole


def value_errors(kind: str, pointer: tuple[str, ...], value: Any) -> list[str]:
    """What is wrong with `value` as the part of a kind's schema at `pointer` (keys from the
    root, e.g. ("properties", "owner")): plain messages, [] when it is valid. For data that
    comes from outside a file (a SageMaker card's custom_details)."""
    return [describe(e)[0] for e in _part_validator(kind, pointer).iter_errors(value)]


@cache
def _part_validator(kind: str, pointer: tuple[str, ...]) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    node: Any = _validator(kind).schema
    for key in pointer:
        node = node[key]
    return Draft202012Validator(node, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(kind: str, doc: Document) -> list[Finding]:
    """Every schema error of a loaded document, each at its own position."""
    if doc.data is None:
        return []
    fast = FAST_CHECKS.get(kind)
    if fast is not None and fast(doc.data):
        return []
    # exact when True; else report. On the $ref-inlined schema: quick.py does not follow
    # $refs, so on the file's own schema it is never sure of a card and jsonschema ran on
    # every one (most of the load time of a large repository)
    if is_valid(inlined(kind), doc.data) is True:
        return []
    errors = sorted(_validator(kind).iter_errors(doc.data), key=lambda e: list(e.absolute_path))
    return [finding for error in errors for finding in _findings(error, doc)]


def _findings(error: ValidationError, doc: Document) -> Iterator[Finding]:
    if error.validator in ("oneOf", "anyOf") and error.context:
        branch = _best_branch(error)
        if branch:
            for inner in branch:
                yield from _findings(inner, doc)
            return
    path: JsonPath = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        yield from _unknown_keys(error, doc, path)
        return
    rule, _ = KEYWORD_RULES.get(str(error.validator), OTHER_RULE)
    message, hint = describe(error)
    # A key's own form (propertyNames) is reported at the key, not at the mapping holding it.
    naming = error.validator == "propertyNames" or "propertyNames" in error.relative_schema_path
    at_key = error.validator == "required" or naming
    if naming:
        path = (*path, str(error.instance))
    yield doc.finding(rule, path, message, hint, at_key=at_key)


def _best_branch(error: ValidationError) -> list[ValidationError]:
    """The errors of the branch the user most likely meant: not one whose type differs from
    the value's, and of the rest the one with the deepest error (jsonschema's best_match
    prefers shallow errors, which point at the container instead of the mistake)."""
    depth = len(error.absolute_path)
    branches: dict[str | int, list[ValidationError]] = {}
    for inner in error.context or []:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    fitting = [
        errors
        for errors in branches.values()
        if not any(e.validator == "type" and len(e.absolute_path) == depth for e in errors)
    ]
    if not fitting:
        return []
    return max(fitting, key=lambda errors: max(len(e.absolute_path) for e in errors))


def _unknown_keys(error: ValidationError, doc: Document, path: JsonPath) -> Iterator[Finding]:
    known = sorted(_schema_of(error).get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in sorted(set(instance) - set(known)):
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(known)}"
        message = f"unknown key '{key}' in {_where(path)}"
        yield doc.finding(SCH002, (*path, key), message, hint, at_key=True)


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    """The failing subschema (jsonschema types it as possibly a bare boolean schema)."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def _where(path: JsonPath) -> str:
    named = [p for p in path if isinstance(p, str)]
    return f"'{named[-1]}'" if named else "the top level"


TYPE_NAMES: dict[str, str] = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def _type_name(value: Any) -> str:
    for name, kind in (("true or false", bool), ("a mapping", dict), ("a list", list)):
        if isinstance(value, kind):
            return name
    if value is None:
        return "nothing"
    return "a number" if isinstance(value, int | float) else "a string"


def describe(error: ValidationError) -> tuple[str, str]:
    """A message and a hint a person understands, from one jsonschema error."""
    keyword, value, expected = str(error.validator), error.instance, error.validator_value
    field = _where(tuple(error.absolute_path))
    handler = _DESCRIBERS.get(keyword)
    if handler is not None:
        return handler(value, expected, field, error)
    return f"{field} is not valid: {error.message}", "see `mlgov schema` for the expected shape"


def _required(value: Any, expected: Any, field: str, error: ValidationError) -> tuple[str, str]:
    missing = [k for k in expected if k not in value]
    return f"missing required key '{missing[0]}' in {field}", f"add '{missing[0]}:'"


def _type(value: Any, expected: Any, field: str, error: ValidationError) -> tuple[str, str]:
    wanted = expected if isinstance(expected, list) else [expected]
    names = " or ".join(TYPE_NAMES.get(str(w), str(w)) for w in wanted)
    return f"{field} must be {names}, not {_type_name(value)}", ""


def _enum(value: Any, expected: Any, field: str, error: ValidationError) -> tuple[str, str]:
    allowed = expected if isinstance(expected, list) else [expected]
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
    hint = f"did you mean '{close[0]}'?" if close else ""
    shown = ", ".join(json.dumps(a) for a in allowed)
    return f"{field} is {json.dumps(value)}; allowed: {shown}", hint


def _pattern(value: Any, expected: Any, field: str, error: ValidationError) -> tuple[str, str]:
    if error.validator == "format":
        return f"{field} {json.dumps(value)} is not a valid {expected}", "dates are YYYY-MM-DD"
    hint = str(_schema_of(error).get("description", "")) or f"it must match {expected}"
    return f"{field} {json.dumps(value)} does not have the expected form", hint


_RANGE_TEXT = {
    "minLength": "must have at least {} characters",
    "maxLength": "must have at most {} characters",
    "minimum": "must be at least {}",
    "maximum": "must be at most {}",
    "minItems": "must have at least {} items",
    "maxItems": "must have at most {} items",
    "minProperties": "must have at least {} entries",
    "maxProperties": "must have at most {} entries",
}


def _range(value: Any, expected: Any, field: str, error: ValidationError) -> tuple[str, str]:
    hint = str(_schema_of(error).get("description", ""))
    return f"{field} {_RANGE_TEXT[str(error.validator)].format(expected)}", hint


def _unique(value: Any, expected: Any, field: str, error: ValidationError) -> tuple[str, str]:
    seen: list[Any] = []
    repeated = None
    for item in value:
        if item in seen:
            repeated = item
            break
        seen.append(item)
    return f"{field} lists {json.dumps(repeated)} more than once", "remove the repetition"


def _not(value: Any, expected: Any, field: str, error: ValidationError) -> tuple[str, str]:
    return f"{field} {json.dumps(value)} is not allowed here", str(
        _schema_of(error).get("description", "")
    )


def _one_of(value: Any, expected: Any, field: str, error: ValidationError) -> tuple[str, str]:
    wanted = [e.validator_value for e in error.context or [] if e.validator == "type"]
    if wanted and len(wanted) == len(error.context or []):
        names = " or ".join(TYPE_NAMES.get(w, w) for w in wanted if isinstance(w, str))
        return f"{field} must be {names}, not {_type_name(value)}", ""
    return f"{field} matches none of the allowed shapes", "see `mlgov schema` for the shapes"


_DESCRIBERS = {
    "required": _required,
    "type": _type,
    "enum": _enum,
    "const": _enum,
    "pattern": _pattern,
    "format": _pattern,
    "uniqueItems": _unique,
    "not": _not,
    "oneOf": _one_of,
    "anyOf": _one_of,
    **dict.fromkeys(_RANGE_TEXT, _range),
}

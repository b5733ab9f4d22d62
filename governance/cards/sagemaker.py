"""A card as SageMaker model card content. SageMaker's structure is fixed and
`additional_information.custom_details` (a string map, values of at most 1,024 characters) is
its only extension point, so every governance field is either mapped there under an `mlgov.`
key (which import recognises) or dropped because it travels another way; the result lists both,
so that nothing is lost silently. A value longer than 1,024 characters is split over
`<key>`, `<key>.part2`, ... and joined back on import."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from governance import schemas
from governance.cards.model import SAGEMAKER_SECTIONS, Card

PREFIX = "mlgov."
CONTENT_LIMIT = 100_000  # characters of the Content JSON string (botocore ModelCardContent)
DETAIL_LIMIT = 1024  # characters of one custom_details value
METRIC_EXTRAS = ("threshold", "confidence_interval", "slice")
EVALUATION_EXTRAS = ("hub_dataset",)
PART = ".part"  # a value longer than DETAIL_LIMIT goes on in `<key>.part2`, `<key>.part3`, ...
SYNC_KEY = PREFIX + "sync"  # push's marker of what it wrote (governance/cards/sync.py)
ID_KEY = PREFIX + "id"  # the card id, when the SageMaker name is another
# Fields that are not content: the card name, the status parameter, and lint-only data.
NOT_CONTENT = {
    "schema_version": "format version of the YAML file",
    "id": "sent as ModelCardName",
    "status": "sent as ModelCardStatus",
    "waivers": "lint waivers, meaningful to mlgov only",
    "sagemaker": "sync state: the SageMaker card name and what import last read",
}


@dataclass(frozen=True)
class Export:
    content: dict[str, Any]
    mapped: tuple[str, ...]  # governance fields written into custom_details, by key
    dropped: tuple[tuple[str, str], ...]  # (field, why)
    split: tuple[tuple[str, int], ...] = ()  # (key, parts) of values longer than DETAIL_LIMIT

    def content_json(self) -> str:
        return json.dumps(self.content, sort_keys=True, ensure_ascii=False)


def to_sagemaker(card: Card) -> Export:
    content = _copied(dict(card.content))
    details: dict[str, str] = {}
    _extras(content, details)
    details.update(_governance_details(card.data))
    if sagemaker_name(card) != card.id:
        details[ID_KEY] = card.id
    split: list[tuple[str, int]] = []
    if details:
        info = content.setdefault("additional_information", {})
        own = dict(info.get("custom_details", {}))
        for key, text in sorted(details.items()):
            parts = split_value(key, text)
            own.update(parts)
            if len(parts) > 1:
                split.append((key, len(parts)))
        info["custom_details"] = own
    dropped = tuple((k, why) for k, why in NOT_CONTENT.items() if k in card.data)
    return Export(content, tuple(sorted(details)), dropped, tuple(split))


def sagemaker_name(card: Card) -> str:
    """The card's ModelCardName: its own id unless import recorded another name."""
    recorded = card.data.get("sagemaker", {}).get("model_card_name")
    return str(recorded) if recorded else card.id


def split_value(key: str, text: str) -> dict[str, str]:
    """`key: text`, or for a text longer than one custom_details value holds, its pieces under
    `key`, `key.part2`, `key.part3`, ...; import joins them back (join_parts)."""
    pieces = [text[i : i + DETAIL_LIMIT] for i in range(0, len(text), DETAIL_LIMIT)] or [""]
    return {key if n == 1 else f"{key}{PART}{n}": piece for n, piece in enumerate(pieces, 1)}


def join_parts(details: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """custom_details with mlgov's split values joined back, and the part keys that belong to
    no value (a `.partN` whose value or previous part is missing), which stay as they are.
    Keys people wrote in the console are never joined."""
    joined = dict(details)
    for key in sorted(details):
        if not key.startswith(PREFIX) or _part_number(key) is not None:
            continue
        n = 2
        while f"{key}{PART}{n}" in joined:
            joined[key] += joined.pop(f"{key}{PART}{n}")
            n += 1
    orphans = sorted(k for k in joined if k.startswith(PREFIX) and _part_number(k) is not None)
    return joined, orphans


def _part_number(key: str) -> int | None:
    head, sep, tail = key.rpartition(PART)
    return int(tail) if sep and head and tail.isdigit() and int(tail) >= 2 else None


def _copied(value: Any) -> Any:
    """A deep copy of plain data (the export mutates metric objects, never the card's own):
    dicts and lists rebuilt, immutable scalars shared, anything else left to copy.deepcopy.
    copy.deepcopy's memo bookkeeping made this a quarter of a thousand-card lint."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copied(v) for v in value]
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    return copy.deepcopy(value)


def _extras(content: dict[str, Any], details: dict[str, str]) -> None:
    """Governance keys moved out of evaluations and metric objects, which SageMaker closes
    with additionalProperties: false. Keyed by position, not by name: names repeat within a
    group (one metric per slice)."""
    for e, evaluation in enumerate(content.get("evaluation_details", [])):
        for extra in EVALUATION_EXTRAS:
            if extra in evaluation:
                details[evaluation_key(e, extra)] = _text(evaluation.pop(extra))
        for g, group in enumerate(evaluation.get("metric_groups", [])):
            for m, metric in enumerate(group.get("metric_data", [])):
                for extra in METRIC_EXTRAS:
                    if extra in metric:
                        details[metric_key(e, g, m, extra)] = _text(metric.pop(extra))


def evaluation_key(evaluation: int, extra: str) -> str:
    return f"{PREFIX}evaluation_details[{evaluation}].{extra}"


def metric_key(evaluation: int, group: int, metric: int, extra: str) -> str:
    where = f"evaluation_details[{evaluation}].metric_groups[{group}].metric_data[{metric}]"
    return f"{PREFIX}{where}.{extra}"


def _governance_details(data: Mapping[str, Any]) -> dict[str, str]:
    known = set(SAGEMAKER_SECTIONS) | set(NOT_CONTENT)
    return {PREFIX + key: _text(value) for key, value in data.items() if key not in known}


def _text(value: Any) -> str:
    """A compact, deterministic string: plain strings stay as they are, the rest is JSON, so
    import can read it back exactly."""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


NUMBERS: dict[str, Any] = {"type": "array", "minItems": 1, "items": {"type": "number"}}
NAMES: dict[str, Any] = {"type": "array", "items": {"type": "string", "maxLength": 63}}
# SageMaker's four metric shapes (reference §1.3), which our card schema leaves to CRD007.
VALUE_SHAPES: dict[str, dict[str, Any]] = {
    "number": {"value": {"type": "number"}},
    "string": {"value": {"type": "string", "maxLength": 63}},
    "boolean": {"value": {"type": "boolean"}},
    "linear_graph": {
        "value": {
            "type": "array",
            "minItems": 1,
            "items": {**NUMBERS, "maxItems": 2, "minItems": 2},
        }
    },
    "bar_chart": {"value": NUMBERS, "x_axis_name": NAMES},
    "matrix": {
        "value": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {**NUMBERS, "maxItems": 20},
        },
        "x_axis_name": NAMES,
        "y_axis_name": NAMES,
    },
}


def _when(kind: str, shape: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": {"type": {"const": kind}}}, "then": {"properties": shape}}


@cache
def content_schema() -> dict[str, Any]:
    """SageMaker's content schema, strict: our card schema's sections (SageMaker's fields,
    enums and limits with the AWS defects fixed) without the governance fields."""
    card = copy.deepcopy(schemas.schema("card"))
    defs = card["$defs"]
    for extra in METRIC_EXTRAS:
        defs["metric"]["properties"].pop(extra)
    for extra in EVALUATION_EXTRAS:
        defs["evaluation"]["properties"].pop(extra)
    defs["metric"]["allOf"] = [_when(kind, shape) for kind, shape in VALUE_SHAPES.items()]
    properties = {k: card["properties"][k] for k in SAGEMAKER_SECTIONS}
    return {
        "$schema": card["$schema"],
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": defs,
    }


def validation_errors(content: Mapping[str, Any]) -> list[str]:
    """Where the content breaks SageMaker's schema or the Content size limit."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    persona = schemas.schema("persona")
    registry: Registry = Registry().with_resource(persona["$id"], Resource.from_contents(persona))
    validator = Draft202012Validator(content_schema(), registry=registry)
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(content), key=lambda e: list(e.absolute_path))
    ]
    size = len(json.dumps(content, sort_keys=True, ensure_ascii=False))
    if size > CONTENT_LIMIT:
        errors.append(f"content is {size} characters; SageMaker accepts {CONTENT_LIMIT}")
    return errors


@cache
def _metric_validator() -> Any:
    from jsonschema import Draft202012Validator

    metric = copy.deepcopy(schemas.inlined("card")["$defs"]["metric"])
    metric["allOf"] = [_when(kind, shape) for kind, shape in VALUE_SHAPES.items()]
    return Draft202012Validator(metric)


def metric_errors(metric: Any) -> list[str]:
    """Why a metric (card fields allowed) is not one SageMaker accepts; [] when it is. The
    quick check (the card's metric, then the value shape of its type) answers the common,
    valid case; jsonschema explains the rest."""
    from governance.schemas.quick import is_valid

    base = schemas.inlined("card")["$defs"]["metric"]
    if is_valid(base, metric) is True:
        shape = {"properties": VALUE_SHAPES[metric["type"]]}
        if is_valid(shape, metric) is True:
            return []
    return [
        f"{'/'.join(map(str, e.absolute_path)) or 'metric'}: {e.message}"
        for e in _metric_validator().iter_errors(metric)
    ]

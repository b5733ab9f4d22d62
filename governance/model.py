"""Typed, frozen objects built from validated data. Each keeps its document and JSON path, so
that later stages can report a problem at the line the user wrote."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from governance.findings import JsonPath
from governance.source import Document

__all__ = [
    "Activity",
    "ActivityUse",
    "Encryption",
    "Network",
    "Origin",
    "ParamValue",
    "Parameter",
    "Persona",
    "StatementTemplate",
    "build_activity",
    "build_persona",
]

ParamValue = str | tuple[str, ...]


@dataclass(frozen=True)
class Origin:
    """Where an object was written: a document and the JSON path inside it."""

    doc: Document
    path: JsonPath = ()


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    is_list: bool
    required: bool
    default: ParamValue | None
    description: str


@dataclass(frozen=True)
class StatementTemplate:
    sid: str | None
    effect: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: Mapping[str, Mapping[str, Any]]
    when: str | None
    origin: Origin = field(compare=False)


@dataclass(frozen=True)
class Activity:
    id: str
    title: str
    description: str
    role_manager: str
    network: bool
    encryption: bool
    parameters: Mapping[str, Parameter]
    managed_policies: tuple[str, ...]
    statements: tuple[StatementTemplate, ...]
    builtin: bool
    origin: Origin = field(compare=False)


@dataclass(frozen=True)
class ActivityUse:
    """An activity named in a persona, with the parameters given there."""

    activity_id: str
    params: Mapping[str, ParamValue]
    origin: Origin = field(compare=False)


@dataclass(frozen=True)
class Network:
    subnets: tuple[str, ...]
    security_groups: tuple[str, ...]


@dataclass(frozen=True)
class Encryption:
    volume_kms_keys: tuple[str, ...]
    output_kms_keys: tuple[str, ...]


@dataclass(frozen=True)
class RoleSettings:
    name: str | None = None
    path: str | None = None
    max_session_hours: int | None = None
    description: str | None = None
    permissions_boundary: str | None = None


@dataclass(frozen=True)
class Persona:
    id: str
    title: str
    description: str
    extends: str | None
    role: RoleSettings
    trust_services: tuple[str, ...] | None
    trust_principals: tuple[str, ...] | None
    activities: tuple[ActivityUse, ...]
    without: tuple[str, ...]
    compute_role: str | None
    network: Network | None
    encryption: Encryption | None
    managed_policies: tuple[str, ...]
    policies: tuple[str, ...]
    tags: Mapping[str, str]
    builtin: bool
    origin: Origin = field(compare=False)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def _param_value(value: Any) -> ParamValue:
    return tuple(value) if isinstance(value, list) else value


def build_activity(doc: Document, builtin: bool) -> Activity:
    """An Activity from a document that passed the activity schema."""
    data = doc.data or {}
    params = {
        name: Parameter(
            name=name,
            type=spec["type"],
            is_list=spec.get("list", False),
            required=spec.get("required", "default" not in spec),
            default=_param_value(spec["default"]) if "default" in spec else None,
            description=spec.get("description", ""),
        )
        for name, spec in data.get("parameters", {}).items()
    }
    statements = tuple(
        StatementTemplate(
            sid=raw.get("sid"),
            effect=raw.get("effect", "Allow"),
            actions=tuple(raw["actions"]),
            resources=tuple(raw["resources"]),
            conditions=raw.get("conditions", {}),
            when=raw.get("when"),
            origin=Origin(doc, ("statements", index)),
        )
        for index, raw in enumerate(data.get("statements", []))
    )
    return Activity(
        id=data["id"],
        title=data["title"],
        description=data.get("description", ""),
        role_manager=data.get("role_manager", ""),
        network=data.get("network", True),
        encryption=data.get("encryption", True),
        parameters=params,
        managed_policies=tuple(data.get("managed_policies", [])),
        statements=statements,
        builtin=builtin,
        origin=Origin(doc),
    )


def _activity_use(doc: Document, index: int, raw: Any) -> ActivityUse:
    path: JsonPath = ("activities", index)
    if isinstance(raw, str):
        return ActivityUse(raw, {}, Origin(doc, path))
    (activity_id, params), *_ = raw.items()
    values = {k: _param_value(v) for k, v in (params or {}).items()}
    return ActivityUse(activity_id, values, Origin(doc, (*path, activity_id)))


def build_persona(doc: Document, builtin: bool) -> Persona:
    """A Persona from a document that passed the persona schema."""
    data = doc.data or {}
    role = data.get("role", {})
    trust = data.get("trust", {})
    network, encryption = data.get("network"), data.get("encryption")
    return Persona(
        id=data["id"],
        title=data.get("title", data["id"]),
        description=data.get("description", ""),
        extends=data.get("extends"),
        role=RoleSettings(**role),
        trust_services=_optional_strings(trust.get("services")),
        trust_principals=_optional_strings(trust.get("principals")),
        activities=tuple(
            _activity_use(doc, i, r) for i, r in enumerate(data.get("activities", []))
        ),
        without=tuple(data.get("without", [])),
        compute_role=data.get("compute_role"),
        network=Network(_strings(network["subnets"]), _strings(network["security_groups"]))
        if network
        else None,
        encryption=Encryption(
            _strings(encryption["volume_kms_keys"]), _strings(encryption["output_kms_keys"])
        )
        if encryption
        else None,
        managed_policies=tuple(data.get("managed_policies", [])),
        policies=tuple(data.get("policies", [])),
        tags=dict(data.get("tags", {})),
        builtin=builtin,
        origin=Origin(doc),
    )


def _optional_strings(value: Any) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)

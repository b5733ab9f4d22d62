"""Typed, frozen MLflow registry snapshots (registry.schema.json), and what the rules and the
site ask of them: which version an alias, or production, points at.

A registry snapshot lies in the snapshots folder beside the AWS ones and is told apart by its
`registry` key (`is_registry`), so that neither kind's schema has to bend to the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from governance.monitoring.model import ReadError, parse_time

__all__ = [
    "DEFAULT_ALIAS",
    "ModelVersion",
    "RegisteredModel",
    "RegistrySnapshot",
    "is_registry",
    "registries_with",
    "registry_from_data",
]

# MLflow's documentation names the production alias `champion` (and the candidate
# `challenger`); a card names another with mlflow.alias.
DEFAULT_ALIAS = "champion"
PRODUCTION_STAGE = "Production"


def is_registry(data: Any) -> bool:
    """Whether loaded JSON is a registry snapshot rather than an AWS one."""
    return isinstance(data, Mapping) and "registry" in data


@dataclass(frozen=True)
class Run:
    name: str
    experiment_id: str
    status: str


@dataclass(frozen=True)
class ModelVersion:
    version: int
    stage: str
    status: str
    run_id: str
    source: str
    description: str
    tags: tuple[tuple[str, str], ...]
    created: str | None
    run: Run | None


@dataclass(frozen=True)
class RegisteredModel:
    name: str
    description: str
    tags: tuple[tuple[str, str], ...]
    aliases: tuple[tuple[str, int], ...]  # sorted by alias
    created: str | None
    updated: str | None
    versions: tuple[ModelVersion, ...] | None  # None: could not be read

    def alias(self, name: str) -> int | None:
        return dict(self.aliases).get(name)

    def version(self, number: int) -> ModelVersion | None:
        return next((v for v in self.versions or () if v.version == number), None)

    def production(self, alias: str | None = None) -> tuple[int, str] | None:
        """(version, how it is known) production serves: the alias (a card's, else
        `champion`), else the newest version in the legacy Production stage; None when neither
        says. An alias a card names but the registry lacks falls back the same way."""
        wanted = alias or DEFAULT_ALIAS
        pointed = self.alias(wanted)
        if pointed is not None:
            return pointed, f"alias {wanted}"
        staged = [v.version for v in self.versions or () if v.stage == PRODUCTION_STAGE]
        return (max(staged), "stage Production") if staged else None

    def aliases_of(self, number: int) -> tuple[str, ...]:
        return tuple(a for a, v in self.aliases if v == number)


@dataclass(frozen=True)
class RegistrySnapshot:
    file: str
    taken_at: datetime
    tracking_server: str
    source: str
    registered_models: tuple[RegisteredModel, ...]
    api_calls: tuple[tuple[str, int], ...]
    errors: tuple[ReadError, ...]

    def unreadable(self, section: str) -> bool:
        return any(e.section == section for e in self.errors)

    def model(self, name: str) -> RegisteredModel | None:
        return next((m for m in self.registered_models if m.name == name), None)


def _tags(data: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(data.items()))


def _version(data: Mapping[str, Any]) -> ModelVersion:
    run = data["run"]
    return ModelVersion(
        version=data["version"],
        stage=data["stage"],
        status=data["status"],
        run_id=data["run_id"],
        source=data["source"],
        description=data["description"],
        tags=_tags(data["tags"]),
        created=data["created"],
        run=None if run is None else Run(**run),
    )


def _model(data: Mapping[str, Any]) -> RegisteredModel:
    versions = data["versions"]
    return RegisteredModel(
        name=data["name"],
        description=data["description"],
        tags=_tags(data["tags"]),
        aliases=tuple(sorted(data["aliases"].items())),
        created=data["created"],
        updated=data["updated"],
        versions=None if versions is None else tuple(_version(v) for v in versions),
    )


def registry_from_data(data: Mapping[str, Any], file: str) -> RegistrySnapshot:
    """Build the model from data that already passed the registry schema."""
    taken_at = parse_time(data["taken_at"])
    assert taken_at is not None  # the schema requires it
    return RegistrySnapshot(
        file=file,
        taken_at=taken_at,
        tracking_server=data["tracking_server"],
        source=data["source"],
        registered_models=tuple(_model(m) for m in data["registered_models"]),
        api_calls=tuple(sorted(data["api_calls"].items())),
        errors=tuple(ReadError(**e) for e in data["errors"]),
    )


def registries_with(
    registries: Iterable[RegistrySnapshot], model: str, server: str | None
) -> list[tuple[RegistrySnapshot, RegisteredModel]]:
    """The registries (of `server`, when a card names one) that hold the registered model."""
    found = []
    for registry in registries:
        if server is not None and registry.tracking_server != server:
            continue
        held = registry.model(model)
        if held is not None:
            found.append((registry, held))
    return found

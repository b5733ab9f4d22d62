"""What the site shows of MLflow: per card, the MLflow version it documents joined with the
registry snapshots (aliases, the version production serves, drift); per registry, its
snapshot line and the registered models no card documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from governance.cards.model import Card
from governance.monitoring.model import format_time
from governance.monitoring.registry import DEFAULT_ALIAS, RegistrySnapshot, registries_with
from site_builder.views.snapshots import ReadErrorView, age_text, time_label


@dataclass(frozen=True)
class ColumnView:
    name: str
    type: str


@dataclass(frozen=True)
class DatasetView:
    name: str
    digest: str
    source: str
    context: str


@dataclass(frozen=True)
class RegistryState:
    """One registry snapshot's view of the card's registered model."""

    server: str
    file: str
    aliases: tuple[tuple[str, int], ...]
    production: int | None  # the version production serves, by alias or stage
    how: str  # "alias champion", "stage Production", "" when neither says
    unknown: bool  # the registry's models could not be read


@dataclass(frozen=True)
class MlflowView:
    registered_model: str
    version: int
    alias: str
    tracking_server: str
    run_id: str
    run_name: str
    experiment_id: str
    model_id: str
    flavors: tuple[str, ...]
    inputs: tuple[ColumnView, ...]
    outputs: tuple[ColumnView, ...]
    params: tuple[ColumnView, ...]
    datasets: tuple[DatasetView, ...]
    tags: tuple[tuple[str, str], ...]
    states: tuple[RegistryState, ...]  # one per registry snapshot holding the model

    @property
    def drift(self) -> tuple[RegistryState, ...]:
        return tuple(s for s in self.states if s.production not in (None, self.version))

    @property
    def summary(self) -> str:
        """The dashboard cell: which version each alias points at, and the card's."""
        if not self.states:
            return f"v{self.version} (no registry snapshot has {self.registered_model})"
        parts = []
        for s in self.states:
            if s.unknown:
                parts.append("Unknown (registry unreadable)")
                continue
            pointers = ", ".join(f"{a} → v{v}" for a, v in s.aliases) or "no alias"
            parts.append(pointers)
        return "; ".join(parts)


def mlflow_view(card: Card, registries: Sequence[RegistrySnapshot]) -> MlflowView | None:
    ref = card.mlflow
    if ref is None:
        return None
    raw: Mapping[str, Any] = card.data["mlflow"]
    signature = raw.get("signature", {})
    return MlflowView(
        registered_model=ref.registered_model,
        version=ref.version,
        alias=ref.alias or DEFAULT_ALIAS,
        tracking_server=ref.tracking_server or "",
        run_id=str(raw.get("run_id", "")),
        run_name=str(raw.get("run_name", "")),
        experiment_id=str(raw.get("experiment_id", "")),
        model_id=str(raw.get("model_id", "")),
        flavors=tuple(raw.get("flavors", ())),
        inputs=_columns(signature.get("inputs")),
        outputs=_columns(signature.get("outputs")),
        params=_columns(signature.get("params")),
        datasets=tuple(
            DatasetView(d["name"], d.get("digest", ""), d.get("source", ""), d.get("context", ""))
            for d in raw.get("datasets", ())
        ),
        tags=tuple(sorted(raw.get("tags", {}).items())),
        states=tuple(_states(card, registries)),
    )


def _columns(specs: Any) -> tuple[ColumnView, ...]:
    return tuple(
        ColumnView(s.get("name", "—"), s["type"] + (" (optional)" if s.get("optional") else ""))
        for s in specs or ()
    )


def _states(card: Card, registries: Sequence[RegistrySnapshot]) -> Iterator[RegistryState]:
    ref = card.mlflow
    assert ref is not None
    for registry in registries:
        if ref.tracking_server not in (None, registry.tracking_server):
            continue
        if registry.unreadable("registered_models"):
            yield RegistryState(registry.tracking_server, registry.file, (), None, "", True)
    for registry, model in registries_with(registries, ref.registered_model, ref.tracking_server):
        served = model.production(ref.alias)
        number, how = served if served else (None, "")
        yield RegistryState(
            registry.tracking_server, registry.file, model.aliases, number, how, False
        )


@dataclass(frozen=True)
class RegistrySnapshotView:
    file: str
    server: str
    source: str
    taken_at: str
    taken_label: str
    age: str
    models: int
    errors: tuple[ReadErrorView, ...]


@dataclass(frozen=True)
class UnregisteredRow:
    """A registered model no card documents."""

    server: str
    name: str
    aliases: str
    versions: str


def registry_views(
    registries: Iterable[RegistrySnapshot], now: datetime | None
) -> tuple[RegistrySnapshotView, ...]:
    return tuple(
        RegistrySnapshotView(
            r.file,
            r.tracking_server,
            r.source,
            format_time(r.taken_at) or "",
            time_label(format_time(r.taken_at)),
            age_text(r.taken_at, now),
            len(r.registered_models),
            tuple(
                ReadErrorView(r.file, e.section, e.operation, e.code, e.message) for e in r.errors
            ),
        )
        for r in registries
    )


def undocumented_models(
    registries: Iterable[RegistrySnapshot], cards: Iterable[Card]
) -> tuple[UnregisteredRow, ...]:
    refs = [c.mlflow for c in cards if c.mlflow is not None]
    rows = []
    for r in registries:
        for m in r.registered_models:
            if any(
                ref.registered_model == m.name and ref.tracking_server in (None, r.tracking_server)
                for ref in refs
            ):
                continue
            aliases = ", ".join(f"{a} → v{v}" for a, v in m.aliases) or "—"
            versions = "unknown" if m.versions is None else str(len(m.versions))
            rows.append(UnregisteredRow(r.tracking_server, m.name, aliases, versions))
    return tuple(rows)

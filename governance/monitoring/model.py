"""Typed, frozen snapshot objects built from schema-valid data (see snapshot.schema.json)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "MONITOR_TYPES",
    "Alarm",
    "Endpoint",
    "Schedule",
    "Snapshot",
    "StudioUser",
    "format_time",
    "snapshot_from_data",
]

MONITOR_TYPES = ("DataQuality", "ModelQuality", "ModelBias", "ModelExplainability")
SECTIONS = (
    "models",
    "endpoints",
    "monitoring",
    "alarms",
    "transform_jobs",
    "model_cards",
    "lineage",
    "violations",
    "user_profiles",
)


def parse_time(text: str | None) -> datetime | None:
    return (
        None if text is None else datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    )


def format_time(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Model:
    name: str
    created: str | None


@dataclass(frozen=True)
class Variant:
    name: str
    model: str
    instance_type: str
    instance_count: int


@dataclass(frozen=True)
class Endpoint:
    name: str
    status: str
    failure_reason: str
    variants: tuple[Variant, ...]
    data_capture: bool

    @property
    def models(self) -> tuple[str, ...]:
        return tuple(sorted({v.model for v in self.variants if v.model}))


@dataclass(frozen=True)
class Execution:
    status: str
    time: str | None
    failure_reason: str


@dataclass(frozen=True)
class Alert:
    name: str
    status: str
    datapoints_to_alert: int
    evaluation_period: int
    since: str | None


@dataclass(frozen=True)
class AlertEvent:
    alert: str
    status: str
    time: str


@dataclass(frozen=True)
class Violation:
    feature: str
    check: str  # constraint_check_type, e.g. baseline_drift_check


@dataclass(frozen=True)
class Violations:
    """From the last run's constraint_violations.json: the full count, the first few checks."""

    count: int
    checks: tuple[Violation, ...]


@dataclass(frozen=True)
class Schedule:
    name: str
    endpoint: str
    type: str
    status: str
    failure_reason: str
    last_execution: Execution | None
    alerts: tuple[Alert, ...]
    alert_history: tuple[AlertEvent, ...]
    violations: Violations | None = None  # None: not read (no violations, off, or unreadable)


@dataclass(frozen=True)
class Alarm:
    name: str
    state: str
    reason: str
    namespace: str
    metric: str
    endpoint: str
    updated: str | None


@dataclass(frozen=True)
class TransformJob:
    name: str
    model: str
    status: str
    created: str | None


@dataclass(frozen=True)
class ModelCard:
    name: str
    status: str
    risk: str


@dataclass(frozen=True)
class Lineage:
    training_job: str
    model: str


@dataclass(frozen=True)
class StudioUser:
    """A SageMaker Studio user profile and the role its apps run as."""

    domain: str
    name: str
    execution_role: str  # "" when neither the profile nor its domain sets one
    from_domain: bool  # the profile sets no role: it runs as the domain's default
    status: str


@dataclass(frozen=True)
class ReadError:
    section: str
    operation: str
    code: str
    message: str


@dataclass(frozen=True)
class Snapshot:
    file: str
    taken_at: datetime
    account: str
    region: str
    source: str
    plan: str
    models: tuple[Model, ...]
    endpoints: tuple[Endpoint, ...]
    monitoring_schedules: tuple[Schedule, ...]
    alarms: tuple[Alarm, ...]
    transform_jobs: tuple[TransformJob, ...]
    model_cards: tuple[ModelCard, ...]
    lineage: tuple[Lineage, ...]
    api_calls: tuple[tuple[str, int], ...]
    errors: tuple[ReadError, ...]
    # Studio user profiles; None when not recorded (a snapshot older than the section).
    user_profiles: tuple[StudioUser, ...] | None = None

    def unreadable(self, section: str) -> bool:
        """True when a section could not be read, so nothing derived from it may show OK."""
        return any(e.section == section for e in self.errors)


def _many(cls: type, items: list[dict[str, Any]]) -> tuple[Any, ...]:
    return tuple(cls(**item) for item in items)


_NESTED = ("last_execution", "alerts", "alert_history", "violations")


def _schedule(data: dict[str, Any]) -> Schedule:
    last = data["last_execution"]
    return Schedule(
        **{k: v for k, v in data.items() if k not in _NESTED},
        last_execution=None if last is None else Execution(**last),
        alerts=_many(Alert, data["alerts"]),
        alert_history=_many(AlertEvent, data["alert_history"]),
        violations=_violations(data.get("violations")),
    )


def _violations(data: dict[str, Any] | None) -> Violations | None:
    if data is None:
        return None
    return Violations(data["count"], _many(Violation, data["checks"]))


def _endpoint(data: dict[str, Any]) -> Endpoint:
    rest = {k: v for k, v in data.items() if k != "variants"}
    return Endpoint(**rest, variants=_many(Variant, data["variants"]))


def snapshot_from_data(data: dict[str, Any], file: str) -> Snapshot:
    """Build the model from data that already passed the snapshot schema."""
    taken_at = parse_time(data["taken_at"])
    assert taken_at is not None  # the schema requires it
    return Snapshot(
        file=file,
        taken_at=taken_at,
        account=data["account"],
        region=data["region"],
        source=data["source"],
        plan=data["plan"],
        models=_many(Model, data["models"]),
        endpoints=tuple(_endpoint(e) for e in data["endpoints"]),
        monitoring_schedules=tuple(_schedule(s) for s in data["monitoring_schedules"]),
        alarms=_many(Alarm, data["alarms"]),
        transform_jobs=_many(TransformJob, data["transform_jobs"]),
        model_cards=_many(ModelCard, data["model_cards"]),
        lineage=_many(Lineage, data["lineage"]),
        api_calls=tuple(sorted(data["api_calls"].items())),
        errors=_many(ReadError, data["errors"]),
        user_profiles=_many(StudioUser, data["user_profiles"]) if "user_profiles" in data else None,
    )

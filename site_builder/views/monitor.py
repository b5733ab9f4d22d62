"""Monitor cells, deployments and alert history for the endpoints a card documents.

Built on governance.monitoring.status (read-only): a model's cell is the worst status over the
models its deployments name, in the snapshot of each deployment's account and region. Anything
that cannot be known (no snapshot, endpoint not found) is Unknown, never OK.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from governance.cards.model import Deployment
from governance.monitoring.index import SnapshotIndex
from governance.monitoring.model import Endpoint, Snapshot
from governance.monitoring.status import (
    State,
    Status,
    alarm_status,
    alarms_of,
    endpoints_of,
    in_production,
    monitor_status,
    worst,
)
from site_builder.views.snapshots import time_label

ALARMS = "alarms"
# (key, column heading): Model Monitor's four types, then CloudWatch alarms on the endpoint.
COLUMNS = (
    ("DataQuality", "Data quality"),
    ("ModelQuality", "Model quality"),
    ("ModelBias", "Bias"),
    ("ModelExplainability", "Explainability"),
    (ALARMS, "Alarms"),
)
ICONS = {
    State.ALERT: "⚠",
    State.FAILING: "✗",
    State.UNKNOWN: "?",
    State.INACTIVE: "⊘",
    State.OK: "✓",
    State.NONE: "—",
}
# Dashboard order: alerts first, then what needs a look, then the quiet rows.
RANK = {
    State.ALERT: 0,
    State.FAILING: 1,
    State.UNKNOWN: 2,
    State.INACTIVE: 3,
    State.OK: 4,
    State.NONE: 5,
}

Key = tuple[str, str]  # (account, region)


@dataclass(frozen=True)
class Cell:
    state: str
    icon: str
    text: str  # what the cell says: the icon is never the only signal, nor the colour
    detail: str  # the tooltip: why

    @property
    def css(self) -> str:
        return f"mlgov-state-{self.state.lower()}"

    @property
    def rank(self) -> int:
        """Sort key: a sorted column puts alerts first."""
        return RANK[State(self.state)]


@dataclass(frozen=True)
class ViolationView:
    """What a monitor's last run found (the snapshot's summary of constraint_violations.json)."""

    monitor: str
    count: int
    checks: tuple[tuple[str, str], ...]  # (feature, constraint check), the first few

    @property
    def more(self) -> int:
        return self.count - len(self.checks)


@dataclass(frozen=True)
class DeploymentView:
    account: str
    region: str
    endpoint: str
    model: str
    status: str  # the endpoint's status, or why it is not known
    found: bool
    instances: str  # "2 x ml.m5.large"
    failure_reason: str
    production: bool  # serving production traffic (the card's stage, else the endpoint's name)
    stage: str  # as the card gives it, or ""
    violations: tuple[ViolationView, ...] = ()  # of the monitors on the endpoint, when read
    cells: tuple[Cell, ...] = ()  # this deployment's monitors alone, one per COLUMNS entry

    @property
    def where(self) -> str:
        return f"{self.account} {self.region}"


@dataclass(frozen=True)
class AlertEventView:
    time: str
    endpoint: str
    monitor: str
    alert: str
    status: str
    account: str = ""
    region: str = ""


@dataclass(frozen=True)
class AlarmView:
    name: str
    state: str
    reason: str
    metric: str
    endpoint: str
    updated: str
    account: str = ""
    region: str = ""


@dataclass(frozen=True)
class TransformJobView:
    """The newest batch transform job of a model (the console's "Batch transform job")."""

    name: str
    model: str
    status: str
    created: str
    account: str
    region: str


def cell(status: Status) -> Cell:
    state = status.state
    text = {
        State.ALERT: f"Alert since {time_label(status.since)}" if status.since else "Alert",
        State.FAILING: "Failing",
    }.get(state, state.value)
    return Cell(state.value, ICONS[state], text, status.detail)


Indexes = Mapping[Key, SnapshotIndex]


def by_key(snapshots: Iterable[Snapshot]) -> dict[Key, SnapshotIndex]:
    """Each snapshot indexed once: the views then ask about one deployment at a time."""
    return {(s.account, s.region): SnapshotIndex(s) for s in snapshots}


def endpoint_in(index: SnapshotIndex | None, name: str) -> Endpoint | None:
    return index.endpoint(name) if index is not None else None


def deployment_view(d: Deployment, snapshots: Indexes) -> DeploymentView:
    index = snapshots.get((d.account, d.region))
    endpoint = endpoint_in(index, d.endpoint)
    snapshot = index.around([d.endpoint]) if index is not None else None
    if snapshot is None:
        status = "unknown: no snapshot of this account and region"
    elif endpoint is None:
        unreadable = snapshot.unreadable("endpoints")
        status = "unknown: endpoints could not be read" if unreadable else "not found"
    else:
        status = endpoint.status
    model = d.model or ", ".join(endpoint.models if endpoint else ())
    return DeploymentView(
        d.account,
        d.region,
        d.endpoint,
        model,
        status,
        endpoint is not None,
        instances(endpoint),
        endpoint.failure_reason if endpoint else "",
        endpoint is not None and in_production(endpoint, d.stage),
        d.stage or "",
        violations(snapshot, d.endpoint),
        model_cells((d,), snapshots),
    )


def violations(snapshot: Snapshot | None, endpoint: str) -> tuple[ViolationView, ...]:
    if snapshot is None:
        return ()
    return tuple(
        ViolationView(
            s.type, s.violations.count, tuple((v.feature, v.check) for v in s.violations.checks)
        )
        for s in sorted(snapshot.monitoring_schedules, key=lambda s: s.type)
        if s.endpoint == endpoint and s.violations is not None
    )


def instances(endpoint: Endpoint | None) -> str:
    if endpoint is None:
        return ""
    return ", ".join(
        f"{v.instance_count} x {v.instance_type}"
        if v.instance_type
        else f"{v.instance_count} instance{'s' if v.instance_count != 1 else ''}"
        for v in endpoint.variants
    )


def _targets(d: Deployment, snapshots: Indexes) -> tuple[Snapshot | None, tuple[str, ...]]:
    """The snapshot of a deployment, cut down to the endpoints serving the SageMaker models
    the deployment stands for, and those model names."""
    index = snapshots.get((d.account, d.region))
    endpoint = endpoint_in(index, d.endpoint)
    names = (d.model,) if d.model else (endpoint.models if endpoint else ())
    return (index.serving(names) if index is not None else None), names


def model_cells(deployments: Iterable[Deployment], snapshots: Indexes) -> tuple[Cell, ...]:
    deployments = tuple(deployments)
    if not deployments:
        return tuple(
            Cell("None", "—", "not deployed", "the card lists no deployment") for _ in COLUMNS
        )
    return tuple(cell(worst(_statuses(key, deployments, snapshots))) for key, _ in COLUMNS)


def _statuses(key: str, deployments: tuple[Deployment, ...], snapshots: Indexes) -> list[Status]:
    out = []
    for d in deployments:
        snapshot, names = _targets(d, snapshots)
        if snapshot is None:
            out.append(Status(State.UNKNOWN, detail=f"no snapshot of {d.account} {d.region}"))
        elif not names:
            unread = snapshot.unreadable("endpoints")
            why = "endpoints could not be read" if unread else "not in the snapshot"
            out.append(Status(State.UNKNOWN, detail=f"endpoint {d.endpoint}: {why}"))
        else:
            out += [_status(snapshot, name, key) for name in names]
    return out


def _status(snapshot: Snapshot, model: str, key: str) -> Status:
    return alarm_status(snapshot, model) if key == ALARMS else monitor_status(snapshot, model, key)


def endpoint_cells(index: SnapshotIndex, endpoint: Endpoint) -> tuple[Cell, ...]:
    """For an undocumented endpoint: the worst over the models it hosts."""
    models = endpoint.models
    snapshot = index.serving(models)
    if not models:
        return tuple(
            cell(Status(State.UNKNOWN, detail="no model on the endpoint")) for _ in COLUMNS
        )
    return tuple(cell(worst(_status(snapshot, m, key) for m in models)) for key, _ in COLUMNS)


def history(deployments: Iterable[Deployment], snapshots: Indexes) -> tuple[AlertEventView, ...]:
    """Every alert event of the monitors on the card's models' endpoints, newest first."""
    events: set[AlertEventView] = set()
    for d in deployments:
        snapshot, names = _targets(d, snapshots)
        if snapshot is None:
            continue
        endpoints = {e for n in names for e in endpoints_of(snapshot, n)}
        for s in snapshot.monitoring_schedules:
            if s.endpoint in endpoints:
                events.update(
                    AlertEventView(
                        time_label(e.time),
                        s.endpoint,
                        s.type,
                        e.alert,
                        e.status,
                        snapshot.account,
                        snapshot.region,
                    )
                    for e in s.alert_history
                )
    return tuple(
        sorted(
            events,
            key=lambda e: (e.time, e.account, e.region, e.endpoint, e.monitor, e.alert),
            reverse=True,
        )
    )


def alarms(deployments: Iterable[Deployment], snapshots: Indexes) -> tuple[AlarmView, ...]:
    found: set[AlarmView] = set()
    for d in deployments:
        snapshot, names = _targets(d, snapshots)
        if snapshot is None:
            continue
        found.update(
            AlarmView(
                a.name,
                a.state,
                a.reason,
                a.metric,
                a.endpoint,
                time_label(a.updated),
                snapshot.account,
                snapshot.region,
            )
            for n in names
            for a in alarms_of(snapshot, n)
        )
    return tuple(sorted(found, key=lambda a: (a.state != "ALARM", a.account, a.region, a.name)))


def latest_transform_job(
    deployments: Iterable[Deployment],
    snapshots: Indexes,
    model_name: str = "",
) -> TransformJobView | None:
    """The newest transform job that ran one of the card's models: those its deployments
    name (in their own account and region) or the card's model name (in any snapshot)."""
    wanted: dict[Key, set[str]] = {key: {model_name} if model_name else set() for key in snapshots}
    for d in deployments:
        snapshot, names = _targets(d, snapshots)
        if snapshot is not None:
            wanted[(snapshot.account, snapshot.region)].update(names)
    jobs = [
        (job.created or "", job.name, index.snapshot, job)
        for key, index in sorted(snapshots.items())
        for model in sorted(wanted[key])
        for job in index.transform_jobs(model)
    ]
    if not jobs:
        return None
    _, _, s, job = max(jobs, key=lambda j: (j[0], j[1]))
    return TransformJobView(
        job.name, job.model, job.status, time_label(job.created), s.account, s.region
    )

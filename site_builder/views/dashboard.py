"""The dashboard: one row per model (alerts first), endpoints no card documents, and tiles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from governance.monitoring.index import SnapshotIndex
from governance.monitoring.model import Snapshot
from governance.monitoring.status import State, schedule_status, undocumented_endpoints
from site_builder.views.attention import KINDS, Issue, sorted_issues
from site_builder.views.models import ModelView
from site_builder.views.monitor import RANK, Cell, endpoint_cells, instances
from site_builder.views.registry import RegistrySnapshotView, UnregisteredRow
from site_builder.views.snapshots import ReadErrorView, SnapshotView

RISK_ORDER = ("High", "Medium", "Low", "Unknown")


@dataclass(frozen=True)
class Tile:
    value: str
    label: str
    note: str = ""
    taken_at: str = ""  # set on the age tile: mlgov.js shows the age at view time


@dataclass(frozen=True)
class UndocumentedRow:
    account: str
    region: str
    endpoint: str
    status: str
    models: str
    instances: str
    cells: tuple[Cell, ...]


# The dashboard lists this many issues at the top; the rest are counted by kind, and every row
# carries its own badges (a list of thousands would bury the dashboard under it).
ATTENTION_SHOWN = 12
# Rows of the models table laid out at first; the filter bar's "Show all" (mlgov.js) and any
# filter or sort reach the others. Without JavaScript every row shows (a <noscript> style).
ROWS_SHOWN = 250


@dataclass(frozen=True)
class Dashboard:
    rows: tuple[ModelView, ...]
    undocumented: tuple[UndocumentedRow, ...]
    tiles: tuple[Tile, ...]
    snapshots: tuple[SnapshotView, ...]
    build_date: str  # the build time: SOURCE_DATE_EPOCH, else the clock
    attention: tuple[Issue, ...] = ()  # everything that needs attention, most severe first
    rows_shown: int = ROWS_SHOWN
    registries: tuple[RegistrySnapshotView, ...] = ()  # MLflow registry snapshots
    unregistered: tuple[UnregisteredRow, ...] = ()  # registered models no card documents

    @cached_property
    def has_registry(self) -> bool:
        """Show the Registry column: a registry snapshot, or a card that names MLflow. Cached:
        the dashboard asks once per row, and scanning every row each time made 10,000 cards
        cost 100 million steps."""
        return bool(self.registries) or any(m.mlflow is not None for m in self.rows)

    @property
    def attention_shown(self) -> tuple[Issue, ...]:
        return self.attention[:ATTENTION_SHOWN]

    @property
    def attention_more(self) -> tuple[tuple[str, int], ...]:
        """(label, count) by kind of the issues past the shown ones, in the kinds' order."""
        rest = [i.kind for i in self.attention[ATTENTION_SHOWN:]]
        return tuple((KINDS[k], rest.count(k)) for k in KINDS if k in rest)

    @property
    def stale(self) -> tuple[SnapshotView, ...]:
        return tuple(s for s in self.snapshots if s.stale)

    @property
    def errors(self) -> tuple[ReadErrorView, ...]:
        aws = tuple(e for s in self.snapshots for e in s.errors)
        return aws + tuple(e for r in self.registries for e in r.errors)


def row_order(model: ModelView) -> tuple[int, int, str]:
    worst = min(RANK[State(c.state)] for c in model.cells) if model.cells else len(RANK)
    risk = RISK_ORDER.index(model.risk) if model.risk in RISK_ORDER else len(RISK_ORDER)
    return worst, risk, model.id


def dashboard(
    models: Sequence[ModelView],
    snapshots: tuple[Snapshot, ...],
    views: tuple[SnapshotView, ...],
    documented: Iterable[tuple[str, str, str]],
    build_date: str,
    registries: tuple[RegistrySnapshotView, ...] = (),
    unregistered: tuple[UnregisteredRow, ...] = (),
) -> Dashboard:
    documented = set(documented)  # (account, region, endpoint) named by a card's deployments
    rows = tuple(sorted(models, key=row_order))
    undocumented = tuple(_undocumented(snapshots, documented))
    tiles = _tiles(rows, snapshots, views, documented)
    issues = [i for m in rows for i in m.issues]
    issues += _fleet_issues(views, undocumented)
    issues += _registry_issues(registries, unregistered)
    return Dashboard(
        rows,
        undocumented,
        tiles,
        views,
        build_date,
        sorted_issues(issues),
        registries=registries,
        unregistered=unregistered,
    )


def _registry_issues(
    registries: tuple[RegistrySnapshotView, ...], unregistered: tuple[UnregisteredRow, ...]
) -> Iterable[Issue]:
    for r in registries:
        if r.errors:
            yield _unreadable(
                r.file,
                f"MLflow {r.server}",
                r.errors,
                "check the tracking server and its credentials, then mlgov snapshot --mlflow",
            )
    for u in unregistered:
        yield Issue(
            "unregistered",
            u.name,
            "",
            f"registered model in MLflow {u.server} ({u.aliases}) that no card documents",
            "import it into a card: mlgov cards import --mlflow-model NAME --alias ALIAS",
        )


def _unreadable(file: str, source: str, errors: Iterable[ReadErrorView], fix: str) -> Issue:
    """A snapshot (AWS or MLflow) with sections that could not be read."""
    parts = ", ".join(sorted({f"{e.section} ({e.code})" for e in errors}))
    said = f"{source}: could not read {parts}; what depends on it shows Unknown"
    return Issue("unreadable", file, "", said, fix)


def _fleet_issues(
    views: tuple[SnapshotView, ...], undocumented: Iterable[UndocumentedRow]
) -> Iterable[Issue]:
    for v in views:
        if v.errors:
            yield _unreadable(
                v.file,
                f"{v.account} {v.region}",
                v.errors,
                "grant the snapshot role read access to it, then take a new snapshot",
            )
        if v.stale:
            yield Issue(
                "stale",
                v.file,
                "",
                f"{v.account} {v.region}, taken {v.taken_label}: {v.age} old at build time",
                "take a new one with mlgov snapshot",
            )
    for u in undocumented:
        yield Issue(
            "undocumented",
            u.endpoint,
            "",
            f"endpoint in {u.account} {u.region}"
            + (f" serving {u.models}" if u.models else "")
            + " that no card lists",
            "add it to the deployments of its model's card, or delete the endpoint",
        )


def _undocumented(
    snapshots: tuple[Snapshot, ...], documented: set[tuple[str, str, str]]
) -> list[UndocumentedRow]:
    rows = []
    for s in snapshots:
        index = SnapshotIndex(s)
        names = {e for a, r, e in documented if (a, r) == (s.account, s.region)}
        for name in undocumented_endpoints(s, names):
            endpoint = index.endpoint(name)
            assert endpoint is not None  # undocumented_endpoints names the snapshot's own
            rows.append(
                UndocumentedRow(
                    s.account,
                    s.region,
                    name,
                    endpoint.status,
                    ", ".join(endpoint.models),
                    instances(endpoint),
                    endpoint_cells(index, endpoint),
                )
            )
    return rows


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _tiles(
    rows: tuple[ModelView, ...],
    snapshots: tuple[Snapshot, ...],
    views: tuple[SnapshotView, ...],
    documented: set[tuple[str, str, str]],
) -> tuple[Tile, ...]:
    live = [m for m in rows if m.in_production]
    endpoints = [(s.account, s.region, e.name) for s in snapshots for e in s.endpoints]
    covered = sum(1 for e in endpoints if e in documented)
    approved = sum(1 for m in live if m.status == "Approved")
    monitored = sum(1 for m in live if m.monitored)
    unknown = sum(1 for m in live if m.monitored is None)
    return (
        Tile(
            str(len(live)),
            "models in production",
            f"in service, not staging or test, of {len(rows)} cards",
        ),
        Tile(
            _percent(covered, len(endpoints)),
            "endpoints documented",
            f"{covered} of {len(endpoints)} have a card",
        ),
        Tile(_percent(approved, len(live)), "approved", f"{approved} of {len(live)} in production"),
        Tile(
            _percent(monitored, len(live)),
            "monitored",
            f"{monitored} of {len(live)} in production"
            + (f", {unknown} unknown" if unknown else ""),
        ),
        Tile(str(open_alerts(snapshots)), "open alerts", "monitors in alert and alarms firing"),
        _age_tile(views),
    )


def open_alerts(snapshots: tuple[Snapshot, ...]) -> int:
    monitors = sum(
        1
        for s in snapshots
        for m in s.monitoring_schedules
        if schedule_status(m).state is State.ALERT
    )
    return monitors + sum(1 for s in snapshots for a in s.alarms if a.state == "ALARM")


def _age_tile(views: tuple[SnapshotView, ...]) -> Tile:
    if not views:
        return Tile("none", "snapshot", "run mlgov snapshot")
    oldest = min(views, key=lambda v: v.taken_at)
    stale = sum(1 for v in views if v.stale)
    note = f"taken {oldest.taken_label}" + (f"; {stale} STALE" if stale else "")
    return Tile(oldest.age, "snapshot age", note, oldest.taken_at)

"""A card's monitoring state on paper: per deployment, the endpoint's status and the monitor
cells the dashboard shows, from the snapshot of its account and region, with the snapshot's
time; then the alarms and the alert history. Composed from the site's own views
(site_builder/views/monitor.py), so paper and screen never disagree.

A snapshot's age is said against the day the PDF is rendered (an age placeholder, filled in
with the render date), so a PDF taken from the cache stays true: it shows the day it was
rendered on and the age the snapshot had then."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from governance.cards.model import Card
from governance.monitoring.model import format_time
from site_builder.views.monitor import (
    AlarmView,
    AlertEventView,
    Cell,
    DeploymentView,
    Indexes,
    alarms,
    deployment_view,
    history,
    model_cells,
)
from site_builder.views.snapshots import time_label

AGE = re.compile(r"@@mlgov-age:([0-9TZ:+.-]+)\|(\d+)@@")
MAX_EVENTS = 20  # the newest alert events; the site has them all


@dataclass(frozen=True)
class DeploymentState:
    deployment: DeploymentView
    cells: tuple[Cell, ...]  # in the order of views.monitor.COLUMNS
    taken: str  # the snapshot's time, "2026-11-28 06:00 UTC"; "" without a snapshot
    age: str  # a placeholder the render date turns into the snapshot's age; "" without one


@dataclass(frozen=True)
class MonitoringView:
    deployments: tuple[DeploymentState, ...]
    alarms: tuple[AlarmView, ...]
    events: tuple[AlertEventView, ...]  # newest first
    more_events: int
    snapshots: int  # how many snapshots the build has


def monitoring_view(card: Card, snapshots: Indexes, stale_after_hours: int) -> MonitoringView:
    states = []
    for d in card.deployments:
        index = snapshots.get((d.account, d.region))
        taken = format_time(index.snapshot.taken_at) if index else None
        states.append(
            DeploymentState(
                deployment_view(d, snapshots),
                model_cells((d,), snapshots),
                time_label(taken),
                f"@@mlgov-age:{taken}|{stale_after_hours}@@" if taken else "",
            )
        )
    events = history(card.deployments, snapshots)
    return MonitoringView(
        tuple(states),
        alarms(card.deployments, snapshots),
        events[:MAX_EVENTS],
        max(0, len(events) - MAX_EVENTS),
        len(snapshots),
    )


def fill_ages(html: str, day: str) -> str:
    """Each age placeholder as the snapshot's age on the render day (YYYY-MM-DD)."""
    try:
        rendered = date.fromisoformat(day)
    except ValueError:
        return AGE.sub("", html)
    return AGE.sub(lambda m: _age(m.group(1), int(m.group(2)), rendered), html)


def _age(taken_iso: str, stale_after_hours: int, rendered: date) -> str:
    try:
        taken = datetime.fromisoformat(taken_iso.replace("Z", "+00:00"))
    except ValueError:
        return ""
    start = datetime(rendered.year, rendered.month, rendered.day, tzinfo=UTC)
    days = (rendered - taken.astimezone(UTC).date()).days
    when = "the day this PDF was rendered" if days <= 0 else f"{_days(days)} before it was rendered"
    hours = (start - taken).total_seconds() / 3600
    stale = f" — STALE (older than {stale_after_hours} h)" if hours > stale_after_hours else ""
    return f"{when}{stale}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"

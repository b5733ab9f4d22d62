"""Statuses derived from a snapshot: pure functions shared by lint and the site.

The mapping from API data to the SageMaker console's monitor cell is our inference
(reference/monitoring.md §1.4). One principle overrides it: data that is missing or could not
be read gives Unknown, never OK.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from governance.monitoring.model import MONITOR_TYPES, Alarm, Endpoint, Schedule, Snapshot

__all__ = [
    "State",
    "Status",
    "alarm_status",
    "alarm_status_at",
    "alarms_of",
    "endpoints_of",
    "in_production",
    "is_monitored",
    "is_stale",
    "monitor_status",
    "monitor_status_at",
    "monitor_statuses",
    "schedule_status",
    "undocumented_endpoints",
    "worst",
]


class State(StrEnum):
    NONE = "None"  # no schedule of this type: not monitored
    INACTIVE = "Inactive"  # scheduled but stopped (or the schedule itself failed)
    OK = "OK"
    ALERT = "Alert"
    FAILING = "Failing"  # the last execution failed, so the monitor watches nothing
    UNKNOWN = "Unknown"  # the data to decide could not be read or is not there yet


# Worst first: when a model sits behind several endpoints, the worst schedule decides the cell.
_WORST_FIRST = (State.ALERT, State.FAILING, State.UNKNOWN, State.INACTIVE, State.OK, State.NONE)


@dataclass(frozen=True)
class Status:
    state: State
    since: str | None = None  # when the alert started, for State.ALERT
    detail: str = ""


def endpoints_of(snapshot: Snapshot, model: str) -> tuple[str, ...]:
    return tuple(sorted(e.name for e in snapshot.endpoints if model in e.models))


def model_names(snapshot: Snapshot) -> tuple[str, ...]:
    """Every model the snapshot knows, whether from the model list or an endpoint's variants."""
    names = {m.name for m in snapshot.models}
    names.update(m for e in snapshot.endpoints for m in e.models)
    return tuple(sorted(names))


def schedule_status(schedule: Schedule) -> Status:
    if schedule.status in ("Stopped", "Failed"):
        return Status(State.INACTIVE, detail=schedule.failure_reason or schedule.status)
    last = schedule.last_execution
    if last is not None and last.status == "Failed":
        return Status(State.FAILING, last.time, last.failure_reason)
    in_alert = sorted(a.since or "" for a in schedule.alerts if a.status == "InAlert")
    if in_alert:
        return Status(State.ALERT, in_alert[0] or None)
    if schedule.status == "Scheduled" and schedule.alerts:
        return Status(State.OK)  # the alerts' window decides, and none is in alert
    if last is not None and last.status == "CompletedWithViolations":
        # no alert to weigh them against: the violations of the last run are the news
        return Status(State.ALERT, last.time, "the last run found violations; no alert is set")
    if schedule.status == "Scheduled" and last is not None and last.status == "Completed":
        return Status(State.OK)
    return Status(State.UNKNOWN, detail="no execution or alert data yet")


def monitor_status(snapshot: Snapshot, model: str, monitor_type: str) -> Status:
    return monitor_status_at(snapshot, set(endpoints_of(snapshot, model)), monitor_type)


def monitor_status_at(snapshot: Snapshot, endpoints: Set[str], monitor_type: str) -> Status:
    """The cell for the schedules of one type on the given endpoints (lint asks per endpoint)."""
    if snapshot.unreadable("endpoints") or snapshot.unreadable("monitoring"):
        return Status(State.UNKNOWN, detail="monitoring could not be read")
    schedules = [
        s
        for s in snapshot.monitoring_schedules
        if s.type == monitor_type and s.endpoint in endpoints
    ]
    if not schedules:
        return Status(State.NONE)
    return worst(schedule_status(s) for s in schedules)


def worst(statuses: Iterable[Status]) -> Status:
    ranked = sorted(statuses, key=lambda s: (_WORST_FIRST.index(s.state), s.since or ""))
    return ranked[0] if ranked else Status(State.NONE)


def monitor_statuses(snapshot: Snapshot, model: str) -> dict[str, Status]:
    return {t: monitor_status(snapshot, model, t) for t in MONITOR_TYPES}


def alarms_of(snapshot: Snapshot, model: str) -> tuple[Alarm, ...]:
    endpoints = set(endpoints_of(snapshot, model))
    return tuple(a for a in snapshot.alarms if a.endpoint in endpoints)


def alarm_status(snapshot: Snapshot, model: str) -> Status:
    """CloudWatch alarms count as monitoring: Model Monitor is closed to new customers."""
    return alarm_status_at(snapshot, set(endpoints_of(snapshot, model)))


def alarm_status_at(snapshot: Snapshot, endpoints: Set[str]) -> Status:
    if snapshot.unreadable("alarms") or snapshot.unreadable("endpoints"):
        return Status(State.UNKNOWN, detail="alarms could not be read")
    alarms = tuple(a for a in snapshot.alarms if a.endpoint in endpoints)
    if not alarms:
        return Status(State.NONE)
    firing = sorted((a.updated or "", a.name) for a in alarms if a.state == "ALARM")
    if firing:
        return Status(State.ALERT, firing[0][0] or None, f"alarm {firing[0][1]}")
    if all(a.state == "OK" for a in alarms):
        return Status(State.OK)
    return Status(State.UNKNOWN, detail="an alarm has insufficient data")


def is_monitored(snapshot: Snapshot, model: str) -> bool | None:
    """True if any monitor or alarm watches the model; None when that cannot be known."""
    cells = [*monitor_statuses(snapshot, model).values(), alarm_status(snapshot, model)]
    if any(c.state not in (State.NONE, State.INACTIVE, State.UNKNOWN) for c in cells):
        return True
    if any(c.state is State.UNKNOWN for c in cells):
        return None
    return False


def undocumented_endpoints(snapshot: Snapshot, documented: Set[str]) -> tuple[str, ...]:
    """Endpoints that no card lists under `deployments` (the caller gives the names)."""
    return tuple(sorted(e.name for e in snapshot.endpoints if e.name not in documented))


# An endpoint whose card gives no stage counts as production when it serves traffic and its
# name does not say otherwise: an unlabelled endpoint is production (the cautious guess).
NON_PRODUCTION = re.compile(r"(^|[-_])(dev|test|staging|stage|sandbox|qa|canary)([-_]|$)")


def in_production(endpoint: Endpoint, stage: str | None = None) -> bool:
    """Serving traffic in production: the card's `stage` when given, else the endpoint's name."""
    if endpoint.status != "InService":
        return False
    return stage == "production" if stage else not NON_PRODUCTION.search(endpoint.name)


def is_stale(snapshot: Snapshot, now: datetime, stale_after_hours: int) -> bool:
    return now - snapshot.taken_at > timedelta(hours=stale_after_hours)

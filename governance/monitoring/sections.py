"""What both plans share: the clients, recording a section or its error, and the account-wide
reads (alert history, CloudWatch alarms, lineage)."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from governance.monitoring import shapes
from governance.monitoring.budget import Budget
from governance.monitoring.calls import Caller, SectionUnreadable
from governance.monitoring.model import format_time

Out = dict[str, Any]
History = dict[str, list[dict[str, Any]]]  # schedule name → its alert events

# The alert history the snapshot keeps (and the search plan reads): the account-wide history only
# grows, one event per alert transition, so reading all of it costs pages for events nobody looks
# at. Two weeks covers the dashboard's question ("what fired lately") and a fortnightly review; the
# current state of each alert comes from the alert summaries, not from this window.
ALERT_HISTORY_WINDOW = timedelta(days=14)


@dataclass
class Clients:
    sagemaker: Any
    cloudwatch: Any
    s3: Any  # only for the violation reports (constraint_violations.json)
    budget: Budget | None = None  # the target's deadline, already hooked into the clients


def record(out: Out, name: str, read: Callable[[], Any]) -> None:
    """Run one section's reads; on failure record the error instead of an empty list, so what
    is built on the section shows Unknown, never a false OK. `read` returns the section's list,
    a dict of top-level keys to set, or None when it fills `out` itself."""
    try:
        result = read()
    except SectionUnreadable as error:
        record_error(out, name, error)
        return
    except Exception as error:  # a bug here: this section is lost, not the account's others
        record_error(out, name, internal_error(error))
        return
    if isinstance(result, dict):
        out.update(result)
    elif result is not None:
        out[name] = result


INTERNAL = "InternalError"


def internal_error(error: Exception) -> SectionUnreadable:
    """A bug's record: the exception and where it was raised (file name and line, no path)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return SectionUnreadable("mlgov", INTERNAL, f"{type(error).__name__}: {error}{where}")


def record_error(out: Out, name: str, error: SectionUnreadable) -> None:
    entry = {
        "section": name,
        "operation": error.operation,
        "code": error.code,
        "message": error.message,
    }
    out["errors"].append(entry)


def record_errors(out: Out, names: Iterable[str], error: SectionUnreadable) -> None:
    """The same failure for each of several sections (all read from one answer)."""
    for name in names:
        record_error(out, name, error)


def alert_history(caller: Caller, sm: Any, after: datetime | None = None) -> History:
    """Account-wide alert history (one paged call), grouped by schedule; only events created
    after `after` when given."""
    params: dict[str, Any] = {} if after is None else {"CreationTimeAfter": after}
    by_schedule: History = {}
    for h in caller.pages(sm, "list_monitoring_alert_history", "MonitoringAlertHistory", **params):
        event = {
            "alert": h["MonitoringAlertName"],
            "status": h["AlertStatus"],
            "time": format_time(h["CreationTime"]),
        }
        by_schedule.setdefault(h["MonitoringScheduleName"], []).append(event)
    return by_schedule


def recent(history: History, after: datetime) -> History:
    """The events of `history` newer than `after` (the window the snapshot keeps)."""
    since = format_time(after) or ""
    kept = {name: [e for e in events if e["time"] > since] for name, events in history.items()}
    return {name: events for name, events in kept.items() if events}


def in_alert(history: History) -> set[str]:
    """Schedules with an alert whose latest event is InAlert: on a complete history, exactly
    the schedules in alert now (an alert logs every transition)."""
    latest: dict[tuple[str, str], tuple[str, bool]] = {}
    for name, events in history.items():
        for e in events:
            key = (name, e["alert"])
            # on a tie InAlert wins: one list_monitoring_alerts too many beats a missed alert
            latest[key] = max(latest.get(key, ("", False)), (e["time"], e["status"] == "InAlert"))
    return {name for (name, _), (_, alerting) in latest.items() if alerting}


def alarms(caller: Caller, cw: Any) -> list[dict[str, Any]]:
    found = []
    for a in caller.pages(cw, "describe_alarms", "MetricAlarms"):
        dims = {d["Name"]: d["Value"] for d in a.get("Dimensions", [])}
        found.append(
            {
                "name": a["AlarmName"],
                "state": a["StateValue"],
                "reason": a.get("StateReason", ""),
                "namespace": a.get("Namespace", ""),
                "metric": a.get("MetricName", ""),
                "endpoint": dims.get("EndpointName", ""),
                "updated": format_time(a.get("StateUpdatedTimestamp")),
            }
        )
    return found


def lineage(
    caller: Caller, sm: Any, artifacts: dict[str, str | None] | None, models: list[str] | None
) -> list[Out]:
    """Training job → model, joined on the model artifact URI: one paged search, where query_lineage
    would cost a call per model. `artifacts` (model → URI) comes from the search plan's records; the
    list plan has to describe each of `models` (the names it listed)."""
    job_of = _training_jobs(caller, sm)
    if artifacts is None:
        if models is None:  # the models section failed: list them here, or fail here too
            models = [m["ModelName"] for m in caller.pages(sm, "list_models", "Models")]
        artifacts = {
            name: shapes.artifact(caller.call(sm, "describe_model", ModelName=name))
            for name in models
        }
    found = ((job_of(uri), name) for name, uri in artifacts.items() if uri)
    return [{"training_job": job, "model": name} for job, name in found if job]


def _training_jobs(caller: Caller, sm: Any) -> Callable[[str], str | None]:
    """artifact URI → the training job that wrote it."""
    try:
        exact: dict[str, str] = {}
        for r in caller.pages(sm, "search", "Results", Resource="TrainingJob"):
            job = r["TrainingJob"]
            uri = job.get("ModelArtifacts", {}).get("S3ModelArtifacts")
            if uri:
                exact[uri] = job["TrainingJobName"]
        return exact.get
    except SectionUnreadable as error:
        if not error.unavailable:
            raise
        # search denied or missing: list the names (pages, not a describe per job, as accounts
        # keep long job histories) and match SageMaker's own artifact layout, so a model
        # whose artifact was copied elsewhere loses its edge rather than gaining a wrong one.
        pages = caller.pages(sm, "list_training_jobs", "TrainingJobSummaries")
        names = {j["TrainingJobName"] for j in pages}
        return lambda uri: _job_in_path(uri, names)


# SageMaker writes a training job's model to <S3OutputPath>/<TrainingJobName>/output/model.tar.gz
_LAYOUT = re.compile(r"/([^/]+)/output/model\.tar\.gz$")


def _job_in_path(uri: str, names: set[str]) -> str | None:
    match = _LAYOUT.search(uri)
    return match.group(1) if match and match.group(1) in names else None

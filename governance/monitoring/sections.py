"""What both plans share: the clients, recording a section or its error, and the account-wide
reads (alert history, CloudWatch alarms, lineage)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from governance.monitoring import shapes
from governance.monitoring.calls import Caller, SectionUnreadable
from governance.monitoring.model import format_time

Out = dict[str, Any]


@dataclass
class Clients:
    sagemaker: Any
    cloudwatch: Any


def record(out: Out, name: str, read: Callable[[], Any]) -> None:
    """Run one section's reads; on failure record the error instead of an empty list, so what
    is built on the section shows Unknown, never a false OK."""
    try:
        result = read()
    except SectionUnreadable as error:
        record_error(out, name, error)
        return
    if isinstance(result, dict):
        out.update(result)
    else:
        out[name] = result


def record_error(out: Out, name: str, error: SectionUnreadable) -> None:
    entry = {
        "section": name,
        "operation": error.operation,
        "code": error.code,
        "message": error.message,
    }
    out["errors"].append(entry)


def alert_history(caller: Caller, sm: Any) -> dict[str, list[dict[str, Any]]]:
    """Account-wide alert history (one paged call), grouped by schedule."""
    by_schedule: dict[str, list[dict[str, Any]]] = {}
    for h in caller.pages(sm, "list_monitoring_alert_history", "MonitoringAlertHistory"):
        event = {
            "alert": h["MonitoringAlertName"],
            "status": h["AlertStatus"],
            "time": format_time(h["CreationTime"]),
        }
        by_schedule.setdefault(h["MonitoringScheduleName"], []).append(event)
    return by_schedule


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
    """Training job → model, joined on the model artifact URI: one paged search, where
    query_lineage would cost a call per model. `artifacts` (model → URI) comes from Plan A's
    records; Plan B has to describe each of `models` (the names it listed)."""
    by_artifact = {}
    for r in caller.pages(sm, "search", "Results", Resource="TrainingJob"):
        job = r["TrainingJob"]
        uri = job.get("ModelArtifacts", {}).get("S3ModelArtifacts")
        if uri:
            by_artifact[uri] = job["TrainingJobName"]
    if artifacts is None:
        if models is None:  # the models section failed: list them here, or fail here too
            models = [m["ModelName"] for m in caller.pages(sm, "list_models", "Models")]
        artifacts = {
            name: shapes.artifact(caller.call(sm, "describe_model", ModelName=name))
            for name in models
        }
    return [
        {"training_job": by_artifact[uri], "model": name}
        for name, uri in artifacts.items()
        if uri in by_artifact
    ]

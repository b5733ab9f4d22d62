"""Plan B: list + describe, for when `search` is not available. Per endpoint it describes the
endpoint and its config (shared configs once); monitoring comes from account-wide paged lists
(schedules, recent executions, alert history), so only schedules without a recent execution
are described and only schedules in alert have their alerts listed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from governance.monitoring import shapes
from governance.monitoring.calls import Caller
from governance.monitoring.sections import Clients, Out, alert_history, record

# Executions newer than this are read account-wide; a schedule that ran longer ago (weekly
# cadence) is described instead. 25 h covers hourly and daily schedules.
EXECUTION_WINDOW = timedelta(hours=25)


def plan_b(caller: Caller, clients: Clients, out: Out, now: datetime) -> None:
    sm = clients.sagemaker
    record(
        out, "models", lambda: [shapes.model(m) for m in caller.pages(sm, "list_models", "Models")]
    )
    record(out, "endpoints", lambda: _endpoints(caller, sm))
    record(out, "monitoring", lambda: {"monitoring_schedules": _schedules(caller, sm, now)})
    record(out, "transform_jobs", lambda: _transforms(caller, sm))
    record(out, "model_cards", lambda: _cards(caller, sm))


def _endpoints(caller: Caller, sm: Any) -> list[dict[str, Any]]:
    configs: dict[str, dict[str, Any]] = {}
    endpoints = []
    for summary in caller.pages(sm, "list_endpoints", "Endpoints"):
        e = caller.call(sm, "describe_endpoint", EndpointName=summary["EndpointName"])
        name = e["EndpointConfigName"]
        if name not in configs:
            configs[name] = caller.call(sm, "describe_endpoint_config", EndpointConfigName=name)
        live = {v["VariantName"]: v for v in e.get("ProductionVariants", [])}
        variants = [
            shapes.variant_config(v, live.get(v["VariantName"], {}))
            for v in configs[name]["ProductionVariants"]
        ]
        endpoints.append(shapes.endpoint({**configs[name], **e}, variants))
    return endpoints


def _schedules(caller: Caller, sm: Any, now: datetime) -> list[dict[str, Any]]:
    history = alert_history(caller, sm)
    latest = _latest_executions(caller, sm, now)
    schedules = []
    for s in caller.pages(sm, "list_monitoring_schedules", "MonitoringScheduleSummaries"):
        name = s["MonitoringScheduleName"]
        if name in latest:
            s = {**s, "LastMonitoringExecutionSummary": latest[name]}
        else:  # no run in the window: only describe knows the last one, and FailureReason
            s = caller.call(sm, "describe_monitoring_schedule", MonitoringScheduleName=name)
        schedules.append(shapes.schedule(s, _alerts(caller, sm, name, history), history))
    return schedules


def _latest_executions(caller: Caller, sm: Any, now: datetime) -> dict[str, dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    runs = caller.pages(
        sm,
        "list_monitoring_executions",
        "MonitoringExecutionSummaries",
        CreationTimeAfter=now - EXECUTION_WINDOW,
        SortBy="ScheduledTime",
        SortOrder="Descending",
    )
    for run in runs:
        latest.setdefault(run["MonitoringScheduleName"], run)
    return latest


def _alerts(
    caller: Caller, sm: Any, name: str, history: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Alerts (thresholds and state) are listed only where the account-wide history has an
    event: a schedule whose alerts never fired is judged by its executions instead."""
    if name not in history:
        return []
    raw = caller.pages(
        sm, "list_monitoring_alerts", "MonitoringAlertSummaries", MonitoringScheduleName=name
    )
    return [shapes.alert(a) for a in raw]


def _transforms(caller: Caller, sm: Any) -> list[dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    summaries = caller.pages(
        sm,
        "list_transform_jobs",
        "TransformJobSummaries",
        SortBy="CreationTime",
        SortOrder="Descending",
    )
    for summary in summaries:  # the summary has no ModelName; only describe does
        job = caller.call(
            sm, "describe_transform_job", TransformJobName=summary["TransformJobName"]
        )
        kept = latest.get(job["ModelName"])
        if kept is None or kept["CreationTime"] < job["CreationTime"]:
            latest[job["ModelName"]] = job
    return [shapes.transform(j) for j in latest.values()]


def _cards(caller: Caller, sm: Any) -> list[dict[str, Any]]:
    cards = []
    for summary in caller.pages(sm, "list_model_cards", "ModelCardSummaries"):
        c = caller.call(sm, "describe_model_card", ModelCardName=summary["ModelCardName"])
        cards.append(shapes.card(c, _risk_from_content(c.get("Content", ""))))
    return cards


def _risk_from_content(content: str) -> str | None:
    try:
        data = json.loads(content or "{}")
    except ValueError:  # a card whose content is not JSON still has a status worth showing
        return None
    risk = data.get("intended_uses", {}).get("risk_rating") if isinstance(data, dict) else None
    return risk if isinstance(risk, str) else None

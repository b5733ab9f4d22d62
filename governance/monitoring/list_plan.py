"""The list plan: list + describe, for when search(Resource="Model") is not available. Endpoints'
live state comes from paged search(Resource="Endpoint") records where that search is allowed
(regions and accounts without the Model Dashboard still have it), else from one describe per
endpoint; either way each endpoint config is described once (model names, instance types).
Monitoring comes from account-wide paged lists (schedules, recent executions, alert history),
so only schedules without a recent execution are described and only schedules whose alerts can
change their cell have their alerts listed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from governance.monitoring import shapes
from governance.monitoring.calls import Caller, SectionUnreadable
from governance.monitoring.responses import RISK
from governance.monitoring.sections import (
    ALERT_HISTORY_WINDOW,
    Clients,
    History,
    Out,
    alert_history,
    in_alert,
    recent,
    record,
)
from governance.monitoring.violations import violated_run

# Executions newer than this are read account-wide; a schedule that ran longer ago (weekly
# cadence) is described instead. 25 h covers hourly and daily schedules.
EXECUTION_WINDOW = timedelta(hours=25)
# Last runs that decide a cell on their own (status.schedule_status): healthy → OK, Failed →
# Failing. After any other (Pending, InProgress, Stopped) only the alerts can say OK.
DECISIVE_RUNS = ("Completed", "CompletedWithViolations", "Failed")


def list_plan(
    caller: Caller, clients: Clients, out: Out, now: datetime, runs: dict[str, str]
) -> None:
    """Fill the sections; put into `runs` the processing job of each schedule whose last run
    found violations."""
    sm = clients.sagemaker
    record(
        out, "models", lambda: [shapes.model(m) for m in caller.pages(sm, "list_models", "Models")]
    )
    record(out, "endpoints", lambda: _endpoints(caller, sm))
    record(out, "monitoring", lambda: {"monitoring_schedules": _schedules(caller, sm, now, runs)})
    record(out, "transform_jobs", lambda: _transforms(caller, sm))
    record(out, "model_cards", lambda: _cards(caller, sm))


def _endpoints(caller: Caller, sm: Any) -> list[dict[str, Any]]:
    configs: dict[str, dict[str, Any]] = {}
    return [_endpoint(caller, sm, e, configs) for e in _live_endpoints(caller, sm)]


def _live_endpoints(caller: Caller, sm: Any) -> list[dict[str, Any]]:
    """Each endpoint's live state (status, variants' current instance counts, data capture,
    failure reason, config name): search records hold what describe_endpoint returns, a page
    of 100 per call instead of a call each."""
    try:
        return [r["Endpoint"] for r in caller.pages(sm, "search", "Results", Resource="Endpoint")]
    except SectionUnreadable as error:
        if not error.unavailable:  # throttled, broken, late: more calls would not help
            raise
        # search denied or missing: list and describe.
        summaries = list(caller.pages(sm, "list_endpoints", "Endpoints"))
        return [
            caller.call(sm, "describe_endpoint", EndpointName=s["EndpointName"]) for s in summaries
        ]


def _endpoint(
    caller: Caller, sm: Any, e: dict[str, Any], configs: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One endpoint from its live state and its config (described once per config)."""
    name = e["EndpointConfigName"]
    if name not in configs:
        configs[name] = caller.call(sm, "describe_endpoint_config", EndpointConfigName=name)
    live = {v["VariantName"]: v for v in e.get("ProductionVariants", [])}
    variants = [
        shapes.variant_config(v, live.get(v["VariantName"], {}))
        for v in configs[name]["ProductionVariants"]
    ]
    return shapes.endpoint({**configs[name], **e}, variants)


def _schedules(
    caller: Caller, sm: Any, now: datetime, runs: dict[str, str]
) -> list[dict[str, Any]]:
    # The whole history, unlike the search plan: here it is the only sign of which alerts are in
    # alert now, and an alert that fired before the window and never recovered logs no newer event,
    # so a windowed read would show it OK. The snapshot keeps the window, as the search plan's does.
    history = alert_history(caller, sm)
    alerting, kept = in_alert(history), recent(history, now - ALERT_HISTORY_WINDOW)
    latest = _latest_executions(caller, sm, now)
    schedules = []
    for s in caller.pages(sm, "list_monitoring_schedules", "MonitoringScheduleSummaries"):
        name = s["MonitoringScheduleName"]
        if name in latest:
            s = {**s, "LastMonitoringExecutionSummary": latest[name]}
        else:  # no run in the window: only describe knows the last one, and FailureReason
            s = caller.call(sm, "describe_monitoring_schedule", MonitoringScheduleName=name)
        if arn := violated_run(s):
            runs[name] = arn
        alerts = _alerts(caller, sm, s, history, alerting)
        schedules.append(shapes.schedule(s, alerts, kept))
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
    caller: Caller, sm: Any, s: dict[str, Any], history: History, alerting: set[str]
) -> list[dict[str, Any]]:
    """Alerts (thresholds and state) are listed only where they can change the schedule's
    cell: when one is in alert now (its latest event says InAlert), or when it fired once and
    the last run decides nothing by itself (then an alert back to OK is what says OK). Else the
    cell comes from the executions, as for a schedule whose alerts never fired."""
    name = s["MonitoringScheduleName"]
    last = (s.get("LastMonitoringExecutionSummary") or {}).get("MonitoringExecutionStatus")
    if name not in alerting and (name not in history or last in DECISIVE_RUNS):
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
    uses = data.get("intended_uses") if isinstance(data, dict) else None
    risk = uses.get("risk_rating") if isinstance(uses, dict) else None
    return risk if risk in RISK.values else None  # another word is no rating the file can hold

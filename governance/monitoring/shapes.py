"""Snapshot records (schema `snapshot`) from boto3 response shapes, shared by both plans."""

from __future__ import annotations

from typing import Any

from governance.monitoring.model import format_time


def model(m: dict[str, Any]) -> dict[str, Any]:
    return {"name": m["ModelName"], "created": format_time(m.get("CreationTime"))}


def artifact(m: dict[str, Any]) -> str | None:
    return m.get("PrimaryContainer", {}).get("ModelDataUrl")


def endpoint(e: dict[str, Any], variants: list[dict[str, Any]]) -> dict[str, Any]:
    capture = e.get("DataCaptureConfig", {})
    return {
        "name": e["EndpointName"],
        "status": e["EndpointStatus"],
        "failure_reason": e.get("FailureReason", ""),
        "variants": variants,
        "data_capture": bool(capture.get("EnableCapture")),
    }


def variant_summary(v: dict[str, Any], model_name: str) -> dict[str, Any]:
    """A variant from Search(Endpoint): no instance type there (ProductionVariantSummary has
    none), so it stays "" = not known rather than a describe call per endpoint."""
    return {
        "name": v["VariantName"],
        "model": model_name,
        "instance_type": v.get("InstanceType", ""),
        "instance_count": int(v.get("CurrentInstanceCount", 0)),
    }


def variant_config(v: dict[str, Any], live: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": v["VariantName"],
        "model": v.get("ModelName", ""),
        "instance_type": v.get("InstanceType", ""),
        "instance_count": int(live.get("CurrentInstanceCount", v.get("InitialInstanceCount", 0))),
    }


def alert(a: dict[str, Any]) -> dict[str, Any]:
    in_alert = a["AlertStatus"] == "InAlert"
    return {
        "name": a["MonitoringAlertName"],
        "status": a["AlertStatus"],
        "datapoints_to_alert": a["DatapointsToAlert"],
        "evaluation_period": a["EvaluationPeriod"],
        "since": format_time(a.get("LastModifiedTime")) if in_alert else None,
    }


def execution(last: dict[str, Any] | None) -> dict[str, Any] | None:
    if not last:
        return None
    return {
        "status": last["MonitoringExecutionStatus"],
        "time": format_time(last.get("ScheduledTime")),
        "failure_reason": last.get("FailureReason", ""),
    }


def schedule(
    s: dict[str, Any], alerts: list[dict[str, Any]], history: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    name = s["MonitoringScheduleName"]
    events = sorted(history.get(name, []), key=lambda e: (e["time"], e["alert"]))
    for a in alerts:  # the history's InAlert entry dates the alert better than LastModified
        starts = [e["time"] for e in events if e["alert"] == a["name"] and e["status"] == "InAlert"]
        if a["status"] == "InAlert" and starts:
            a["since"] = starts[-1]
    return {
        "name": name,
        "endpoint": s.get("EndpointName", ""),
        "type": s.get("MonitoringType") or s["MonitoringScheduleConfig"]["MonitoringType"],
        "status": s["MonitoringScheduleStatus"],
        "failure_reason": s.get("FailureReason", ""),
        "last_execution": execution(s.get("LastMonitoringExecutionSummary")),
        "alerts": sorted(alerts, key=lambda a: a["name"]),
        "alert_history": events,
    }


def transform(job: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": job["TransformJobName"],
        "model": job.get("ModelName", ""),
        "status": job["TransformJobStatus"],
        "created": format_time(job.get("CreationTime")),
    }


def card(c: dict[str, Any], risk: str | None) -> dict[str, Any]:
    return {"name": c["ModelCardName"], "status": c["ModelCardStatus"], "risk": risk or "Unknown"}


_SORT_KEYS = ("models", "endpoints", "monitoring_schedules", "alarms", "transform_jobs")


def sort_sections(out: dict[str, Any]) -> dict[str, Any]:
    """Sorted lists so two runs over the same account give byte-identical files."""
    for key in (*_SORT_KEYS, "model_cards"):
        out[key] = sorted(out[key], key=lambda item: item["name"])
    out["lineage"] = sorted(out["lineage"], key=lambda item: (item["model"], item["training_job"]))
    out["errors"] = sorted(out["errors"], key=lambda e: (e["section"], e["operation"]))
    return out

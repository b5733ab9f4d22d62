"""Plan A: `sagemaker.search`. Resource="Model" returns the Model Dashboard's records (model,
endpoints, schedules with alert summaries and last execution, last batch transform job, card),
so the calls grow with pages, not with endpoints."""

from __future__ import annotations

from typing import Any

from governance.monitoring import shapes
from governance.monitoring.calls import Caller
from governance.monitoring.sections import Clients, Out, alert_history, record


def plan_a(caller: Caller, clients: Clients, out: Out) -> dict[str, str | None]:
    """Fill the sections; return model → artifact URI for lineage. Raises SectionUnreadable
    when search(Resource="Model") itself is unavailable, before anything is kept."""
    sm = clients.sagemaker
    records = list(caller.pages(sm, "search", "Results", Resource="Model"))
    models = [r["Model"] for r in records if "Model" in r]
    out["models"] = [shapes.model(m["Model"]) for m in models]
    jobs = [m["LastBatchTransformJob"] for m in models if m.get("LastBatchTransformJob")]
    out["transform_jobs"] = [shapes.transform(j) for j in jobs]
    hosted = {
        e["EndpointName"]: m["Model"]["ModelName"] for m in models for e in m.get("Endpoints", [])
    }
    schedules = [s for m in models for s in m.get("MonitoringSchedules", [])]
    record(out, "endpoints", lambda: _endpoints(caller, sm, hosted))
    record(out, "monitoring", lambda: _schedules(caller, sm, schedules))
    record(out, "model_cards", lambda: _cards(caller, sm))
    return {m["Model"]["ModelName"]: shapes.artifact(m["Model"]) for m in models}


def _endpoints(caller: Caller, sm: Any, hosted: dict[str, str]) -> dict[str, Any]:
    endpoints = []
    for r in caller.pages(sm, "search", "Results", Resource="Endpoint"):
        e = r["Endpoint"]
        model = hosted.get(e["EndpointName"], "")
        variants = [shapes.variant_summary(v, model) for v in e.get("ProductionVariants", [])]
        endpoints.append(shapes.endpoint(e, variants))
    return {"endpoints": endpoints}


def _schedules(caller: Caller, sm: Any, schedules: list[dict[str, Any]]) -> dict[str, Any]:
    history = alert_history(caller, sm)
    seen: dict[str, dict[str, Any]] = {}
    for s in schedules:  # a schedule on a shared endpoint appears under each of its models
        alerts = [shapes.alert(a) for a in s.get("MonitoringAlertSummaries", [])]
        seen[s["MonitoringScheduleName"]] = shapes.schedule(s, alerts, history)
    return {"monitoring_schedules": list(seen.values())}


def _cards(caller: Caller, sm: Any) -> dict[str, Any]:
    cards = [r["ModelCard"] for r in caller.pages(sm, "search", "Results", Resource="ModelCard")]
    return {"model_cards": [shapes.card(c, c.get("RiskRating")) for c in cards]}

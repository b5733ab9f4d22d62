"""The search plan: `sagemaker.search`. Resource="Model" returns the Model Dashboard's records
(model, endpoints, schedules with alert summaries and last execution, last batch transform job,
card), so the calls grow with pages, not with endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from governance.monitoring import shapes
from governance.monitoring.calls import Caller
from governance.monitoring.sections import (
    ALERT_HISTORY_WINDOW,
    Clients,
    Out,
    alert_history,
    record,
)
from governance.monitoring.violations import violated_run


def search_plan(
    caller: Caller, clients: Clients, out: Out, now: datetime, runs: dict[str, str]
) -> dict[str, str | None]:
    """Fill the sections; return model → artifact URI for lineage, and put into `runs` the
    processing job of each schedule whose last run found violations. Raises SectionUnreadable
    when search(Resource="Model") itself is unavailable, before anything is kept."""
    sm = clients.sagemaker
    records = list(caller.pages(sm, "search", "Results", Resource="Model"))
    models = [r["Model"] for r in records if "Model" in r]
    out["models"] = [shapes.model(m["Model"]) for m in models]
    jobs = [m["LastBatchTransformJob"] for m in models if m.get("LastBatchTransformJob")]
    out["transform_jobs"] = [shapes.transform(j) for j in jobs]
    out["model_cards"] = _cards(models)
    hosted = {
        e["EndpointName"]: m["Model"]["ModelName"] for m in models for e in m.get("Endpoints", [])
    }
    schedules = [s for m in models for s in m.get("MonitoringSchedules", [])]
    runs.update({s["MonitoringScheduleName"]: arn for s in schedules if (arn := violated_run(s))})
    record(out, "endpoints", lambda: _endpoints(caller, sm, hosted))
    record(out, "monitoring", lambda: _schedules(caller, sm, schedules, now))
    return {m["Model"]["ModelName"]: shapes.artifact(m["Model"]) for m in models}


def _endpoints(caller: Caller, sm: Any, hosted: dict[str, str]) -> dict[str, Any]:
    endpoints = []
    for r in caller.pages(sm, "search", "Results", Resource="Endpoint"):
        e = r["Endpoint"]
        model = hosted.get(e["EndpointName"], "")
        variants = [shapes.variant_summary(v, model) for v in e.get("ProductionVariants", [])]
        endpoints.append(shapes.endpoint(e, variants))
    return {"endpoints": endpoints}


def _schedules(
    caller: Caller, sm: Any, schedules: list[dict[str, Any]], now: datetime
) -> dict[str, Any]:
    # The alert summaries in the records carry each alert's current state, so only the window
    # is read: an alert in alert for longer is dated by its LastModifiedTime instead.
    history = alert_history(caller, sm, now - ALERT_HISTORY_WINDOW)
    seen: dict[str, dict[str, Any]] = {}
    for s in schedules:  # a schedule on a shared endpoint appears under each of its models
        alerts = [shapes.alert(a) for a in s.get("MonitoringAlertSummaries", [])]
        seen[s["MonitoringScheduleName"]] = shapes.schedule(s, alerts, history)
    return {"monitoring_schedules": list(seen.values())}


def _cards(models: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cards from the records' ModelCard field (status and RiskRating), not a search of their
    own: one call less. What that loses: a card attached to no model of this account and region (a
    draft not yet linked, a card for a model outside SageMaker or since deleted) is in no record, so
    the search plan's `model_cards` lists only the cards of models; and where several cards name one
    model, the record carries one of them. The governance site reads the cards from git, not from
    here, so no status depends on the missing ones."""
    cards = {c["ModelCardName"]: c for m in models if (c := m.get("ModelCard"))}
    return [shapes.card(c, c.get("RiskRating")) for _, c in sorted(cards.items())]

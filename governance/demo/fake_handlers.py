"""FAKES, not AWS: handlers added to moto's SageMaker for what moto 5.2.5 lacks.

Model Monitor schedules, executions and alerts (GAP-MOTO-1..3) and search(Resource="Model" /
"ModelCard") (GAP-MOTO-4), as in reference/monitoring.md §3.3; the Model records carry the
model's card (ModelCard, with RiskRating) as AWS's ModelDashboardModel does. Studio user
profiles, apps and spaces are fakes of their own (fake_studio.py), installed here too. They
answer in the botocore response shapes so the real collector runs unchanged against them. Only
the demo account and the tests install them; nothing in the collector knows they exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from governance.demo import fake_studio

# (account, region) → what moto cannot hold. Module-level because moto dispatches to handler
# classes, not instances, and ThreadedMotoServer shares this process's memory.
_STATE: dict[tuple[str, str], FakeMonitoring] = {}


@dataclass
class FakeMonitoring:
    schedules: dict[str, dict[str, Any]] = field(default_factory=dict)
    alerts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    alert_history: list[dict[str, Any]] = field(default_factory=list)


def monitoring(account: str, region: str) -> FakeMonitoring:
    return _STATE.setdefault((account, region), FakeMonitoring())


def reset() -> None:
    _STATE.clear()
    fake_studio.reset()


def _page(self: Any, items: list[Any], key: str, build: Callable[[Any], Any] | None = None) -> Any:
    """Index-token paging honouring MaxResults, as the real API does and moto's search does not.
    `build` makes the records of the requested page only, so a page costs what it holds."""
    from moto.core.responses import ActionResult

    size = int(self._get_param("MaxResults") or 10)
    start = int(self._get_param("NextToken") or 0)
    chunk = items[start : start + size]
    body: dict[str, Any] = {key: [build(i) for i in chunk] if build else chunk}
    if start + size < len(items):
        body["NextToken"] = str(start + size)
    return ActionResult(body)


def _state(self: Any) -> FakeMonitoring:
    return monitoring(self.current_account, self.region)


def _list_monitoring_schedules(self: Any) -> Any:
    keys = (
        "MonitoringScheduleName",
        "MonitoringScheduleArn",
        "CreationTime",
        "LastModifiedTime",
        "MonitoringScheduleStatus",
        "EndpointName",
        "MonitoringType",
    )
    items = [{k: s[k] for k in keys if k in s} for _, s in sorted(_state(self).schedules.items())]
    return _page(self, items, "MonitoringScheduleSummaries")


def _describe_monitoring_schedule(self: Any) -> Any:
    from moto.core.responses import ActionResult
    from moto.sagemaker.exceptions import ValidationError

    name = self._get_param("MonitoringScheduleName")
    schedule = _state(self).schedules.get(name)
    if schedule is None:
        raise ValidationError(message=f"Could not find monitoring schedule {name}")
    return ActionResult(schedule)


def _list_monitoring_alerts(self: Any) -> Any:
    name = self._get_param("MonitoringScheduleName")
    return _page(self, _state(self).alerts.get(name, []), "MonitoringAlertSummaries")


def _list_monitoring_alert_history(self: Any) -> Any:
    """Filtered by schedule and CreationTimeAfter as the real API does, so the collector's
    window is what decides how many pages it reads."""
    name = self._get_param("MonitoringScheduleName")
    limit = _epoch(self._get_param("CreationTimeAfter"))
    events = [
        e
        for e in _state(self).alert_history
        if name in (None, e["MonitoringScheduleName"])
        and (limit is None or e["CreationTime"].timestamp() > limit)
    ]
    return _page(self, events, "MonitoringAlertHistory")


def _epoch(value: Any) -> float | None:
    """A time parameter as epoch seconds: moto hands over a datetime or, for some shapes,
    epoch seconds (a number or its text)."""
    if value is None:
        return None
    return value.timestamp() if hasattr(value, "timestamp") else float(value)


def _list_monitoring_executions(self: Any) -> Any:
    """The last execution of each schedule (all the fake keeps), newest first, filtered by
    endpoint, schedule and creation time as the real API does."""
    endpoint = self._get_param("EndpointName")
    schedule = self._get_param("MonitoringScheduleName")
    limit = _epoch(self._get_param("CreationTimeAfter"))
    runs = [
        s["LastMonitoringExecutionSummary"]
        for _, s in sorted(_state(self).schedules.items())
        if s.get("LastMonitoringExecutionSummary")
        and endpoint in (None, s["EndpointName"])
        and schedule in (None, s["MonitoringScheduleName"])
    ]
    if limit is not None:
        runs = [r for r in runs if r["CreationTime"].timestamp() > limit]
    runs.sort(key=lambda r: (r["ScheduledTime"], r["MonitoringScheduleName"]), reverse=True)
    return _page(self, runs, "MonitoringExecutionSummaries")


def _hosting(backend: Any) -> dict[str, list[Any]]:
    """model name → the endpoints serving it, in one pass (not one pass per model)."""
    index: dict[str, list[Any]] = {}
    for e in backend.endpoints.values():
        variants = backend.endpoint_configs[e.endpoint_config_name].production_variants
        for name in sorted({v.get("ModelName") for v in variants if v.get("ModelName")}):
            index.setdefault(name, []).append(e)
    return index


def _cards_by_model(backend: Any) -> dict[str, Any]:
    """model name or ARN → the latest version of the card naming it in model_overview.model_id
    (what AWS shows as the record's ModelCard; cards naming no model appear in no record)."""
    index: dict[str, Any] = {}
    for _, versions in sorted(backend.model_cards.items()):
        card = versions[-1]
        model_id = _content(card).get("model_overview", {}).get("model_id")
        if isinstance(model_id, str) and model_id:
            index[model_id] = card
    return index


def _content(card: Any) -> dict[str, Any]:
    data = json.loads(card.content or "{}")
    return data if isinstance(data, dict) else {}


def _dashboard_card(card: Any, model_arn: str) -> dict[str, Any]:
    """ModelDashboardModelCard: status and RiskRating, no Content (botocore's shape)."""
    risk = _content(card).get("intended_uses", {}).get("risk_rating")
    return {
        "ModelCardArn": card.arn,
        "ModelCardName": card.model_card_name,
        "ModelCardVersion": card.model_card_version,
        "ModelCardStatus": card.model_card_status,
        "CreationTime": card.creation_time,
        "LastModifiedTime": card.last_modified_time,
        "ModelId": model_arn,
        "RiskRating": risk or "Unknown",
    }


def _dashboard_model(
    self: Any, model: Any, hosting: dict[str, list[Any]], cards: dict[str, Any]
) -> dict[str, Any]:
    endpoints = hosting.get(model.model_name, [])
    record: dict[str, Any] = {
        "Model": {
            "ModelName": model.model_name,
            "ModelArn": model.arn,
            "CreationTime": model.creation_time,
            "PrimaryContainer": model.primary_container,
        },
        "Endpoints": [_dashboard_endpoint(e) for e in endpoints],
        "MonitoringSchedules": _dashboard_schedules(_state(self), endpoints),
    }
    card = cards.get(model.arn) or cards.get(model.model_name)
    if card is not None:
        record["ModelCard"] = _dashboard_card(card, model.arn)
    jobs = [
        j
        for j in self.sagemaker_backend.transform_jobs.values()
        if j.model_name == model.model_name
    ]
    if jobs:
        record["LastBatchTransformJob"] = _dashboard_job(max(jobs, key=lambda j: j.creation_time))
    return {"Model": record}


def _dashboard_endpoint(e: Any) -> dict[str, Any]:
    return {
        "EndpointName": e.endpoint_name,
        "EndpointArn": e.arn,
        "EndpointStatus": e.endpoint_status,
        "CreationTime": e.creation_time,
        "LastModifiedTime": e.last_modified_time,
    }


def _dashboard_schedules(state: FakeMonitoring, endpoints: list[Any]) -> list[dict[str, Any]]:
    names = {e.endpoint_name for e in endpoints}
    return [
        {**s, "MonitoringAlertSummaries": state.alerts.get(s["MonitoringScheduleName"], [])}
        for _, s in sorted(state.schedules.items())
        if s["EndpointName"] in names
    ]


def _dashboard_job(job: Any) -> dict[str, Any]:
    return {
        "TransformJobName": job.transform_job_name,
        "TransformJobArn": job.arn,
        "ModelName": job.model_name,
        "TransformJobStatus": job.transform_job_status,
        "CreationTime": job.creation_time,
    }


def _model_card(card: Any) -> dict[str, Any]:
    risk = _content(card).get("intended_uses", {}).get("risk_rating")
    return {
        "ModelCard": {
            "ModelCardName": card.model_card_name,
            "ModelCardArn": card.arn,
            "ModelCardVersion": card.model_card_version,
            "ModelCardStatus": card.model_card_status,
            "RiskRating": risk or "Unknown",
            "CreationTime": card.creation_time,
        }
    }


def _make_search(original: Any) -> Any:
    def search(self: Any) -> Any:
        resource = self._get_param("Resource")
        backend = self.sagemaker_backend
        if resource == "Model":
            hosting, cards = _hosting(backend), _cards_by_model(backend)
            models = [m for _, m in sorted(backend._models.items())]
            return _page(
                self, models, "Results", lambda m: _dashboard_model(self, m, hosting, cards)
            )
        elif resource == "ModelCard":
            records = [_model_card(v[-1]) for _, v in sorted(backend.model_cards.items())]
        else:  # moto's own search, paged: moto returns every hit on one page
            found = backend.search(
                resource=resource, search_expression=self._get_param("SearchExpression")
            )
            records = found["Results"]
        return _page(self, records, "Results")

    return search


_originals: dict[str, Any] = {}


def install() -> None:
    """Add the fake handlers to moto's SageMaker; before the first request, since moto looks
    handler methods up on the class to dispatch. Idempotent."""
    from moto.sagemaker.responses import SageMakerResponse

    if _originals:
        return
    handlers = {
        "list_monitoring_schedules": _list_monitoring_schedules,
        "describe_monitoring_schedule": _describe_monitoring_schedule,
        "list_monitoring_executions": _list_monitoring_executions,
        "list_monitoring_alerts": _list_monitoring_alerts,
        "list_monitoring_alert_history": _list_monitoring_alert_history,
        "search": _make_search(SageMakerResponse.search),
        **fake_studio.handlers(SageMakerResponse),  # Studio user profiles (fake_studio.py)
    }
    for name, handler in handlers.items():
        _originals[name] = SageMakerResponse.__dict__.get(name)
        setattr(SageMakerResponse, name, handler)


def uninstall() -> None:
    """Plain moto again (tests of what happens where moto, like an old region, lacks an API)."""
    from moto.sagemaker.responses import SageMakerResponse

    for name, original in _originals.items():
        if original is None:
            delattr(SageMakerResponse, name)
        else:
            setattr(SageMakerResponse, name, original)
    _originals.clear()

"""Status derivation (pure functions over snapshots): missing data is never OK, CloudWatch
alarms count as monitoring, stale, undocumented."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from governance.monitoring.model import snapshot_from_data
from governance.monitoring.status import (
    State,
    alarm_status,
    is_monitored,
    is_stale,
    monitor_status,
    schedule_status,
    undocumented_endpoints,
)

BASE: dict[str, Any] = {
    "version": 1,
    "taken_at": "2026-11-28T06:00:00Z",
    "account": "111122223333",
    "region": "eu-west-1",
    "source": "file",
    "plan": "search",
    "models": [{"name": "m", "created": None}],
    "endpoints": [
        {
            "name": "m-prod",
            "status": "InService",
            "failure_reason": "",
            "data_capture": True,
            "variants": [
                {"name": "AllTraffic", "model": "m", "instance_type": "", "instance_count": 1}
            ],
        }
    ],
    "monitoring_schedules": [],
    "alarms": [],
    "transform_jobs": [],
    "model_cards": [],
    "lineage": [],
    "api_calls": {},
    "errors": [],
}


def schedule(
    status: str = "Scheduled",
    run: str | None = "Completed",
    alert: str | None = "OK",
    kind: str = "DataQuality",
) -> dict[str, Any]:
    return {
        "name": f"s-{kind}",
        "endpoint": "m-prod",
        "type": kind,
        "status": status,
        "failure_reason": "",
        "last_execution": None
        if run is None
        else {"status": run, "time": "2026-11-28T05:00:00Z", "failure_reason": "boom"},
        "alerts": []
        if alert is None
        else [
            {
                "name": "a",
                "status": alert,
                "datapoints_to_alert": 3,
                "evaluation_period": 5,
                "since": "2026-11-27T05:00:00Z" if alert == "InAlert" else None,
            }
        ],
        "alert_history": [],
    }


def alarm(state: str, endpoint: str = "m-prod") -> dict[str, Any]:
    return {
        "name": f"{endpoint}-{state}",
        "state": state,
        "reason": "",
        "namespace": "AWS/SageMaker",
        "metric": "ModelLatency",
        "endpoint": endpoint,
        "updated": "2026-11-27T14:00:00Z",
    }


def snap(**changes: Any):  # type: ignore[no-untyped-def]
    data = copy.deepcopy(BASE)
    data.update(changes)
    return snapshot_from_data(data, "snapshots/x.json")


def dq(**changes: Any) -> State:
    return monitor_status(snap(**changes), "m", "DataQuality").state


@pytest.mark.parametrize(
    ("sched", "expected"),
    [
        (schedule(), State.OK),
        (schedule(alert=None), State.OK),  # a good run, no alert configured
        # violations and no alert to weigh them: the violations are the news, never OK
        (schedule(run="CompletedWithViolations", alert=None), State.ALERT),
        # an alert configured and not in alert: its window (datapoints to alert) decides
        (schedule(run="CompletedWithViolations", alert="OK"), State.OK),
        (schedule(alert="InAlert"), State.ALERT),
        (schedule(run="Failed"), State.FAILING),
        (schedule(status="Stopped"), State.INACTIVE),
        (schedule(status="Failed"), State.INACTIVE),
        (schedule(run=None, alert=None), State.UNKNOWN),  # scheduled, never ran: not OK
        (schedule(run="InProgress", alert=None), State.UNKNOWN),
        (schedule(status="Pending", run=None, alert="OK"), State.UNKNOWN),
    ],
)
def test_schedule_states(sched: dict[str, Any], expected: State) -> None:
    assert dq(monitoring_schedules=[sched]) is expected


def test_alert_carries_its_start() -> None:
    status = monitor_status(
        snap(monitoring_schedules=[schedule(alert="InAlert")]), "m", "DataQuality"
    )
    assert status.since == "2026-11-27T05:00:00Z"


def test_no_schedule_is_none_not_ok() -> None:
    assert dq() is State.NONE


@pytest.mark.parametrize("section", ["monitoring", "endpoints"])
def test_an_unreadable_section_makes_every_monitor_unknown_never_ok(section: str) -> None:
    error = {"section": section, "operation": "sagemaker.x", "code": "AccessDenied", "message": ""}
    assert dq(monitoring_schedules=[schedule()], errors=[error]) is State.UNKNOWN


def test_worst_schedule_decides_when_a_model_has_several_endpoints() -> None:
    second = copy.deepcopy(BASE["endpoints"][0]) | {"name": "m-canary"}
    bad = schedule(alert="InAlert") | {"name": "s2", "endpoint": "m-canary"}
    assert dq(endpoints=[*BASE["endpoints"], second], monitoring_schedules=[schedule(), bad]) is (
        State.ALERT
    )


def test_cloudwatch_alarms_count_as_monitoring() -> None:
    snapshot = snap(alarms=[alarm("OK")])
    assert alarm_status(snapshot, "m").state is State.OK
    assert is_monitored(snapshot, "m") is True
    assert alarm_status(snap(alarms=[alarm("ALARM")]), "m").state is State.ALERT


def test_alarm_with_insufficient_data_is_unknown_not_ok() -> None:
    assert alarm_status(snap(alarms=[alarm("INSUFFICIENT_DATA")]), "m").state is State.UNKNOWN


def test_unreadable_alarms_are_unknown_and_monitoring_cannot_be_decided() -> None:
    error = {"section": "alarms", "operation": "cloudwatch.x", "code": "Throttling", "message": ""}
    snapshot = snap(errors=[error])
    assert alarm_status(snapshot, "m").state is State.UNKNOWN
    assert is_monitored(snapshot, "m") is None


def test_nothing_watching_is_not_monitored() -> None:
    assert is_monitored(snap(), "m") is False
    assert is_monitored(snap(monitoring_schedules=[schedule(status="Stopped")]), "m") is False


def test_alarms_on_other_endpoints_do_not_count() -> None:
    assert alarm_status(snap(alarms=[alarm("OK", "other")]), "m").state is State.NONE


def test_schedule_status_detail_names_the_failure() -> None:
    status = schedule_status(
        snap(monitoring_schedules=[schedule(run="Failed")]).monitoring_schedules[0]
    )
    assert status.detail == "boom"


def test_stale_after_the_configured_hours() -> None:
    snapshot = snap()
    assert not is_stale(snapshot, datetime(2026, 11, 29, 6, 0, tzinfo=UTC), 24)
    assert is_stale(snapshot, datetime(2026, 11, 29, 6, 1, tzinfo=UTC), 24)
    assert is_stale(snapshot, datetime(2026, 11, 28, 8, 0, tzinfo=UTC), 1)


def test_undocumented_endpoints() -> None:
    assert undocumented_endpoints(snap(), {"m-prod"}) == ()
    assert undocumented_endpoints(snap(), {"other"}) == ("m-prod",)

"""The collector over HTTP against moto on 127.0.0.1 (plus the named fake handlers for what
moto lacks), with injected faults. Never real AWS: the clients carry fake keys and a local URL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from governance.demo import fake_handlers
from governance.demo.run import demo_snapshot, moto_server, reset_moto
from governance.monitoring.model import MONITOR_TYPES, snapshot_from_data
from governance.monitoring.status import State, alarm_status, is_monitored, monitor_statuses
from governance.monitoring.write import render
from tests.conftest import ROOT
from tests.test_monitoring_helpers import (
    ATTEMPTS,
    NOW,
    Fault,
    clients_for,
    seed_endpoints,
    seed_monitors,
    snapshot_of,
)

LISTS = ("models", "endpoints", "monitoring_schedules", "alarms", "transform_jobs")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture
def url(server: str) -> Iterator[str]:
    fake_handlers.install()
    reset_moto()
    yield server
    fake_handlers.install()
    reset_moto()


@pytest.fixture(autouse=True)
def no_retry_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore sleeps between retries (seconds with backoff); the retries still happen."""
    import botocore.endpoint

    monkeypatch.setattr(botocore.endpoint.time, "sleep", lambda _: None)


def small_fleet(url: str, count: int = 3, kinds: tuple[str, ...] = ("DataQuality",)) -> str:
    clients, account, _ = clients_for(url)
    names = [f"ep-{i:03d}" for i in range(count)]
    seed_endpoints(clients, names)
    for name in names:
        seed_monitors(account, name, kinds)
    return account


def statuses(data: dict[str, Any], model: str) -> dict[str, State]:
    snapshot = snapshot_from_data(data, "snapshot.json")
    return {t: s.state for t, s in monitor_statuses(snapshot, model).items()}


# -- the demo ----------------------------------------------------------------------------------


def test_demo_fills_every_section_and_matches_the_committed_file_byte_for_byte() -> None:
    data = demo_snapshot()
    for section in (*LISTS, "model_cards", "lineage"):
        assert data[section], f"demo section {section} is empty"
    assert data["errors"] == [] and data["plan"] == "search" and data["source"] == "demo"
    assert render(data) == (ROOT / "snapshots" / "demo.json").read_text("utf-8")


def test_list_plan_derives_the_same_statuses_as_search_plan_on_the_demo() -> None:
    a, b = demo_snapshot(), demo_snapshot(plan="list")
    # the list plan where search is denied altogether: list + describe, and lineage by listing jobs
    strict = demo_snapshot(plan="list", prepare=lambda c: _deny_search(c.sagemaker))
    assert b["plan"] == "list" and b["errors"] == [] and strict["errors"] == []
    for model in [m["name"] for m in a["models"]]:
        assert statuses(a, model) == statuses(b, model) == statuses(strict, model), model
    assert b["endpoints"] == strict["endpoints"] and b["lineage"] == strict["lineage"]
    assert sum(b["api_calls"].values()) > sum(a["api_calls"].values())
    assert sum(strict["api_calls"].values()) > sum(b["api_calls"].values())
    # The governance-reader persona grants exactly what the plans call, no more.
    called = {_iam_action(name) for data in (a, b, strict) for name in data["api_calls"]}
    policy = json.loads((ROOT / "compiled/governance-reader/policy-1.json").read_text())
    granted = {action for st in policy["Statement"] for action in st["Action"]}
    # DescribeMonitoringSchedule is only for schedules with no run in the last 25 h (weekly
    # ones); every demo schedule ran an hour ago.
    assert granted - called == {"sagemaker:DescribeMonitoringSchedule"}
    assert called <= granted


def _deny_search(client: Any) -> None:
    Fault("Search", "AccessDeniedException", 400).attach(client)


def _iam_action(api_call: str) -> str:
    """ "sagemaker.list_models" -> "sagemaker:ListModels"."""
    service, operation = api_call.split(".")
    return f"{service}:{''.join(part.title() for part in operation.split('_'))}"


# -- faults ------------------------------------------------------------------------------------


def test_throttling_is_retried_and_then_succeeds(url: str) -> None:
    small_fleet(url)
    fault = Fault("ListMonitoringAlertHistory", "ThrottlingException", 400, times=ATTEMPTS - 1)
    data = snapshot_of(url, faults=(fault,))
    assert fault.seen == ATTEMPTS - 1
    assert data["errors"] == []
    assert statuses(data, "ep-000-model")["DataQuality"] is State.OK


def test_persistent_throttling_is_recorded_and_its_statuses_are_unknown(url: str) -> None:
    small_fleet(url)
    fault = Fault("ListMonitoringAlertHistory", "ThrottlingException", 400)
    data = snapshot_of(url, faults=(fault,))
    assert fault.seen == ATTEMPTS  # every attempt botocore was allowed
    assert [(e["section"], e["code"]) for e in data["errors"]] == [
        ("monitoring", "ThrottlingException")
    ]
    assert set(statuses(data, "ep-000-model").values()) == {State.UNKNOWN}
    assert len(data["endpoints"]) == 3 and len(data["models"]) == 3


def test_access_denied_on_one_api_leaves_the_rest_complete(url: str) -> None:
    small_fleet(url)
    fault = Fault("Search", "AccessDeniedException", 400, match='"Endpoint"')
    data = snapshot_of(url, faults=(fault,))
    assert fault.seen == 1  # AccessDenied is not retried
    assert [(e["section"], e["code"]) for e in data["errors"]] == [
        ("endpoints", "AccessDeniedException")
    ]
    assert data["endpoints"] == []
    assert len(data["models"]) == 3 and len(data["monitoring_schedules"]) == 3
    snapshot = snapshot_from_data(data, "snapshot.json")
    assert {s.state for s in monitor_statuses(snapshot, "ep-000-model").values()} == {State.UNKNOWN}
    assert alarm_status(snapshot, "ep-000-model").state is State.UNKNOWN


def test_unimplemented_operations_answering_500_are_recorded_not_fatal(url: str) -> None:
    """Plain moto, without the fakes: search(Resource=Model) is refused, so the list plan runs, and
    the Model Monitor APIs answer 500 (NotImplementedError), retried, then recorded."""
    small_fleet(url)
    fake_handlers.uninstall()
    data = snapshot_of(url)
    assert data["plan"] == "list"
    assert [(e["section"], e["code"]) for e in data["errors"]] == [("monitoring", "500")]
    assert data["api_calls"]["sagemaker.list_monitoring_alert_history"] == 1
    assert len(data["endpoints"]) == 3 and data["endpoints"][0]["variants"][0]["model"]
    assert set(statuses(data, "ep-000-model").values()) == {State.UNKNOWN}


@pytest.mark.parametrize("plan", ["search", "list"])
def test_several_pages_are_all_read(url: str, plan: str) -> None:
    small_fleet(url, count=105, kinds=("DataQuality", "ModelQuality"))
    data = snapshot_of(url, plan=plan)
    assert data["errors"] == [] and data["plan"] == plan
    assert len(data["endpoints"]) == 105 and len(data["monitoring_schedules"]) == 210
    assert len(data["models"]) == 105
    calls = data["api_calls"]
    if plan == "search":  # pages, not endpoints: Model 2 + Endpoint 2 + TrainingJob 1
        assert calls["sagemaker.search"] == 2 + 2 + 1
        assert sum(calls.values()) <= 10
    else:  # endpoints' live state from search pages; configs (and models) described
        assert calls["sagemaker.search"] == 2 + 1
        assert "sagemaker.describe_endpoint" not in calls
        assert calls["sagemaker.list_monitoring_schedules"] == 3
        assert calls["sagemaker.describe_endpoint_config"] == 105


def test_list_plan_describes_only_schedules_without_a_recent_run(url: str) -> None:
    account = small_fleet(url, count=2)
    seed_monitors(account, "ep-001", ("ModelBias",), ran=NOW - timedelta(days=6))  # weekly
    data = snapshot_of(url, plan="list")
    assert data["errors"] == []
    assert data["api_calls"]["sagemaker.describe_monitoring_schedule"] == 1
    weekly = [s for s in data["monitoring_schedules"] if s["type"] == "ModelBias"]
    assert weekly[0]["last_execution"]["time"] == "2026-11-22T06:00:00Z"
    assert statuses(data, "ep-001-model")["ModelBias"] is State.OK


def test_an_empty_account_gives_empty_sections_and_no_ok(url: str) -> None:
    data = snapshot_of(url)
    assert data["errors"] == [] and data["plan"] == "search"
    assert all(data[s] == [] for s in (*LISTS, "model_cards", "lineage"))
    snapshot = snapshot_from_data(data, "snapshot.json")
    assert statuses(data, "anything") == {t: State.NONE for t in MONITOR_TYPES}
    assert is_monitored(snapshot, "anything") is False


def test_endpoints_with_alarms_but_no_model_monitor_count_as_monitored(url: str) -> None:
    clients, _, _ = clients_for(url)
    seed_endpoints(clients, ["ep-a", "ep-b"], alarm=True)
    data = snapshot_of(url)
    assert data["errors"] == [] and data["monitoring_schedules"] == []
    snapshot = snapshot_from_data(data, "snapshot.json")
    assert statuses(data, "ep-a-model") == {t: State.NONE for t in MONITOR_TYPES}
    assert alarm_status(snapshot, "ep-a-model").state is State.OK
    assert is_monitored(snapshot, "ep-a-model") is True

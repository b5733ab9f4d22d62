"""Issue 5's reads, against moto on 127.0.0.1 plus the named fake handlers (never real AWS):
violation details from S3, the list plan's search(Endpoint) with its describe fallback, the alert
history window, alerts listed only where they can change a cell, and cards from the Model
Dashboard records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from governance.demo import fake_handlers
from governance.demo.run import moto_server, reset_moto
from governance.monitoring.collect import Clients, collect
from governance.monitoring.model import snapshot_from_data
from governance.monitoring.sections import ALERT_HISTORY_WINDOW
from governance.monitoring.status import State, monitor_statuses
from governance.monitoring.violations import MAX_LISTED
from tests.test_monitoring_helpers import (
    NOW,
    REGION,
    Fault,
    _Body,
    clients_for,
    seed_endpoints,
    seed_monitors,
)

BUCKET = "monitor-reports"
DENY_SEARCH = Fault("Search", "AccessDeniedException", 400)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture
def url(server: str) -> Iterator[str]:
    fake_handlers.install()
    reset_moto()
    yield server
    reset_moto()


@pytest.fixture(autouse=True)
def no_retry_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    import botocore.endpoint

    monkeypatch.setattr(botocore.endpoint.time, "sleep", lambda _: None)


def run(
    url: str, plan: str = "auto", faults: tuple[Fault, ...] = (), **options: Any
) -> dict[str, Any]:
    clients, account, region = clients_for(url)
    for fault in faults:
        fresh = Fault(fault.operation, fault.code, fault.status, fault.times, fault.match)
        fresh.attach(clients.sagemaker)
    return collect(clients, account=account, region=region, now=NOW, plan=plan, **options)


def fleet(url: str, names: tuple[str, ...] = ("ep-a", "ep-b")) -> tuple[Clients, str]:
    clients, account, _ = clients_for(url)
    seed_endpoints(clients, list(names))
    for name in names:
        seed_monitors(account, name, ("DataQuality",))
    return clients, account


def violated(clients: Clients, account: str, endpoint: str, report: bytes | None) -> str:
    """The DataQuality schedule's last run found violations; its processing job writes to
    s3://BUCKET/<schedule>/ and `report` (None: no file) is its constraint_violations.json."""
    name = f"{endpoint}-dataquality"
    sm, s3 = clients.sagemaker, clients.s3
    if BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    arn = sm.create_processing_job(
        ProcessingJobName=f"{name}-run",
        RoleArn="arn:aws:iam::123456789012:role/test",
        AppSpecification={"ImageUri": "img"},
        ProcessingResources={
            "ClusterConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.xlarge",
                "VolumeSizeInGB": 1,
            }
        },
        ProcessingOutputConfig={
            "Outputs": [{"OutputName": "r", "S3Output": _output(f"s3://{BUCKET}/{name}/")}]
        },
    )["ProcessingJobArn"]
    if report is not None:
        s3.put_object(Bucket=BUCKET, Key=f"{name}/constraint_violations.json", Body=report)
    run = fake_handlers.monitoring(account, REGION).schedules[name][
        "LastMonitoringExecutionSummary"
    ]
    run.update(MonitoringExecutionStatus="CompletedWithViolations", ProcessingJobArn=arn)
    return name


def _output(uri: str) -> dict[str, str]:
    return {"S3Uri": uri, "LocalPath": "/opt/ml/processing/output", "S3UploadMode": "EndOfJob"}


def report(count: int) -> bytes:
    found = [
        {
            "feature_name": f"f{i}",
            "constraint_check_type": "baseline_drift_check",
            "description": "",
        }
        for i in range(count)
    ]
    return json.dumps({"violations": found}).encode()


def schedule(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in data["monitoring_schedules"] if s["name"] == name)


def states(data: dict[str, Any], model: str) -> dict[str, State]:
    snapshot = snapshot_from_data(data, "s.json")
    return {t: s.state for t, s in monitor_statuses(snapshot, model).items()}


# -- violation details -------------------------------------------------------------------------


@pytest.mark.parametrize("plan", ["search", "list"])
def test_violations_are_read_counted_and_capped(url: str, plan: str) -> None:
    clients, account = fleet(url)
    name = violated(clients, account, "ep-a", report(MAX_LISTED + 5))
    data = run(url, plan=plan)
    assert data["errors"] == []
    found = schedule(data, name)["violations"]
    assert found["count"] == MAX_LISTED + 5 and len(found["checks"]) == MAX_LISTED
    assert found["checks"][0] == {"feature": "f0", "check": "baseline_drift_check"}
    assert "violations" not in schedule(data, "ep-b-dataquality")  # its last run was clean
    calls = data["api_calls"]
    assert calls["sagemaker.describe_processing_job"] == 1 and calls["s3.get_object"] == 1
    loaded = snapshot_from_data(data, "s.json")  # the model reads the new field
    assert next(s for s in loaded.monitoring_schedules if s.name == name).violations.count == 25


def test_no_violations_option_makes_no_violation_calls(url: str) -> None:
    clients, account = fleet(url)
    name = violated(clients, account, "ep-a", report(2))
    data = run(url, violations=False)
    assert data["errors"] == [] and "violations" not in schedule(data, name)
    assert "s3.get_object" not in data["api_calls"]
    assert "sagemaker.describe_processing_job" not in data["api_calls"]


class S3Fault:
    """S3 answers in XML, not SageMaker's JSON: an injected S3 error in S3's own shape."""

    def __init__(self, code: str, status: int) -> None:
        self.code, self.status = code, status

    def __call__(self, request: Any, **_: Any) -> AWSResponse:
        body = f"<Error><Code>{self.code}</Code><Message>injected</Message></Error>".encode()
        return AWSResponse(
            request.url, self.status, {"content-type": "application/xml"}, _Body(body)
        )


@pytest.mark.parametrize(
    ("report_body", "s3_fault", "code"),
    [
        (None, None, "NoSuchKey"),
        (b'{"violations": [', None, "InvalidJSON"),
        (b'{"something": "else"}', None, "InvalidReport"),
        (report(1), S3Fault("AccessDenied", 403), "AccessDenied"),
    ],
)
def test_an_unreadable_report_is_an_error_entry_and_the_rest_is_whole(
    url: str, report_body: bytes | None, s3_fault: S3Fault | None, code: str
) -> None:
    clients, account = fleet(url)
    name = violated(clients, account, "ep-a", report_body)
    clients, found_account, region = clients_for(url)
    if s3_fault is not None:
        clients.s3.meta.events.register("before-send.s3.GetObject", s3_fault)
    data = collect(clients, account=found_account, region=region, now=NOW)
    assert [(e["section"], e["code"]) for e in data["errors"]] == [("violations", code)]
    assert name in data["errors"][0]["message"]
    assert "violations" not in schedule(data, name)
    assert len(data["endpoints"]) == 2 and len(data["monitoring_schedules"]) == 2
    # statuses never rest on the violation details: the last run found violations and no
    # alert is configured to weigh them, so the monitor is in alert, report read or not
    assert states(data, "ep-a-model")["DataQuality"] is State.ALERT


def test_a_processing_job_that_is_gone_is_an_error_entry(url: str) -> None:
    clients, account = fleet(url)
    name = violated(clients, account, "ep-a", report(1))
    state = fake_handlers.monitoring(account, REGION).schedules[name]
    state["LastMonitoringExecutionSummary"]["ProcessingJobArn"] += "-deleted"
    data = run(url)
    assert [(e["section"], e["operation"]) for e in data["errors"]] == [
        ("violations", "sagemaker.describe_processing_job")
    ]


# -- the list plan: search(Endpoint) and its fallback ------------------------------------------


def test_list_plan_reads_endpoints_from_search_and_falls_back_to_describe(url: str) -> None:
    fleet(url, ("ep-a", "ep-b", "ep-c"))
    searched = run(url, plan="list")
    described = run(url, plan="list", faults=(DENY_SEARCH,))
    assert searched["errors"] == [] and described["errors"] == []
    assert searched["endpoints"] == described["endpoints"]
    assert searched["endpoints"][0]["variants"][0] == {
        "name": "AllTraffic",
        "model": "ep-a-model",
        "instance_type": "ml.m5.large",
        "instance_count": 1,
    }
    a, b = searched["api_calls"], described["api_calls"]
    assert "sagemaker.describe_endpoint" not in a and "sagemaker.list_endpoints" not in a
    assert a["sagemaker.describe_endpoint_config"] == 3
    assert b["sagemaker.list_endpoints"] == 1 and b["sagemaker.describe_endpoint"] == 3
    assert searched["lineage"] == described["lineage"]  # the fallback's name match agrees


def test_lineage_without_search_matches_sagemakers_artifact_layout(url: str) -> None:
    clients, _, _ = clients_for(url)
    sm = clients.sagemaker
    for job in ("job-1", "job-2"):
        sm.create_training_job(
            TrainingJobName=job,
            RoleArn="arn:aws:iam::123456789012:role/test",
            AlgorithmSpecification={"TrainingImage": "img", "TrainingInputMode": "File"},
            OutputDataConfig={"S3OutputPath": "s3://b/out"},
            ResourceConfig={
                "InstanceType": "ml.m5.xlarge",
                "InstanceCount": 1,
                "VolumeSizeInGB": 1,
            },
            StoppingCondition={"MaxRuntimeInSeconds": 60},
        )
    for model, uri in (
        ("m1", "s3://b/out/job-1/output/model.tar.gz"),
        ("m2", "s3://c/copy.tar.gz"),
    ):
        sm.create_model(
            ModelName=model,
            ExecutionRoleArn="arn:aws:iam::123456789012:role/test",
            PrimaryContainer={"Image": "img", "ModelDataUrl": uri},
        )
    data = run(url, plan="list", faults=(DENY_SEARCH,))
    assert data["errors"] == []
    assert data["lineage"] == [{"training_job": "job-1", "model": "m1"}]
    assert data["api_calls"]["sagemaker.list_training_jobs"] == 1


# -- alert history: the window, and alerts listed only where they can change a cell -------------


def event(name: str, status: str, when: datetime) -> dict[str, Any]:
    return {
        "MonitoringScheduleName": name,
        "MonitoringAlertName": f"{name}-violations",
        "CreationTime": when,
        "AlertStatus": status,
    }


def alert(name: str, status: str, changed: datetime) -> dict[str, Any]:
    return {
        "MonitoringAlertName": f"{name}-violations",
        "CreationTime": changed - timedelta(days=90),
        "LastModifiedTime": changed,
        "AlertStatus": status,
        "DatapointsToAlert": 3,
        "EvaluationPeriod": 5,
    }


@pytest.mark.parametrize("plan", ["search", "list"])
def test_only_the_window_of_alert_history_is_kept(url: str, plan: str) -> None:
    """ep-a: fired and recovered 30 days ago, fired again yesterday. ep-b: in alert for 40
    days with no newer event: outside the window, and still in alert in both plans."""
    _, account = fleet(url)
    state = fake_handlers.monitoring(account, REGION)
    old, older, recently = NOW - timedelta(days=30), NOW - timedelta(days=40), NOW - timedelta(1)
    a, b = "ep-a-dataquality", "ep-b-dataquality"
    state.alert_history += [
        event(a, "InAlert", old),
        event(a, "OK", old + timedelta(hours=5)),
        event(a, "InAlert", recently),
        event(b, "InAlert", older),
    ]
    state.alerts[a] = [alert(a, "InAlert", recently)]
    state.alerts[b] = [alert(b, "InAlert", older)]
    data = run(url, plan=plan)
    assert data["errors"] == []
    since = NOW - ALERT_HISTORY_WINDOW
    for s in data["monitoring_schedules"]:
        assert all(e["time"] > since.strftime("%Y-%m-%dT%H:%M:%SZ") for e in s["alert_history"])
    assert [e["status"] for e in schedule(data, a)["alert_history"]] == ["InAlert"]
    assert schedule(data, b)["alert_history"] == []
    assert states(data, "ep-b-model")["DataQuality"] is State.ALERT  # never a false OK
    assert schedule(data, b)["alerts"][0]["since"] == "2026-10-19T06:00:00Z"  # LastModified
    assert schedule(data, a)["alerts"][0]["since"] == "2026-11-27T06:00:00Z"  # its event


def test_the_fake_alert_history_honours_creation_time_after(url: str) -> None:
    clients, account = fleet(url)
    state = fake_handlers.monitoring(account, REGION)
    state.alert_history += [event("x", "OK", NOW - timedelta(days=d)) for d in (1, 20)]
    sm = clients.sagemaker
    assert len(sm.list_monitoring_alert_history()["MonitoringAlertHistory"]) == 2
    recent = sm.list_monitoring_alert_history(CreationTimeAfter=NOW - timedelta(days=14))
    assert [e["CreationTime"] for e in recent["MonitoringAlertHistory"]] == [NOW - timedelta(1)]


@pytest.mark.parametrize(("last_run", "listed"), [("Completed", 0), ("InProgress", 1)])
def test_list_plan_lists_recovered_alerts_only_when_the_last_run_cannot_say_ok(
    url: str, last_run: str, listed: int
) -> None:
    """An alert back to OK: after a healthy run the executions say OK without it; after a run
    still in progress only the alert can, so it is listed. Either way the cell is OK."""
    _, account = fleet(url, ("ep-a",))
    state = fake_handlers.monitoring(account, REGION)
    a = "ep-a-dataquality"
    state.alert_history += [
        event(a, "InAlert", NOW - timedelta(2)),
        event(a, "OK", NOW - timedelta(1)),
    ]
    state.alerts[a] = [alert(a, "OK", NOW - timedelta(1))]
    state.schedules[a]["LastMonitoringExecutionSummary"]["MonitoringExecutionStatus"] = last_run
    data = run(url, plan="list")
    assert data["errors"] == []
    assert data["api_calls"].get("sagemaker.list_monitoring_alerts", 0) == listed
    assert states(data, "ep-a-model")["DataQuality"] is State.OK
    assert [e["status"] for e in schedule(data, a)["alert_history"]] == ["InAlert", "OK"]


# -- the search plan: model cards from the Model Dashboard records --------------------------------


def test_search_plan_reads_cards_from_the_model_records_and_says_what_it_misses(url: str) -> None:
    clients, _ = fleet(url, ("ep-a",))
    sm = clients.sagemaker
    arn = sm.describe_model(ModelName="ep-a-model")["ModelArn"]
    for card, model_id in (("linked", arn), ("unlinked", None)):
        overview = {"model_id": model_id} if model_id else {}
        content = {"model_overview": overview, "intended_uses": {"risk_rating": "High"}}
        sm.create_model_card(
            ModelCardName=card, ModelCardStatus="Draft", Content=json.dumps(content)
        )
    data = run(url, plan="search")
    assert data["model_cards"] == [{"name": "linked", "status": "Draft", "risk": "High"}]
    assert data["api_calls"]["sagemaker.search"] == 3  # Model, Endpoint, TrainingJob
    listed = run(url, plan="list")  # the list plan lists every card, attached or not
    assert [c["name"] for c in listed["model_cards"]] == ["linked", "unlinked"]


# -- the model page ------------------------------------------------------------------------------


def test_the_model_page_lists_violations_escaped(tmp_path: Path) -> None:
    from tests import test_site_fixture as fixture
    from tests.test_site_models import copy_example, pages

    data = fixture.demo()
    watched = next(
        s
        for s in data["monitoring_schedules"]
        if s["endpoint"] == "credit-risk-prod" and s["type"] == "DataQuality"
    )
    check = {"feature": "<script>alert(1)</script>", "check": "baseline_drift_check"}
    watched["violations"] = {"count": 3, "checks": [check]}
    docs = pages(copy_example(tmp_path / "repo", data), tmp_path / "docs")
    page = docs["models/credit-risk-scoring.md"]
    assert "### Violations found by the last monitoring run" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;: baseline_drift_check" in page
    assert "<script>alert(1)" not in page and "and 2 more" in page
    assert "Violations found" not in docs["models/churn-prediction.md"]


def test_the_no_violations_flag_reaches_the_collector(tmp_path: Path) -> None:
    from mlgov.cli import main

    out = tmp_path / "demo.json"
    assert main(["snapshot", "--demo", "--no-violations", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["errors"] == [] and "s3.get_object" not in data["api_calls"]
    assert not any("violations" in s for s in data["monitoring_schedules"])

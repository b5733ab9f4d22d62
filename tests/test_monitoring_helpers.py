"""Helpers (no tests) for the monitoring tests: a moto server on 127.0.0.1, small fleets, and FAULT
INJECTION. Faults are answered inside botocore (its `before-send` event), so parsing, retries
and error handling are botocore's own; moto never sees the faulted request."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from botocore.awsrequest import AWSResponse

from governance.demo import fake_handlers
from governance.demo.run import FAKE_KEYS
from governance.monitoring.collect import Clients, collect
from governance.monitoring.session import make_clients

REGION = "eu-west-1"
NOW = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
ATTEMPTS = 3  # the tests' retry budget: small, so persistent faults end quickly


def clients_for(url: str) -> tuple[Clients, str, str]:
    return make_clients(
        region=REGION, endpoint_url=url, credentials=FAKE_KEYS, max_attempts=ATTEMPTS
    )


def snapshot_of(url: str, plan: str = "auto", faults: tuple[Fault, ...] = ()) -> dict[str, Any]:
    clients, account, region = clients_for(url)
    for fault in faults:
        fault.attach(clients.sagemaker)
    return collect(clients, account=account, region=region, now=NOW, plan=plan)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


@dataclass
class Fault:
    """Answer a SageMaker operation (optionally only requests whose body contains `match`)
    with an error, `times` times (None: always)."""

    operation: str  # the API name, e.g. "ListMonitoringAlertHistory"
    code: str
    status: int
    times: int | None = None
    match: str = ""
    seen: int = field(default=0)

    def attach(self, client: Any) -> None:
        client.meta.events.register(f"before-send.sagemaker.{self.operation}", self)

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
        if self.match not in body or (self.times is not None and self.seen >= self.times):
            return None
        self.seen += 1
        payload = json.dumps({"__type": self.code, "message": f"injected {self.code}"})
        headers = {"content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "fault"}
        return AWSResponse(request.url, self.status, headers, _Body(payload.encode()))


def seed_endpoints(clients: Clients, names: list[str], *, alarm: bool = False) -> None:
    """Models, configs and endpoints through the API, like a real account."""
    sm, cw = clients.sagemaker, clients.cloudwatch
    for name in names:
        sm.create_model(
            ModelName=f"{name}-model",
            ExecutionRoleArn="arn:aws:iam::123456789012:role/test",
            PrimaryContainer={"Image": "img", "ModelDataUrl": f"s3://b/{name}/model.tar.gz"},
        )
        variant = {
            "VariantName": "AllTraffic",
            "ModelName": f"{name}-model",
            "InstanceType": "ml.m5.large",
            "InitialInstanceCount": 1,
        }
        sm.create_endpoint_config(EndpointConfigName=f"{name}-config", ProductionVariants=[variant])
        sm.create_endpoint(EndpointName=name, EndpointConfigName=f"{name}-config")
        if alarm:
            cw.put_metric_alarm(
                AlarmName=f"{name}-latency",
                Namespace="AWS/SageMaker",
                MetricName="ModelLatency",
                Dimensions=[{"Name": "EndpointName", "Value": name}],
                Statistic="Average",
                Period=300,
                EvaluationPeriods=1,
                Threshold=1.0,
                ComparisonOperator="GreaterThanThreshold",
            )
            cw.set_alarm_state(AlarmName=f"{name}-latency", StateValue="OK", StateReason="fine")


def seed_monitors(account: str, endpoint: str, kinds: tuple[str, ...], ran: datetime = NOW) -> None:
    """FAKE Model Monitor state (moto has none): one Scheduled monitor per kind, last run OK."""
    state = fake_handlers.monitoring(account, REGION)
    for kind in kinds:
        name = f"{endpoint}-{kind.lower()}"
        run = {
            "MonitoringScheduleName": name,
            "ScheduledTime": ran,
            "CreationTime": ran,
            "LastModifiedTime": NOW,
            "MonitoringExecutionStatus": "Completed",
            "EndpointName": endpoint,
            "MonitoringType": kind,
        }
        state.schedules[name] = {
            "MonitoringScheduleName": name,
            "MonitoringScheduleArn": f"arn:aws:sagemaker:{REGION}:{account}:schedule/{name}",
            "MonitoringScheduleStatus": "Scheduled",
            "MonitoringType": kind,
            "EndpointName": endpoint,
            "CreationTime": NOW,
            "LastModifiedTime": NOW,
            "MonitoringScheduleConfig": {"MonitoringType": kind},
            "LastMonitoringExecutionSummary": run,
        }

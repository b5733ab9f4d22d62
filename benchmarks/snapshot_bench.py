"""`mlgov snapshot` against a seeded local moto server with 50 and 500 endpoints (2 monitors each):
API calls and wall time of the search plan (sagemaker.search), the list plan (list + describe, with
the endpoints' live state from search(Resource="Endpoint") pages) and the list plan where `search`
is denied altogether (the strict list-only path: a describe per endpoint).

Everything runs on 127.0.0.1 with fake keys; Model Monitor state comes from the FAKE handlers of
governance/demo (moto has none). The fleet is built through the API like a real
account, from a fixed seed (which monitors alert or fail, which endpoints have an alarm). The
denied variant makes `sagemaker.search` answer AccessDeniedException inside botocore (a
`before-call` hook on its own clients), as for a role without sagemaker:Search.

Paging, as counted here and on AWS: plain moto ignores MaxResults/NextToken on `search` and
returns one page; the FAKE search handler pages every resource at MaxResults=100, so the counts
below are AWS's ⌈N/100⌉ pages for search(Endpoint) and ⌈M/100⌉ for search(Model). moto still
answers `list_models` and `cloudwatch.describe_alarms` in one page whatever their size, where
AWS takes ⌈M/100⌉ and ⌈A/100⌉ calls (at 500 endpoints: +4 list_models pages in the list plan, and
+2 describe_alarms pages in every plan for the ~250 alarms seeded).

Baseline, measured in the same run on the same server: one paged `list_endpoints` over the fleet,
the cheapest way to learn what exists. Times are medians of --runs; the ratio is the snapshot's
median over the baseline's. Targets (issue 5): the search plan's calls grow with pages, not
endpoints (<= 10 calls at 500 endpoints); the list plan <= 3 calls per endpoint. The search plan's
floor when both the Model and the Endpoint records are needed is ⌈M/100⌉ + ⌈N/100⌉ + ⌈H/100⌉ (alert
history) + ⌈J/100⌉ (training jobs, lineage) + ⌈A/100⌉ (alarms): at M = N = 500, 10 before the
first alarm, history or lineage call.

    python benchmarks/snapshot_bench.py [--sizes 50 500] [--runs 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.awsrequest import AWSResponse

from governance.demo import fake_handlers
from governance.demo.run import FAKE_KEYS, moto_server, reset_moto
from governance.monitoring.collect import Clients, collect
from governance.monitoring.session import make_clients

REGION = "eu-west-1"
NOW = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
KINDS = ("DataQuality", "ModelQuality")


def seed(clients: Clients, account: str, size: int, rng: random.Random) -> None:
    sm, cw = clients.sagemaker, clients.cloudwatch
    for i in range(size):
        name = f"bench-{i:04d}"
        sm.create_model(
            ModelName=f"{name}-model",
            ExecutionRoleArn=f"arn:aws:iam::{account}:role/bench",
            PrimaryContainer={"Image": "img", "ModelDataUrl": f"s3://bench/{name}/model.tar.gz"},
        )
        variant = {
            "VariantName": "AllTraffic",
            "ModelName": f"{name}-model",
            "InstanceType": "ml.m5.large",
            "InitialInstanceCount": 1,
        }
        sm.create_endpoint_config(EndpointConfigName=f"{name}-config", ProductionVariants=[variant])
        sm.create_endpoint(EndpointName=name, EndpointConfigName=f"{name}-config")
        if rng.random() < 0.5:
            _alarm(cw, name, rng.choice(("OK", "OK", "ALARM")))
        for kind in KINDS:
            _monitor(account, name, kind, rng.choice(("OK",) * 8 + ("InAlert", "Failed")))


def _alarm(cw: Any, endpoint: str, state: str) -> None:
    cw.put_metric_alarm(
        AlarmName=f"{endpoint}-latency",
        Namespace="AWS/SageMaker",
        MetricName="ModelLatency",
        Dimensions=[{"Name": "EndpointName", "Value": endpoint}],
        Statistic="Average",
        Period=300,
        EvaluationPeriods=3,
        Threshold=500000.0,
        ComparisonOperator="GreaterThanThreshold",
    )
    cw.set_alarm_state(AlarmName=f"{endpoint}-latency", StateValue=state, StateReason="bench")


def _monitor(account: str, endpoint: str, kind: str, outcome: str) -> None:
    """FAKE Model Monitor state (moto lacks it), in botocore's response shapes."""
    state = fake_handlers.monitoring(account, REGION)
    name = f"{endpoint}-{kind.lower()}"
    run = {
        "MonitoringScheduleName": name,
        "ScheduledTime": NOW - timedelta(hours=1),
        "CreationTime": NOW - timedelta(hours=1),
        "LastModifiedTime": NOW - timedelta(minutes=40),
        "MonitoringExecutionStatus": "Failed" if outcome == "Failed" else "Completed",
        "EndpointName": endpoint,
        "MonitoringType": kind,
    }
    state.schedules[name] = {
        "MonitoringScheduleName": name,
        "MonitoringScheduleArn": f"arn:aws:sagemaker:{REGION}:{account}:monitoring-schedule/{name}",
        "MonitoringScheduleStatus": "Scheduled",
        "MonitoringType": kind,
        "EndpointName": endpoint,
        "CreationTime": NOW - timedelta(days=30),
        "LastModifiedTime": NOW - timedelta(days=30),
        "MonitoringScheduleConfig": {"MonitoringType": kind},
        "LastMonitoringExecutionSummary": run,
    }
    alert = "InAlert" if outcome == "InAlert" else "OK"
    state.alerts[name] = [
        {
            "MonitoringAlertName": f"{name}-violations",
            "CreationTime": NOW - timedelta(days=30),
            "LastModifiedTime": NOW - timedelta(days=1),
            "AlertStatus": alert,
            "DatapointsToAlert": 3,
            "EvaluationPeriod": 5,
            "Actions": {"ModelDashboardIndicator": {"Enabled": True}},
        }
    ]
    if alert == "InAlert":
        event = {
            "MonitoringScheduleName": name,
            "MonitoringAlertName": f"{name}-violations",
            "CreationTime": NOW - timedelta(days=1),
            "AlertStatus": "InAlert",
        }
        state.alert_history.append(event)


def timed(action: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def baseline(clients: Clients) -> int:
    pages = clients.sagemaker.get_paginator("list_endpoints").paginate(
        PaginationConfig={"PageSize": 100}
    )
    return sum(len(p["Endpoints"]) for p in pages)


def deny_search(client: Any) -> None:
    """`sagemaker.search` answers AccessDeniedException without a request being sent, as for a
    role without sagemaker:Search (botocore raises it as the service's own error)."""

    def refuse(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        error = {"Code": "AccessDeniedException", "Message": "bench: sagemaker:Search denied"}
        meta = {"HTTPStatusCode": 400}
        return AWSResponse("", 400, {}, None), {"Error": error, "ResponseMetadata": meta}

    client.meta.events.register("before-call.sagemaker.Search", refuse)


# (label, plan, search denied)
VARIANTS = (
    ("the search plan (search)", "search", False),
    ("the list plan (list, search(Endpoint))", "list", False),
    ("the list plan (list, search denied)", "list", True),
)


def measure(url: str, size: int, runs: int, rng: random.Random) -> list[dict[str, Any]]:
    reset_moto()
    clients, account, region = make_clients(region=REGION, endpoint_url=url, credentials=FAKE_KEYS)
    started = time.perf_counter()
    seed(clients, account, size, rng)
    print(f"seeded {size} endpoints in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    floor, listed = timed(lambda: baseline(clients), runs)
    assert listed == size
    rows = [
        {"size": size, "what": "baseline: list_endpoints", "calls": -(-size // 100), "time": floor}
    ]
    for label, plan, denied in VARIANTS:
        own, _, _ = make_clients(region=REGION, endpoint_url=url, credentials=FAKE_KEYS)
        if denied:
            deny_search(own.sagemaker)
        wall, data = timed(
            lambda c=own, p=plan: collect(c, account=account, region=region, now=NOW, plan=p),
            runs,
        )
        assert data["errors"] == [] and len(data["endpoints"]) == size, data["errors"]
        assert len(data["monitoring_schedules"]) == 2 * size
        rows.append(
            {
                "size": size,
                "what": label,
                "calls": sum(data["api_calls"].values()),
                "by_operation": data["api_calls"],
                "time": wall,
            }
        )
    for row in rows:
        row["ratio"] = row["time"] / floor
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| plan | endpoints | API calls | calls/endpoint | median wall time | x baseline |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['what']} | {r['size']} | {r['calls']} | {r['calls'] / r['size']:.2f} "
            f"| {r['time'] * 1000:.0f} ms | {r['ratio']:.1f} |"
        )
    return "\n".join(lines)


def verdicts(rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for r in rows:
        size, what = r["size"], r["what"]
        if what.startswith("the search plan"):
            ok = r["calls"] <= 10 if size >= 500 else True
            floor = 2 * -(-size // 100)  # Model + Endpoint record pages (a model per endpoint)
            out.append(
                f"{what} at {size}: {r['calls']} calls (target <= 10 at 500; the Model and "
                f"Endpoint pages alone are {floor}): {'met' if ok else 'MISSED'}"
            )
        elif what.startswith("the list plan"):
            per = r["calls"] / size
            out.append(
                f"{what} at {size}: {per:.2f} calls/endpoint (target <= 3): "
                f"{'met' if per <= 3 else 'MISSED'}"
            )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with moto_server() as url:
        for size in args.sizes:
            rows += measure(url, size, args.runs, random.Random(args.seed))
        reset_moto()
    print(table(rows))
    print()
    print("\n".join(verdicts(rows)))
    print()
    for r in rows:  # where the calls go, for the largest fleet
        if r["size"] == max(args.sizes) and "by_operation" in r:
            calls = ", ".join(f"{k} {v}" for k, v in r["by_operation"].items())
            print(f"{r['what']} at {r['size']}: {calls}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The collector's guards on their own: the answer checker (expect.py), its specs (one for every
call the collector makes), paging that does not end, and the budget's clock."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from governance.monitoring import calls
from governance.monitoring.budget import Budget, DeadlineExceeded
from governance.monitoring.calls import Caller, SectionUnreadable
from governance.monitoring.expect import BadShape, Int, Many, OneOf, Record, Text, check
from governance.monitoring.responses import RESPONSES, expected
from tests.conftest import ROOT

SPEC = Record(
    {"Name": Text(nonempty=True), "Items": Many(Record({"Count": Int(0, 9)}))},
    {"State": OneOf(("OK", "ALARM")), "Seen": datetime, "On": bool},
)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"Items": []}, "Name: missing"),
        ({"Name": "", "Items": []}, "Name: empty"),
        ({"Name": 5, "Items": []}, "Name: expected a string, got int"),
        ({"Name": "n", "Items": "abc"}, "Items: expected a list, got str"),
        ({"Name": "n", "Items": [1]}, "Items[0]: expected an object, got int"),
        (
            {"Name": "n", "Items": [{"Count": True}]},
            "Items[0].Count: expected an integer, got bool",
        ),
        ({"Name": "n", "Items": [{"Count": 10}]}, "Items[0].Count: 10 is out of range 0..9"),
        ({"Name": "n", "Items": [], "State": "HOT"}, "State: 'HOT' is not one of OK, ALARM"),
        ({"Name": "n", "Items": [], "Seen": "yesterday"}, "Seen: expected datetime, got str"),
        ({"Name": "n", "Items": [], "On": None}, "On: expected bool, got null"),
        ([], "the answer: expected an object, got list"),
    ],
)
def test_the_checker_names_where_and_what(value: Any, problem: str) -> None:
    with pytest.raises(BadShape) as raised:
        check(value, SPEC)
    assert str(raised.value) == problem


def test_the_checker_accepts_what_it_reads_and_ignores_the_rest() -> None:
    now = datetime(2026, 11, 28, tzinfo=UTC)
    check({"Name": "n", "Items": [{"Count": 0, "x": 1}], "Seen": now, "Extra": [1]}, SPEC)


def test_a_rule_spanning_keys() -> None:
    spec = Record(optional={"A": str, "B": str}, rule=lambda d: None if d else "A or B")
    check({"B": "x"}, spec)
    with pytest.raises(BadShape, match="A or B"):
        check({}, spec)


_CALLED = re.compile(r"""caller\.(?:call|pages)\(\s*(?:clients\.)?(\w+),\s*"(\w+)"(.*?)\)""", re.S)
_CLIENT = {
    "sm": "sagemaker",
    "sts": "sts",
    "cw": "cloudwatch",
    "s3": "s3",
    "client": "?",
    "sagemaker": "sagemaker",
}


def test_every_call_the_collector_makes_has_a_spec_of_its_answer() -> None:
    """Found in the source, so a new call cannot go unchecked (`expected` also refuses one)."""
    found = set()
    for path in sorted((ROOT / "governance/monitoring").glob("*.py")):
        for client, operation, rest in _CALLED.findall(path.read_text("utf-8")):
            resource = re.search(r'Resource="(\w+)"', rest)
            service = _CLIENT[client]
            if service == "?":  # organization.py's client
                service = "organizations"
            key = f"{service}.{operation}" + (f":{resource.group(1)}" if resource else "")
            found.add(key)
    assert len(found) >= 20
    assert found <= set(RESPONSES), found - set(RESPONSES)
    with pytest.raises(KeyError):
        expected("sagemaker.delete_model", {})


def _stubbed(pages: list[dict[str, Any]]) -> tuple[Any, Stubber]:
    client = boto3.client(
        "sagemaker",
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    stub = Stubber(client)
    for page in pages:
        stub.add_response("list_models", page)
    stub.activate()
    return client, stub


def test_paging_that_never_ends_is_an_error_not_a_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calls, "MAX_PAGES", 5)
    client, _ = _stubbed([{"Models": [], "NextToken": f"t{i}"} for i in range(5)])
    with pytest.raises(SectionUnreadable) as raised:
        list(Caller().pages(client, "list_models", "Models"))
    assert raised.value.code == "PagingDoesNotEnd" and "more than 5 pages" in raised.value.message


def test_a_next_token_that_comes_back_is_an_error() -> None:
    page = {"Models": [], "NextToken": "a"}
    client, _ = _stubbed([page, {**page, "NextToken": "b"}, page])
    caller = Caller()
    with pytest.raises(SectionUnreadable) as raised:
        list(caller.pages(client, "list_models", "Models"))
    assert raised.value.code == "PagingDoesNotEnd" and "'a' came back again" in raised.value.message
    assert caller.counts["sagemaker.list_models"] == 3


def test_a_deadline_refuses_calls_before_they_are_sent() -> None:
    clock = [0.0]
    budget = Budget(10, clock=lambda: clock[0])
    client, stub = _stubbed([{"Models": []}])
    caller = Caller(budget)
    assert list(caller.pages(client, "list_models", "Models")) == []
    clock[0] = 10.0
    with pytest.raises(SectionUnreadable) as raised:
        caller.call(client, "list_models")
    assert raised.value.code == "DeadlineExceeded"
    stub.assert_no_pending_responses()
    assert caller.counts["sagemaker.list_models"] == 1


def test_the_deadline_hook_refuses_a_call_made_without_the_caller() -> None:
    """Nothing listens on port 9: a request sent would fail to connect, not say DeadlineExceeded."""
    client = boto3.client(
        "sagemaker",
        region_name="eu-west-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    clock = [0.0]
    budget = Budget(10, clock=lambda: clock[0])
    budget.attach(client)
    clock[0] = 11.0
    with pytest.raises(DeadlineExceeded, match="the 10 s deadline"):
        client.list_models()


@pytest.mark.parametrize(
    ("spent", "attempts", "left", "retry"),
    [
        (0.0, 1, 100.0, True),  # the first retry: at most 1 s of backoff
        (40.0, 3, 100.0, True),  # 40 s + 4 s <= 45 s
        (42.0, 3, 100.0, False),  # 42 s + 4 s > the 45 s cap on retrying one call
        (0.0, 3, 3.0, False),  # 4 s of backoff would end after the deadline
    ],
)
def test_retries_stop_at_the_cap_and_before_the_deadline(
    spent: float, attempts: int, left: float, retry: bool
) -> None:
    clock = [0.0]
    budget = Budget(spent + left, retry_seconds=45, clock=lambda: clock[0])
    budget._before_call()  # the call starts at 0
    clock[0] = spent
    answer = budget._needs_retry(attempts=attempts)
    assert answer is (None if retry else False)  # None: botocore decides; False: no retry


def test_the_retry_cap_holds_on_a_real_client(tmp_path: Path) -> None:
    """Hooked first among botocore's retry handlers: with 10 attempts allowed, a call that never
    answers is tried twice within a 2.5 s retry cap (0.4 s per attempt)."""
    from governance.demo.run import FAKE_KEYS, moto_server
    from governance.monitoring.session import make_clients
    from tests.fault_server import HANG, Rule, fault_server

    with moto_server() as moto, fault_server(moto) as faults:
        budget = Budget(60, retry_seconds=2.5)
        clients, _, _ = make_clients(
            region="eu-west-1",
            endpoint_url=faults.url,
            credentials=FAKE_KEYS,
            max_attempts=10,
            read_timeout=0.4,
            budget=budget,
        )
        rule = Rule("ListModels", HANG)
        faults.rules[:] = [rule]
        with pytest.raises(SectionUnreadable) as raised:
            Caller(budget).call(clients.sagemaker, "list_models")
    assert raised.value.code == "ReadTimeoutError"
    assert rule.seen == 2


def test_an_interrupted_run_spends_every_budget_at_once() -> None:
    """Ctrl-C: the running targets stop at their next call instead of running to the end."""
    stop = threading.Event()
    budget = Budget(300, stop=stop)
    assert not budget.expired()
    stop.set()
    assert budget.expired() and budget.describe() == "the run was interrupted"

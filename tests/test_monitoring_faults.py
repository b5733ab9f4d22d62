"""`mlgov snapshot` against a broken cloud: the real collector over HTTP through a fault-injecting
server on 127.0.0.1 (tests/fault_server.py) in front of moto's (plus the named fake handlers).
Whatever the faulted call does (garbage, a login page, a 500 that is not XML, a reset, a hang,
throttling, a truncated body, a NextToken that never ends), the run ends, the file is written
and loads, the faulted section is in `errors` with a code that says what happened, what depends
on it is Unknown and the rest is intact. Never real AWS: fake keys, 127.0.0.1 only.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from governance.demo import fake_handlers
from governance.demo.run import FAKE_KEYS, moto_server, reset_moto
from governance.monitoring.load import load_snapshot
from governance.monitoring.model import Snapshot
from governance.monitoring.status import State, alarm_status, monitor_statuses
from mlgov.cli import main
from tests.conftest import ROOT
from tests.fault_server import (
    ENDLESS,
    HANG,
    RESET,
    TRUNCATE,
    FaultServer,
    Reply,
    Rule,
    fault_server,
    garbage_json,
    html_page,
    server_error,
    sts_denied,
    throttled,
)
from tests.test_monitoring_helpers import clients_for, seed_endpoints, seed_monitors

REGION = "eu-west-1"
BOUND = 15.0  # seconds: every run here must end within this, or the test fails


@pytest.fixture(scope="module")
def servers() -> Iterator[FaultServer]:
    with moto_server() as moto, fault_server(moto) as faults:
        yield faults


@pytest.fixture
def faults(servers: FaultServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultServer]:
    """Fresh moto state, no rules, and the environment's AWS settings replaced by fake keys."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    fake_handlers.install()
    reset_moto()
    servers.rules.clear()
    yield servers
    servers.rules.clear()
    reset_moto()


ENV = {
    "AWS_ACCESS_KEY_ID": FAKE_KEYS["aws_access_key_id"],
    "AWS_SECRET_ACCESS_KEY": FAKE_KEYS["aws_secret_access_key"],
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}


@pytest.fixture(autouse=True)
def no_retry_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's backoff sleeps (seconds) are skipped; the retries still happen."""
    import botocore.endpoint

    monkeypatch.setattr(botocore.endpoint.time, "sleep", lambda _: None)


def fleet(faults: FaultServer) -> str:
    """Two endpoints, each with a DataQuality monitor (last run OK) and an alarm (OK)."""
    clients, account, _ = clients_for(faults.url)
    seed_endpoints(clients, ["ep-a", "ep-b"], alarm=True)
    for name in ("ep-a", "ep-b"):
        seed_monitors(account, name, ("DataQuality",))
    return account


def bounded(run: Callable[[], int]) -> int:
    """The run's exit code; the test fails if it has not ended after BOUND seconds."""
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(run()), daemon=True)
    worker.start()
    worker.join(BOUND)
    assert result, f"the run did not end within {BOUND} s"
    return result[0]


def snapshot(
    faults: FaultServer, out: Path, *rules: Rule, args: tuple[str, ...] = ()
) -> tuple[int, dict[str, Any], Snapshot]:
    """Run `mlgov snapshot` through the fault server; the exit code, the file's data, and the
    file loaded as the site and lint load it (so it is schema-valid)."""
    faults.rules[:] = rules
    argv = ["snapshot", "--endpoint-url", faults.url, "--region", REGION, "--out", str(out)]
    code = bounded(lambda: main([*argv, *args]))
    data = json.loads(out.read_text("utf-8"))
    loaded, findings = load_snapshot(out)
    assert loaded is not None, findings
    return code, data, loaded


def errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted({(e["section"], e["code"]) for e in data["errors"]})


def cells(snapshot: Snapshot, model: str = "ep-a-model") -> set[State]:
    return {s.state for s in monitor_statuses(snapshot, model).values() if s.state}


def monitor_ok(snapshot: Snapshot) -> bool:
    return monitor_statuses(snapshot, "ep-a-model")["DataQuality"].state is State.OK


# -- one faulted call: its section in `errors`, what depends on it Unknown, the rest intact ------

SEARCH_SECTIONS = ("endpoints", "model_cards", "models", "monitoring", "transform_jobs")

# The list plan's lineage describes each listed model: without the list, it lists them itself.
LOST_MODELS = [("lineage", "InvalidResponse"), ("models", "InvalidResponse")]
WRONG_ENUM = {
    "MonitoringScheduleSummaries": [
        {"MonitoringScheduleName": "x", "MonitoringScheduleStatus": "Exploded"},
    ]
}
HISTORY = "ListMonitoringAlertHistory"


def case(name: str, rule: Rule, plan: str, lost: list[tuple[str, str]], word: str) -> Any:
    """One faulted call: the errors it must cost (section, code) and a word of the message."""
    return pytest.param(rule, plan, lost, word, id=name)


ONE_FAULT = [
    case("models-garbage-json", Rule("ListModels", garbage_json()), "list", LOST_MODELS,
         "Models: missing"),
    case("models-html-login-page", Rule("ListModels", html_page()), "list", LOST_MODELS,
         "Hotel Wi-Fi"),
    case("models-non-objects", Rule("ListModels", Reply(200, b'{"Models": [1, "two"]}')),
         "list", LOST_MODELS, """the answer began '{"Models": [1, "two"]}'"""),
    case("models-truncated-body", Rule("ListModels", TRUNCATE), "list", LOST_MODELS,
         "Models: missing"),
    case("alarms-500-empty-body", Rule("DescribeAlarms", server_error(b"")), "auto",
         [("alarms", "500")], ""),
    case("alarms-html-200", Rule("DescribeAlarms", html_page()), "auto",
         [("alarms", "InvalidResponse")], "MetricAlarms"),
    case("history-reset", Rule(HISTORY, RESET), "auto",
         [("monitoring", "ConnectionClosedError")], "closed"),
    case("history-endless-next-token", Rule(HISTORY, ENDLESS), "auto",
         [("monitoring", "PagingDoesNotEnd")], "came back again"),
    case("schedules-wrong-enum",
         Rule("ListMonitoringSchedules", Reply(200, json.dumps(WRONG_ENUM).encode())), "list",
         [("monitoring", "InvalidResponse")], "'Exploded' is not one of"),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "plan", "expected", "word"), ONE_FAULT)
def test_one_faulted_call_costs_its_section_only(
    faults: FaultServer,
    tmp_path: Path,
    rule: Rule,
    plan: str,
    expected: list[tuple[str, str]],
    word: str,
) -> None:
    fleet(faults)
    code, data, loaded = snapshot(faults, tmp_path / "s.json", rule, args=("--plan", plan))
    assert code == 1 and rule.seen >= 1
    assert errors(data) == expected
    assert word in " ".join(e["message"] for e in data["errors"])
    failed = {section for section, _ in expected}
    if "monitoring" in failed:
        assert cells(loaded) == {State.UNKNOWN}
    else:
        assert monitor_ok(loaded) and len(data["monitoring_schedules"]) == 2
    alarms = alarm_status(loaded, "ep-a-model").state
    assert alarms is (State.UNKNOWN if "alarms" in failed else State.OK)
    assert len(data["endpoints"]) == 2
    if "models" not in failed:
        assert len(data["models"]) == 2


def test_a_non_xml_500_from_search_loses_what_search_reads_and_nothing_else(
    faults: FaultServer, tmp_path: Path
) -> None:
    """No fallback to the list plan: a broken search says nothing about list + describe, and
    the list plan would send more calls to an account that already cannot answer."""
    fleet(faults)
    rule = Rule("Search", server_error(), match='"Model"')
    code, data, loaded = snapshot(faults, tmp_path / "s.json", rule)
    assert code == 1 and data["plan"] == "search"
    assert errors(data) == [(s, "500") for s in SEARCH_SECTIONS]
    assert rule.seen == 4  # botocore's attempts, then recorded
    assert cells(loaded) == {State.UNKNOWN}
    assert alarm_status(loaded, "ep-a-model").state is State.UNKNOWN  # endpoints unknown
    assert len(data["alarms"]) == 2 and data["models"] == [] and data["endpoints"] == []


def test_throttled_search_is_retried_a_bounded_number_of_times_then_recorded(
    faults: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a throttle, botocore's adaptive rate limiter makes every later call of the client
    wait (seconds each, at its floor of 0.5 requests/s): skipped here like the backoff sleeps."""
    from botocore.retries.adaptive import ClientRateLimiter

    monkeypatch.setattr(ClientRateLimiter, "on_sending_request", lambda *_, **__: None)
    fleet(faults)
    rule = Rule("Search", throttled())
    code, data, loaded = snapshot(faults, tmp_path / "s.json", rule)
    assert code == 1
    expected = [(s, "ThrottlingException") for s in (*SEARCH_SECTIONS, "lineage")]
    assert errors(data) == sorted(expected)  # no fallback to the list plan's many calls
    assert rule.seen == 2 * 4  # search(Model) and search(TrainingJob), 4 attempts each
    assert cells(loaded) == {State.UNKNOWN}
    assert len(data["alarms"]) == 2


def test_a_call_that_never_answers_times_out_and_the_rest_is_read(
    faults: FaultServer, tmp_path: Path
) -> None:
    fleet(faults)
    rule = Rule("ListMonitoringAlertHistory", HANG)
    args = ("--read-timeout", "0.5", "--timeout", "12")
    code, data, loaded = snapshot(faults, tmp_path / "s.json", rule, args=args)
    assert code == 1
    assert errors(data) == [("monitoring", "ReadTimeoutError")]
    assert cells(loaded) == {State.UNKNOWN}
    assert alarm_status(loaded, "ep-a-model").state is State.OK
    assert len(data["endpoints"]) == 2 and len(data["models"]) == 2


def test_a_cloud_that_never_answers_ends_at_the_deadline(
    faults: FaultServer, tmp_path: Path
) -> None:
    """Every read hangs: the process (a subprocess, so nothing of this test helps it) ends
    soon after --timeout, bounded by the test's own timeout, with every section recorded and
    those that could not start before the deadline as DeadlineExceeded."""
    fleet(faults)
    faults.rules[:] = [Rule(("Search", "DescribeAlarms", "ListModels", "GetObject"), HANG)]
    out = tmp_path / "s.json"
    argv = ["snapshot", "--endpoint-url", faults.url, "--region", REGION, "--out", str(out)]
    argv += ["--timeout", "3", "--read-timeout", "1"]
    done = subprocess.run(
        [sys.executable, "-m", "mlgov", *argv],
        env={**os.environ, **ENV, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=BOUND,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    data = json.loads(out.read_text("utf-8"))
    sections = {s for s, _ in errors(data)}
    assert sections == {*SEARCH_SECTIONS, "alarms", "lineage", "user_profiles"}
    assert {c for _, c in errors(data)} <= {"ReadTimeoutError", "DeadlineExceeded"}
    assert ("lineage", "DeadlineExceeded") in errors(data)
    assert "the 3 s deadline of this account and region passed" in done.stderr


def test_an_identity_answer_that_is_a_login_page_is_a_clear_line_not_a_traceback(
    faults: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a role the account is only known from sts: no file can name it."""
    faults.rules[:] = [Rule("GetCallerIdentity", html_page())]
    out = tmp_path / "s.json"
    argv = ["snapshot", "--endpoint-url", faults.url, "--region", REGION, "--out", str(out)]
    assert bounded(lambda: main(argv)) == 1
    err = capsys.readouterr().err
    assert "sts.get_caller_identity InvalidResponse" in err and "no snapshot written" in err
    assert "Traceback" not in err and not out.exists()


# -- many targets: an organization, one account refusing the role ------------------------------


def organization(faults: FaultServer) -> list[str]:
    """The management account and three members, one of them closed (SUSPENDED)."""
    import boto3

    org = boto3.client("organizations", endpoint_url=faults.url, region_name=REGION, **FAKE_KEYS)
    org.create_organization(FeatureSet="ALL")
    for name in ("a", "b", "c"):
        org.create_account(Email=f"{name}@example.com", AccountName=name)
    accounts = {a["Name"]: a["Id"] for a in org.list_accounts()["Accounts"]}
    org.close_account(AccountId=accounts["c"])
    return [accounts[n] for n in ("master", "a", "b", "c")]


def test_organization_reads_every_active_account_and_records_the_one_that_refuses(
    faults: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    master, a, b, _closed = organization(faults)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    deny = Rule("AssumeRole", sts_denied(), match=b)
    faults.rules[:] = [deny]
    faults.callers.clear()
    argv = ["snapshot", "--endpoint-url", faults.url, "--region", REGION, "--out", str(tmp_path)]
    argv += ["--organization", "mlgov/mlgov-governance-reader", "--jobs", "2"]
    assert bounded(lambda: main(argv)) == 1
    files = sorted(p.name for p in tmp_path.glob("*.json"))
    assert files == sorted(f"{x}-{REGION}.json" for x in (master, a, b))  # not the closed one
    for account in (master, a):
        assert json.loads((tmp_path / f"{account}-{REGION}.json").read_text())["errors"] == []
    refused, findings = load_snapshot(tmp_path / f"{b}-{REGION}.json")
    assert refused is not None, findings
    assert {(e.section, e.code, e.operation) for e in refused.errors} == {
        (s, "AccessDenied", "sts.assume_role")
        for s in (*SEARCH_SECTIONS, "alarms", "lineage", "user_profiles")
    }
    assert alarm_status(refused, "any").state is State.UNKNOWN
    assert {s.state for s in monitor_statuses(refused, "any").values()} == {State.UNKNOWN}
    assert deny.seen == 1  # AccessDenied is not retried
    progress = [line for line in terminal.getvalue().splitlines() if line.startswith("[")]
    assert sorted(line[:5] for line in progress) == ["[1/3]", "[2/3]", "[3/3]"]
    assert any(
        f"[{n}/3] {b} {REGION}: unreadable: sts.assume_role AccessDenied" in line
        for line in progress
        for n in (1, 2, 3)
    )
    assert f"{b}-{REGION}.json: account unreadable" in terminal.getvalue()
    # With its own credentials the run only lists the accounts and assumes the reader role:
    # what the README's governance-organization persona grants (test_monitoring_cli.py).
    own = {op for op, key in faults.callers if key == FAKE_KEYS["aws_access_key_id"]}
    assert own == {"ListAccounts", "AssumeRole"}


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_quiet_when_stderr_is_not_a_terminal(
    faults: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roles = [
        f"arn:aws:iam::{n}:role/mlgov/mlgov-governance-reader"
        for n in ("111122223333", "444455556666")
    ]
    argv = ["snapshot", "--endpoint-url", faults.url, "--region", REGION, "--out", str(tmp_path)]
    argv += [x for role in roles for x in ("--role-arn", role)]
    assert bounded(lambda: main(argv)) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "2 target(s): 2 read in full" in captured.out


def test_an_organization_that_cannot_be_listed_is_a_configuration_error(
    faults: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = json.dumps({"__type": "AccessDeniedException", "message": "not the management"})
    faults.rules[:] = [Rule("ListAccounts", Reply(400, body.encode()))]
    argv = ["snapshot", "--endpoint-url", faults.url, "--region", REGION, "--out", str(tmp_path)]
    assert bounded(lambda: main([*argv, "--organization", "reader"])) == 2
    err = capsys.readouterr().err
    assert "cannot list the organization's accounts" in err and "AccessDeniedException" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--timeout", "0"], "--timeout must be a positive number"),
        (["--read-timeout", "nan"], "--read-timeout must be a positive number"),
        (["--role-arn", "reader"], "is not a role ARN"),
        (["--organization", "no spaces"], "is not a role name"),
        (
            [
                "--role-arn",
                "arn:aws:iam::111122223333:role/a",
                "--role-arn",
                "arn:aws:iam::111122223333:role/b",
            ],
            "both in account 111122223333",
        ),
    ],
)
def test_usage_errors_exit_2_before_any_call(
    faults: FaultServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    argv = ["snapshot", "--endpoint-url", faults.url, "--region", REGION, "--out", str(tmp_path)]
    before = len(faults.operations)
    assert main([*argv, *extra]) == 2
    assert message in capsys.readouterr().err
    assert len(faults.operations) == before and list(tmp_path.iterdir()) == []


def test_a_file_for_out_with_several_targets_is_a_usage_error(
    faults: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "one.json"
    out.write_text("{}")
    argv = ["snapshot", "--endpoint-url", faults.url, "--out", str(out)]
    argv += ["--region", "eu-west-1", "--region", "us-east-1"]
    assert main(argv) == 2
    assert "is a file, but there are 2 targets" in capsys.readouterr().err
    assert out.read_text() == "{}"


def test_the_dashboard_of_an_account_whose_role_is_refused_is_unknown_not_ok(
    faults: FaultServer, tmp_path: Path
) -> None:
    """The example repository's cards deploy to 111122223333 eu-west-1: its snapshot, taken with
    the reader role refused, makes every cell of the generated dashboard Unknown, says why, and
    claims nothing is missing."""
    import shutil

    from site_builder.build import generate_pages
    from site_builder.data import load_inputs

    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, repo / name)
    for folder in ("personas", "policies", "cards"):
        shutil.copytree(ROOT / folder, repo / folder)
    faults.rules[:] = [Rule("AssumeRole", sts_denied())]
    role = "arn:aws:iam::111122223333:role/mlgov/mlgov-governance-reader"
    argv = ["snapshot", "--endpoint-url", faults.url, "--region", REGION, "--role-arn", role]
    assert bounded(lambda: main([*argv, "--out", f"{repo / 'snapshots'}/"])) == 1  # a folder
    generate_pages(load_inputs(repo), tmp_path / "docs")
    index = (tmp_path / "docs/index.md").read_text("utf-8")
    rows = index.split('id="mlgov-dashboard"', 1)[1].split("</table>", 1)[0]
    assert rows.count("<tr data-risk") == len(list((ROOT / "cards").glob("*.yaml")))
    assert "✓</span> OK" not in rows and "mlgov-state-ok" not in rows
    assert "?</span> Unknown" in rows and "unknown: endpoints could not be read" in rows
    assert "<td>sts.assume_role</td>" in index.replace("<code>", "").replace("</code>", "")
    pages = "".join(p.read_text("utf-8") for p in (tmp_path / "docs/models").glob("*.md"))
    assert "not found" not in pages


def test_a_bug_in_one_section_costs_that_section_and_says_where_to_report_it(
    faults: FaultServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from governance.monitoring import sections

    def broken(*_: Any) -> list[dict[str, Any]]:
        raise TypeError("a bug")

    monkeypatch.setattr(sections, "alarms", broken)
    fleet(faults)
    code, data, loaded = snapshot(faults, tmp_path / "s.json")
    assert code == 1 and errors(data) == [("alarms", "InternalError")]
    assert data["errors"][0]["message"].startswith("TypeError: a bug at test_monitoring_faults.py:")
    assert monitor_ok(loaded) and alarm_status(loaded, "ep-a-model").state is State.UNKNOWN
    err = capsys.readouterr().err
    assert "a bug in mlgov; please report it" in err and "Traceback" not in err

"""`mlgov snapshot` end to end (moto on 127.0.0.1, fake keys), and `mlgov lint` of the example
repository with its committed demo snapshot: warnings only, today and on any later day."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from governance.demo.run import FAKE_KEYS, moto_server, reset_moto
from mlgov.cli import main
from tests.conftest import CONFIG, ROOT, MakeRepo
from tests.test_monitoring_helpers import Fault, clients_for, seed_endpoints


@pytest.fixture
def url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A local server; the environment's AWS settings replaced by fake keys, never real ones."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_KEYS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_KEYS["aws_secret_access_key"])
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    with moto_server() as server:
        reset_moto()
        yield server
        reset_moto()


def test_demo_command_writes_the_committed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo.json"
    assert main(["snapshot", "--demo", "--out", str(out)]) == 0
    assert out.read_bytes() == (ROOT / "snapshots" / "demo.json").read_bytes()
    assert "6 endpoint(s)" in capsys.readouterr().out


def test_live_snapshot_into_the_configured_folder(tmp_path: Path, url: str) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    clients, account, _ = clients_for(url)
    seed_endpoints(clients, ["ep-a"])
    code = main(["-C", str(tmp_path), "snapshot", "--endpoint-url", url, "--region", "eu-west-1"])
    assert code == 0
    data = json.loads((tmp_path / "snapshots" / f"{account}-eu-west-1.json").read_text())
    assert data["source"] == "live" and [e["name"] for e in data["endpoints"]] == ["ep-a"]


def test_several_regions_and_accounts_give_one_file_each(tmp_path: Path, url: str) -> None:
    roles = [
        f"arn:aws:iam::{a}:role/mlgov-governance-reader" for a in ("222233334444", "111122223333")
    ]
    args = ["snapshot", "--endpoint-url", url, "--out", str(tmp_path), "--jobs", "2"]
    args += ["--region", "us-east-1", "--region", "eu-west-1", "--region", "eu-west-1"]
    args += [x for role in roles for x in ("--role-arn", role)]
    assert main(args) == 0
    names = sorted(p.name for p in tmp_path.glob("*.json"))
    assert names == [
        "111122223333-eu-west-1.json",
        "111122223333-us-east-1.json",
        "222233334444-eu-west-1.json",
        "222233334444-us-east-1.json",
    ]
    taken = {json.loads(p.read_text())["taken_at"] for p in tmp_path.glob("*.json")}
    assert len(taken) == 1  # one clock for the whole run, so the files merge as one moment


def test_unreadable_sections_are_listed_and_exit_1(
    tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from governance.monitoring import session

    fault = Fault("ListMonitoringAlertHistory", "AccessDeniedException", 400)
    real = session.make_clients

    def faulty(**kwargs):  # type: ignore[no-untyped-def]
        clients, account, region = real(**kwargs)
        fault.attach(clients.sagemaker)
        return clients, account, region

    monkeypatch.setattr(session, "make_clients", faulty)
    monkeypatch.setattr("governance.monitoring.fleet_collect.make_clients", faulty)
    out = tmp_path / "s.json"
    code = main(["snapshot", "--endpoint-url", url, "--region", "eu-west-1", "--out", str(out)])
    assert code == 1
    assert "section monitoring unreadable" in capsys.readouterr().err
    assert json.loads(out.read_text())["errors"][0]["code"] == "AccessDeniedException"


def test_no_region_is_a_usage_error(
    tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-C", str(tmp_path), "snapshot", "--endpoint-url", url]) == 2
    assert "no AWS region" in capsys.readouterr().err


def copy_example(dest: Path, today: str) -> Path:
    for folder in ("personas", "policies", "cards", "snapshots"):
        shutil.copytree(ROOT / folder, dest / folder)
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert "[tool.mlgov.lint]" not in text
    (dest / "pyproject.toml").write_text(text + f'\n[tool.mlgov.lint]\ntoday = "{today}"\n')
    return dest


@pytest.mark.parametrize("today", ["2026-11-28", "2026-12-05"])
def test_the_example_repository_lints_without_failing_findings(
    tmp_path: Path, today: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_example(tmp_path / "repo", today)
    assert main(["-C", str(root), "lint", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    mon = sorted((r["rule"], r["file"]) for r in rows if r["rule"].startswith("MON"))
    expected = [
        ("MON003", "cards/credit-risk-scoring.yaml"),
        ("MON004", "cards/document-classifier.yaml"),
        ("MON005", "snapshots/demo.json"),
        ("MON007", "snapshots/demo.json"),  # the demo's console-made Studio user
        ("MON010", "cards/upsell-propensity.yaml"),  # the demo registry's alias drift
    ]
    if today != "2026-11-28":
        expected.insert(3, ("MON006", "snapshots/demo.json"))
    assert mon == expected
    assert all(r["severity"] != "error" for r in rows if not r["waived"])


def test_an_unknown_profile_is_a_clear_usage_error(
    tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["snapshot", "--endpoint-url", url, "--region", "eu-west-1", "--profile", "nope"]
    assert main([*args, "--out", str(tmp_path / "s.json")]) == 2
    err = capsys.readouterr().err
    assert "profile (nope)" in err and "Traceback" not in err
    assert not (tmp_path / "s.json").exists()


def readme_files() -> dict[str, str]:
    """The YAML blocks of the README that start with `# <path>`: path → text."""
    text = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n# (personas/\S+\.yaml)\n(.*?)```", text, re.S)
    return dict(blocks)


def test_the_readme_persona_for_organization_runs_compiles_to_exactly_its_two_actions(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """The management account's persona for `--organization`, as the README gives it: lint
    clean, and its policy is what the command does with its own credentials (the rest it
    does with the reader role of each account)."""
    files = readme_files()
    assert sorted(files) == [
        "personas/activities/list-organization-accounts.yaml",
        "personas/governance-organization.yaml",
    ]
    root = make_repo(files)
    assert main(["-C", str(root), "lint"]) == 0, capsys.readouterr().out
    assert main(["-C", str(root), "compile", "--out", str(root / "compiled")]) == 0
    policy = json.loads((root / "compiled/governance-organization/policy-1.json").read_text())
    grants = {(a, r) for st in policy["Statement"] for a in st["Action"] for r in st["Resource"]}
    assert grants == {
        ("organizations:ListAccounts", "*"),
        ("sts:AssumeRole", "arn:aws:iam::*:role/mlgov/mlgov-governance-reader"),
    }

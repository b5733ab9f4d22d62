"""`mlgov roles plan` / `apply` on moto: creation, idempotence, drift, ownership, version
rotation, deletion, and a failure midway that the next apply repairs."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from governance.findings import MlgovError
from mlgov.cli import main
from mlgov.cli.roles import apply_command, plan_command

FIXTURE = Path(__file__).parent / "fixtures" / "roles" / "repo"
ACCOUNT = "123456789012"  # moto's default account, as configured in the fixture
SHARED = f"arn:aws:iam::{ACCOUNT}:policy/shared/team-read"
ANALYST_POLICY = f"arn:aws:iam::{ACCOUNT}:policy/mlgov/mlgov-analyst-permissions"
READ_OPS = ("Get", "List")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


@pytest.fixture
def iam(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A moto account holding the policies the fixture attaches but mlgov does not own."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        client = boto3.client("iam", region_name="us-east-1")
        for name in ("team-read", "boundary"):
            client.create_policy(PolicyName=name, Path="/shared/", PolicyDocument=_doc("s3:List*"))
        yield client


def _doc(action: str, resource: str = "*") -> str:
    statement = {"Effect": "Allow", "Action": action, "Resource": resource}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _args(root: Path, **options: Any) -> argparse.Namespace:
    values = {"root": root, "format": "text", "yes": True, "check": False, "profile": None}
    values |= {"region": "us-east-1", "endpoint_url": None, "no_cache": False}
    return argparse.Namespace(**(values | options))


def _clients(iam: Any) -> tuple[Any, Any, list[str]]:
    """A fresh IAM client (same moto account) recording every operation it calls."""
    client = boto3.client("iam", region_name="us-east-1")
    calls: list[str] = []
    client.meta.events.register("before-call.iam", lambda model, **_: calls.append(model.name))
    return client, boto3.client("sts", region_name="us-east-1"), calls


def _writes(calls: list[str]) -> list[str]:
    return [c for c in calls if not c.startswith(READ_OPS)]


def plan(root: Path, iam: Any, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    client, sts, calls = _clients(iam)
    assert plan_command(_args(root, format="json"), iam=client, sts=sts) == 0
    assert _writes(calls) == []  # planning never writes
    return json.loads(capsys.readouterr().out)


def apply(root: Path, iam: Any, capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    client, sts, calls = _clients(iam)
    assert apply_command(_args(root), iam=client, sts=sts) == 0
    return capsys.readouterr().out, _writes(calls)


def kinds(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(c["action"], c["kind"], c["target"]) for c in data["changes"]]


def test_plan_on_empty_account(repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]) -> None:
    data = plan(repo, iam, capsys)
    assert data["account"] == ACCOUNT
    assert data["summary"] == {"create": 7, "update": 0, "delete": 0}
    assert kinds(data) == [
        ("create", "policy", "mlgov-analyst-permissions"),
        ("create", "policy", "mlgov-builder-permissions"),
        ("create", "role", "mlgov-analyst"),
        ("create", "role", "mlgov-builder"),
        ("create", "attachment", "mlgov-analyst"),
        ("create", "attachment", "mlgov-analyst"),
        ("create", "attachment", "mlgov-builder"),
    ]
    assert data["refusals"] == [] and data["kept"] == []


def test_plan_text(repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(repo), "roles", "plan", "--region", "us-east-1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"Plan for account {ACCOUNT}: 7 to create, 0 to update, 0 to delete."
    )
    assert "  + create role mlgov-analyst (/mlgov/, max session 2h, 3 tags)" in out
    assert f"  + attach {SHARED} to role mlgov-analyst" in out
    assert main(["-C", str(repo), "roles", "plan", "--region", "us-east-1", "--check"]) == 1


def test_apply_creates_everything(repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]) -> None:
    out, writes = apply(repo, iam, capsys)
    assert "Done (7):" in out
    assert sorted(writes) == sorted(
        ["CreatePolicy"] * 2 + ["CreateRole"] * 2 + ["AttachRolePolicy"] * 3
    )
    role = iam.get_role(RoleName="mlgov-analyst")["Role"]
    assert role["Path"] == "/mlgov/"
    assert role["MaxSessionDuration"] == 7200
    tags = {t["Key"]: t["Value"] for t in role["Tags"]}
    assert tags == {"managed-by": "mlgov", "mlgov-persona": "analyst", "team": "a"}
    principals = [s["Principal"] for s in role["AssumeRolePolicyDocument"]["Statement"]]
    assert {"AWS": [f"arn:aws:iam::{ACCOUNT}:root"]} in principals
    attached = iam.list_attached_role_policies(RoleName="mlgov-analyst")["AttachedPolicies"]
    assert sorted(p["PolicyArn"] for p in attached) == [ANALYST_POLICY, SHARED]
    builder = iam.get_role(RoleName="mlgov-builder")["Role"]
    assert builder["PermissionsBoundary"]["PermissionsBoundaryArn"].endswith("/shared/boundary")
    version = iam.get_policy_version(PolicyArn=ANALYST_POLICY, VersionId="v1")["PolicyVersion"]
    assert "${aws:username}" in json.dumps(version["Document"])


def test_second_apply_changes_nothing(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    apply(repo, iam, capsys)
    out, writes = apply(repo, iam, capsys)
    assert writes == []
    assert out == "No changes: nothing to apply.\n"
    assert plan(repo, iam, capsys)["changes"] == []
    assert main(["-C", str(repo), "roles", "plan", "--region", "us-east-1", "--check"]) == 0
    assert capsys.readouterr().out.startswith(f"No changes: account {ACCOUNT} matches git")


def test_drift_is_detected_and_fixed(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    apply(repo, iam, capsys)
    # Changes made in the account, outside git:
    extra = iam.create_policy(PolicyName="by-hand", PolicyDocument=_doc("s3:*"))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="mlgov-analyst", PolicyArn=extra)
    trust = {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}}
    trust |= {"Action": "sts:AssumeRole"}
    iam.update_assume_role_policy(
        RoleName="mlgov-analyst",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [trust]}),
    )
    iam.create_policy_version(PolicyArn=ANALYST_POLICY, PolicyDocument=_doc("*"), SetAsDefault=True)
    iam.tag_role(RoleName="mlgov-builder", Tags=[{"Key": "owner", "Value": "bob"}])
    iam.update_role(RoleName="mlgov-builder", MaxSessionDuration=43200)
    iam.delete_role_permissions_boundary(RoleName="mlgov-builder")

    data = plan(repo, iam, capsys)
    assert sorted(kinds(data)) == [
        ("delete", "attachment", "mlgov-analyst"),
        ("update", "permissions-boundary", "mlgov-builder"),
        ("update", "policy-version", "mlgov-analyst-permissions"),
        ("update", "role-settings", "mlgov-builder"),
        ("update", "tags", "mlgov-builder"),
        ("update", "trust-policy", "mlgov-analyst"),
    ]
    by_kind = {c["kind"]: c for c in data["changes"]}
    # git's document is still version v1: making it the default again needs no new version
    assert by_kind["policy-version"]["calls"] == ["set_default_policy_version"]
    assert "make v1 (git's document) the default" in by_kind["policy-version"]["summary"]
    assert any("999999999999" in line for line in by_kind["trust-policy"]["diff"])
    assert by_kind["tags"]["summary"].endswith("remove owner")

    apply(repo, iam, capsys)
    assert plan(repo, iam, capsys)["changes"] == []
    assert iam.get_policy(PolicyArn=extra)["Policy"]["AttachmentCount"] == 0  # detached, kept


def test_foreign_same_named_role_is_refused(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    trust = _doc("sts:AssumeRole").replace('"Resource": "*"', '"Principal": {"Service": "ec2"}')
    iam.create_role(RoleName="mlgov-analyst", AssumeRolePolicyDocument=trust)
    code = main(["-C", str(repo), "roles", "apply", "--yes", "--region", "us-east-1"])
    captured = capsys.readouterr()
    assert code == 2
    assert "role mlgov-analyst exists in the account but mlgov does not own it" in captured.out
    assert "no managed-by=mlgov tag" in captured.out
    assert "conflict" in captured.err and "Traceback" not in captured.err
    assert iam.list_attached_role_policies(RoleName="mlgov-analyst")["AttachedPolicies"] == []
    assert "mlgov-builder" not in {r["RoleName"] for r in iam.list_roles()["Roles"]}


def test_tagged_role_outside_mlgov_paths_is_not_owned(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    trust = _doc("sts:AssumeRole").replace('"Resource": "*"', '"Principal": {"Service": "ec2"}')
    tags = [{"Key": "managed-by", "Value": "mlgov"}]
    iam.create_role(
        RoleName="mlgov-builder", Path="/ops/", AssumeRolePolicyDocument=trust, Tags=tags
    )
    client, sts, calls = _clients(iam)
    with pytest.raises(MlgovError, match="conflict"):
        apply_command(_args(repo), iam=client, sts=sts)
    assert "its path /ops/ is outside mlgov's paths (/mlgov/)" in capsys.readouterr().out
    assert _writes(calls) == []


def test_policy_versions_rotate_at_five(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    apply(repo, iam, capsys)
    for action in ("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketTagging"):
        iam.create_policy_version(PolicyArn=ANALYST_POLICY, PolicyDocument=_doc(action))
    persona = repo / "personas" / "analyst.yaml"
    persona.write_text(persona.read_text("utf-8").replace("team-a-data", "team-a-new"), "utf-8")

    data = plan(repo, iam, capsys)
    assert kinds(data) == [("update", "policy-version", "mlgov-analyst-permissions")]
    change = data["changes"][0]
    assert change["calls"] == ["delete_policy_version", "create_policy_version"]
    assert "deleting the oldest version v2 (IAM keeps 5)" in change["summary"]

    _, writes = apply(repo, iam, capsys)
    assert writes == ["DeletePolicyVersion", "CreatePolicyVersion"]
    versions = iam.list_policy_versions(PolicyArn=ANALYST_POLICY)["Versions"]
    assert sorted(v["VersionId"] for v in versions) == ["v1", "v3", "v4", "v5", "v6"]
    assert next(v for v in versions if v["IsDefaultVersion"])["VersionId"] == "v6"
    assert plan(repo, iam, capsys)["changes"] == []


def test_removed_persona_is_deleted(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    trust = _doc("sts:AssumeRole").replace('"Resource": "*"', '"Principal": {"Service": "ec2"}')
    iam.create_role(RoleName="hand-made", Path="/mlgov/", AssumeRolePolicyDocument=trust)
    apply(repo, iam, capsys)
    builder_policy = f"arn:aws:iam::{ACCOUNT}:policy/mlgov/mlgov-builder-permissions"
    iam.create_policy_version(PolicyArn=builder_policy, PolicyDocument=_doc("s3:GetObject"))
    iam.put_role_policy(RoleName="mlgov-builder", PolicyName="by-hand", PolicyDocument=_doc("s3:*"))
    (repo / "personas" / "builder.yaml").unlink()

    data = plan(repo, iam, capsys)
    assert kinds(data) == [
        ("delete", "role", "mlgov-builder"),
        ("delete", "policy", "mlgov-builder-permissions"),
    ]
    role_calls, policy_calls = (c["calls"] for c in data["changes"])
    assert role_calls == ["detach_role_policy", "delete_role_policy", "delete_role"]
    assert policy_calls == ["delete_policy_version", "delete_policy"]

    apply(repo, iam, capsys)
    names = {r["RoleName"] for r in iam.list_roles()["Roles"]}
    assert names == {"mlgov-analyst", "hand-made"}  # not tagged by mlgov: never touched
    policies = {p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]}
    assert policies == {"mlgov-analyst-permissions", "team-read", "boundary"}
    assert plan(repo, iam, capsys)["changes"] == []


def test_owned_policy_attached_elsewhere_is_kept(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    apply(repo, iam, capsys)
    builder_policy = f"arn:aws:iam::{ACCOUNT}:policy/mlgov/mlgov-builder-permissions"
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn=builder_policy)
    (repo / "personas" / "builder.yaml").unlink()
    data = plan(repo, iam, capsys)
    assert kinds(data) == [("delete", "role", "mlgov-builder")]
    assert data["kept"] == [
        "policy mlgov-builder-permissions is no longer in git but is attached to user/alice, "
        "which mlgov does not own: detach it there, then apply again"
    ]


def test_access_denied_midway_stops_then_converges(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    client, sts, calls = _clients(iam)

    def deny(model: Any, **_: Any) -> None:
        error = {"Error": {"Code": "AccessDenied", "Message": "not authorized"}}
        raise ClientError(error, model.name)

    client.meta.events.register("before-call.iam.AttachRolePolicy", deny)
    with pytest.raises(MlgovError, match="apply stopped at attach_role_policy: AccessDenied"):
        apply_command(_args(repo), iam=client, sts=sts)
    out = capsys.readouterr().out
    assert "Done (4):" in out  # two policies and two roles
    assert "Failed at attach_role_policy: AccessDenied: not authorized" in out
    assert "Not done (2):" in out
    # the denied call raised before being sent, so nothing after it was attempted
    assert _writes(calls) == ["CreatePolicy"] * 2 + ["CreateRole"] * 2

    data = plan(repo, iam, capsys)
    assert [c["kind"] for c in data["changes"]] == ["attachment"] * 3
    _, writes = apply(repo, iam, capsys)
    assert writes == ["AttachRolePolicy"] * 3
    assert plan(repo, iam, capsys)["changes"] == []


def test_apply_json_reports_failure(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    client, sts, _ = _clients(iam)

    def deny(model: Any, **_: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, model.name)

    client.meta.events.register("before-call.iam.CreateRole", deny)
    with pytest.raises(MlgovError):
        apply_command(_args(repo, format="json"), iam=client, sts=sts)
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert [c["kind"] for c in data["done"]] == ["policy", "policy"]
    assert data["failed"]["failed_call"] == "create_role"
    assert len(data["not_done"]) == 4


def test_inline_style_and_extra_inline_policy(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    config = repo / "pyproject.toml"
    config.write_text(config.read_text("utf-8") + 'policy_style = "inline"\n', "utf-8")
    apply(repo, iam, capsys)
    names = iam.list_role_policies(RoleName="mlgov-analyst")["PolicyNames"]
    assert names == ["mlgov-analyst-permissions"]
    iam.put_role_policy(RoleName="mlgov-analyst", PolicyName="by-hand", PolicyDocument=_doc("s3:*"))
    assert kinds(plan(repo, iam, capsys)) == [("delete", "inline-policy", "mlgov-analyst")]
    apply(repo, iam, capsys)
    assert plan(repo, iam, capsys)["changes"] == []


def test_missing_extra_policy_is_refused(
    repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    iam.delete_policy(PolicyArn=SHARED)
    client, sts, _ = _clients(iam)
    with pytest.raises(MlgovError, match="conflict"):
        plan_command(_args(repo), iam=client, sts=sts)
    assert f"attaches {SHARED}, which does not exist" in capsys.readouterr().out


def test_other_account_is_refused(repo: Path, iam: Any) -> None:
    config = repo / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace(ACCOUNT, "111122223333"), "utf-8")
    client, sts, calls = _clients(iam)
    with pytest.raises(MlgovError, match="configured for account 111122223333"):
        plan_command(_args(repo), iam=client, sts=sts)
    assert calls == []


def test_apply_asks_for_confirmation(repo: Path, iam: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    client, sts, calls = _clients(iam)
    with pytest.raises(MlgovError, match="pass --yes"):
        apply_command(_args(repo, yes=False), iam=client, sts=sts)
    assert _writes(calls) == []


def test_read_errors_are_clear(repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]) -> None:
    client, sts, _ = _clients(iam)

    def deny(model: Any, **_: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, model.name)

    client.meta.events.register("before-call.iam.ListPolicies", deny)
    with pytest.raises(MlgovError, match="reading the account failed: list_policies: AccessDenied"):
        plan_command(_args(repo), iam=client, sts=sts)


def test_moved_role_is_refused(repo: Path, iam: Any, capsys: pytest.CaptureFixture[str]) -> None:
    apply(repo, iam, capsys)
    persona = repo / "personas" / "builder.yaml"
    text = persona.read_text("utf-8").replace(
        "max_session_hours: 1", "max_session_hours: 1\n  path: /mlgov/b/"
    )
    persona.write_text(text, "utf-8")
    client, sts, _ = _clients(iam)
    with pytest.raises(MlgovError, match="conflict"):
        plan_command(_args(repo), iam=client, sts=sts)
    out = capsys.readouterr().out
    assert "role mlgov-builder is at path /mlgov/ but git wants /mlgov/b/" in out
    assert "IAM cannot move a role" in out


def test_cli_against_a_moto_server(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole command as a user runs it: boto3 clients made from --endpoint-url."""
    import socket

    from moto.server import ThreadedMotoServer

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        url = f"http://127.0.0.1:{port}"
        client = boto3.client("iam", region_name="us-east-1", endpoint_url=url)
        for name in ("team-read", "boundary"):
            client.create_policy(PolicyName=name, Path="/shared/", PolicyDocument=_doc("s3:List*"))
        base = ["-C", str(repo), "roles"]
        options = ["--endpoint-url", url, "--region", "us-east-1"]
        assert main([*base, "apply", "--yes", *options]) == 0
        assert "Done (7):" in capsys.readouterr().out
        assert main([*base, "plan", "--check", *options]) == 0
        assert capsys.readouterr().out.startswith(f"No changes: account {ACCOUNT}")
    finally:
        server.stop()

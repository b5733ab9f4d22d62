"""`mlgov roles plan` / `apply` with Studio user profiles, on moto (IAM, the Studio domain) and the
demo's fake user-profile handlers (governance/demo/fake_studio.py; moto has none): the exact
SageMaker calls and their order, idempotence, drift, ownership, pruning and a failure midway."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from governance.demo import fake_handlers, fake_studio
from governance.findings import MlgovError
from mlgov.cli.roles import apply_command, plan_command

FIXTURE = Path(__file__).parent / "fixtures" / "studio" / "repo"
ACCOUNT = "123456789012"  # moto's default account, as the fixture configures it
REGION = "us-east-1"
DOMAIN = "d-lab"  # moto names a domain d-<its name>
ROLE = f"arn:aws:iam::{ACCOUNT}:role/mlgov/"
READS = ("Describe", "List")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


@pytest.fixture
def sm(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A moto account with the fixture's Studio domain, and the fake user-profile handlers."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    fake_handlers.install()
    with mock_aws():
        client = boto3.client("sagemaker", region_name=REGION)
        client.create_domain(
            DomainName="lab",
            AuthMode="IAM",
            DefaultUserSettings={"ExecutionRole": f"arn:aws:iam::{ACCOUNT}:role/default"},
            SubnetIds=["subnet-0a1b2c3d"],
            VpcId="vpc-0a1b2c3d",
        )
        yield client
    fake_studio.reset()


class Clients:
    """Fresh clients of the same moto account, recording every SageMaker and IAM operation."""

    def __init__(self) -> None:
        self.sagemaker_calls: list[str] = []
        self.iam_calls: list[str] = []
        self.sm = boto3.client("sagemaker", region_name=REGION)
        self.sm.meta.events.register("before-call.sagemaker", self._record(self.sagemaker_calls))
        self.iam = boto3.client("iam", region_name=REGION)
        self.iam.meta.events.register("before-call.iam", self._record(self.iam_calls))
        self.sts = boto3.client("sts", region_name=REGION)
        self.regions: list[str] = []

    @staticmethod
    def _record(calls: list[str]) -> Callable[..., None]:
        return lambda model, **_: calls.append(model.name)

    def sagemaker(self, region: str) -> Any:
        self.regions.append(region)
        return self.sm

    @property
    def writes(self) -> list[str]:
        calls = self.sagemaker_calls + self.iam_calls
        return [c for c in calls if not c.startswith(READS) and not c.startswith("Get")]

    @property
    def sagemaker_writes(self) -> list[str]:
        return [c for c in self.sagemaker_calls if not c.startswith(READS)]


def _args(root: Path, **options: Any) -> argparse.Namespace:
    values = {"root": root, "format": "text", "yes": True, "check": False, "profile": None}
    values |= {"region": REGION, "endpoint_url": None, "no_cache": False, "prune": False}
    return argparse.Namespace(**(values | options))


def plan(root: Path, capsys: pytest.CaptureFixture[str], **options: Any) -> dict[str, Any]:
    clients = Clients()
    code = plan_command(
        _args(root, format="json", **options), clients.iam, clients.sts, clients.sagemaker
    )
    assert code == 0
    assert clients.writes == []  # planning never writes
    return json.loads(capsys.readouterr().out)


def apply(root: Path, capsys: pytest.CaptureFixture[str], **options: Any) -> tuple[str, Clients]:
    clients = Clients()
    assert apply_command(_args(root, **options), clients.iam, clients.sts, clients.sagemaker) == 0
    return capsys.readouterr().out, clients


def profiles(data: dict[str, Any]) -> list[tuple[str, str, str, list[str]]]:
    return [
        (c["action"], c["kind"], c["target"], c["calls"])
        for c in data["changes"]
        if c["kind"].startswith("user-profile")
    ]


def described(sm: Any, name: str) -> dict[str, Any]:
    return sm.describe_user_profile(DomainId=DOMAIN, UserProfileName=name)


def tags(sm: Any, name: str) -> dict[str, str]:
    arn = described(sm, name)["UserProfileArn"]
    return {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]}


def test_plan_creates_the_profiles_after_the_roles(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    data = plan(repo, capsys)
    kinds = [c["kind"] for c in data["changes"]]
    # policies, roles, attachments, then the profiles that need them
    assert kinds == ["policy"] * 2 + ["role"] * 2 + ["attachment"] * 2 + ["user-profile"] * 3
    assert profiles(data) == [
        ("create", "user-profile", f"{DOMAIN}/ana", ["create_user_profile"]),
        ("create", "user-profile", f"{DOMAIN}/ben", ["create_user_profile"]),
        ("create", "user-profile", f"{DOMAIN}/cy", ["create_user_profile"]),
    ]
    summaries = [c["summary"] for c in data["changes"][-3:]]
    assert (
        summaries[0]
        == f"create user profile {DOMAIN}/ana (persona scientist, role mlgov-scientist)"
    )
    assert data["refusals"] == [] and data["kept"] == [] and data["notes"] == []


def test_plan_reads_only_what_it_needs(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    clients = Clients()
    plan_command(_args(repo), clients.iam, clients.sts, clients.sagemaker)
    assert clients.sagemaker_calls == ["DescribeDomain", "ListUserProfiles"]
    assert clients.regions == [REGION]
    out = capsys.readouterr().out
    assert (
        out.splitlines()[0] == f"Plan for account {ACCOUNT}: 9 to create, 0 to update, 0 to delete."
    )
    assert f"  + create user profile {DOMAIN}/cy (persona engineer, role mlgov-engineer)" in out


def test_apply_creates_profiles_with_their_persona_roles(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    out, clients = apply(repo, capsys)
    assert "Done (9):" in out
    assert clients.sagemaker_calls == [
        "DescribeDomain",
        "ListUserProfiles",
        "CreateUserProfile",
        "CreateUserProfile",
        "CreateUserProfile",
    ]
    # the profiles come after every IAM write: their roles exist, with their policies attached
    assert clients.iam_calls[-1] == "AttachRolePolicy"
    ana = described(sm, "ana")["UserSettings"]
    assert ana == {
        "ExecutionRole": ROLE + "mlgov-scientist",
        "StudioWebPortalSettings": {"HiddenAppTypes": ["Canvas", "RStudioServerPro"]},
        "JupyterLabAppSettings": {"DefaultResourceSpec": {"InstanceType": "ml.t3.medium"}},
        "SpaceStorageSettings": {
            "DefaultEbsStorageSettings": {
                "DefaultEbsVolumeSizeInGb": 5,
                "MaximumEbsVolumeSizeInGb": 50,
            }
        },
    }
    assert tags(sm, "ana") == {"managed-by": "mlgov", "mlgov-persona": "scientist", "team": "a"}
    ben = described(sm, "ben")["UserSettings"]
    assert ben["StudioWebPortalSettings"]["HiddenAppTypes"] == [
        "Canvas",
        "JupyterLab",
        "RStudioServerPro",
    ]
    # a profile without settings gets its role and nothing else: the rest stays the domain's
    assert described(sm, "cy")["UserSettings"] == {"ExecutionRole": ROLE + "mlgov-engineer"}


def test_second_apply_makes_no_write_call(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    apply(repo, capsys)
    out, clients = apply(repo, capsys)
    assert out == "No changes: nothing to apply.\n"
    assert clients.writes == []
    assert (
        clients.sagemaker_calls
        == ["DescribeDomain", "ListUserProfiles"]
        + [
            "DescribeUserProfile",
            "ListTags",
        ]
        * 3
    )
    clients = Clients()
    assert plan_command(_args(repo, check=True), clients.iam, clients.sts, clients.sagemaker) == 0
    text = capsys.readouterr().out
    assert (
        text
        == f"No changes: account {ACCOUNT} matches git (2 role(s), 3 Studio user profile(s)).\n"
    )


def test_a_role_changed_in_the_console_is_drift_and_apply_fixes_it(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    apply(repo, capsys)
    console = f"arn:aws:iam::{ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-1"
    sm.update_user_profile(
        DomainId=DOMAIN, UserProfileName="ben", UserSettings={"ExecutionRole": console}
    )
    data = plan(repo, capsys)
    assert profiles(data) == [("update", "user-profile", f"{DOMAIN}/ben", ["update_user_profile"])]
    change = data["changes"][0]
    assert change["summary"] == (
        f"update user profile {DOMAIN}/ben: execution role "
        "(AmazonSageMaker-ExecutionRole-1 -> mlgov-engineer, changed outside git)"
    )
    assert change["diff"] == [
        f'- UserSettings.ExecutionRole = "{console}"',
        f'+ UserSettings.ExecutionRole = "{ROLE}mlgov-engineer"',
    ]
    _, clients = apply(repo, capsys)
    assert clients.writes == ["UpdateUserProfile"]
    assert described(sm, "ben")["UserSettings"]["ExecutionRole"] == ROLE + "mlgov-engineer"
    assert plan(repo, capsys)["changes"] == []


def test_settings_and_tags_changed_by_hand_are_put_back(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    apply(repo, capsys)
    arn = described(sm, "ana")["UserProfileArn"]
    sm.update_user_profile(
        DomainId=DOMAIN,
        UserProfileName="ana",
        UserSettings={"StudioWebPortalSettings": {"HiddenAppTypes": []}},
    )
    sm.add_tags(
        ResourceArn=arn, Tags=[{"Key": "owner", "Value": "bob"}, {"Key": "team", "Value": "x"}]
    )
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "aws:cloudformation:stack-name", "Value": "s"}])
    data = plan(repo, capsys)
    assert profiles(data) == [
        ("update", "user-profile", f"{DOMAIN}/ana", ["update_user_profile"]),
        ("update", "user-profile-tags", f"{DOMAIN}/ana", ["add_tags", "delete_tags"]),
    ]
    assert (
        data["changes"][0]["summary"]
        == f"update user profile {DOMAIN}/ana: apps shown differ from git"
    )
    assert data["changes"][1]["summary"].endswith(": set team=a, remove owner")
    _, clients = apply(repo, capsys)
    assert clients.writes == ["UpdateUserProfile", "AddTags", "DeleteTags"]
    assert tags(sm, "ana")["aws:cloudformation:stack-name"] == "s"  # AWS's own: never removed
    assert plan(repo, capsys)["changes"] == []


def test_a_profile_moved_to_another_persona(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    apply(repo, capsys)
    studio = repo / "studio" / "lab.yaml"
    text = studio.read_text("utf-8").replace(
        "  cy:\n    persona: engineer", "  cy:\n    persona: scientist"
    )
    studio.write_text(text, "utf-8")
    data = plan(repo, capsys)
    assert profiles(data) == [
        ("update", "user-profile", f"{DOMAIN}/cy", ["update_user_profile"]),
        ("update", "user-profile-tags", f"{DOMAIN}/cy", ["add_tags"]),
    ]
    assert data["changes"][0]["summary"] == (
        f"update user profile {DOMAIN}/cy: execution role "
        "(mlgov-engineer -> mlgov-scientist, persona engineer -> scientist)"
    )
    _, clients = apply(repo, capsys)
    assert clients.sagemaker_writes == ["UpdateUserProfile", "AddTags"]
    assert tags(sm, "cy")["mlgov-persona"] == "scientist"
    assert plan(repo, capsys)["changes"] == []


def test_a_foreign_profile_of_the_same_name_is_refused(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    sm.create_user_profile(
        DomainId=DOMAIN,
        UserProfileName="ben",
        UserSettings={"ExecutionRole": f"arn:aws:iam::{ACCOUNT}:role/by-hand"},
        Tags=[{"Key": "mlgov-persona", "Value": "engineer"}],  # a copied tag is not ownership
    )
    clients = Clients()
    with pytest.raises(MlgovError, match="conflict"):
        apply_command(_args(repo), clients.iam, clients.sts, clients.sagemaker)
    out = capsys.readouterr().out
    assert (
        f"  ! user profile {DOMAIN}/ben exists but mlgov does not own it (it has no "
        "managed-by=mlgov tag); mlgov never edits or deletes what it does not own"
    ) in out
    assert clients.writes == []  # nothing at all: not the roles, not the other profiles
    assert described(sm, "ben")["UserSettings"]["ExecutionRole"].endswith(":role/by-hand")


def test_a_profile_git_no_longer_lists_is_deleted_only_with_prune_and_without_apps(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    apply(repo, capsys)
    sm.create_user_profile(DomainId=DOMAIN, UserProfileName="console-made")  # not mlgov's
    state = fake_studio.studio(ACCOUNT, REGION)
    app = {"DomainId": DOMAIN, "UserProfileName": "cy", "AppType": "JupyterServer"}
    state.apps.append({**app, "AppName": "default", "Status": "InService"})
    state.apps.append({**app, "AppName": "old", "Status": "Deleted"})
    space = {"DomainId": DOMAIN, "SpaceName": "cy-space", "Status": "InService"}
    state.spaces.append({**space, "OwnershipSettingsSummary": {"OwnerUserProfileName": "cy"}})
    studio = repo / "studio" / "lab.yaml"
    studio.write_text(studio.read_text("utf-8").replace("  cy:\n    persona: engineer\n", ""))

    data = plan(repo, capsys)
    assert data["changes"] == []
    assert data["kept"] == [
        f"user profile {DOMAIN}/cy is no longer in git: `--prune` deletes it (once its apps "
        "and private spaces are gone)"
    ]
    data = plan(repo, capsys, prune=True)
    assert data["changes"] == []
    assert data["kept"] == [
        f"user profile {DOMAIN}/cy is no longer in git but still has 1 app(s) (JupyterServer "
        "default) and 1 private space(s) (cy-space): delete them in Studio (or with `aws "
        "sagemaker delete-app` / `delete-space`), then apply --prune again"
    ]

    state.apps[0]["Status"] = "Deleted"
    state.spaces.clear()
    data = plan(repo, capsys, prune=True)
    assert profiles(data) == [("delete", "user-profile", f"{DOMAIN}/cy", ["delete_user_profile"])]
    _, clients = apply(repo, capsys, prune=True)
    assert clients.sagemaker_calls[-3:] == ["ListSpaces", "ListApps", "DeleteUserProfile"]
    names = {p["UserProfileName"] for p in sm.list_user_profiles()["UserProfiles"]}
    assert names == {"ana", "ben", "console-made"}  # not mlgov's: never deleted
    assert plan(repo, capsys, prune=True)["changes"] == []


def test_access_denied_midway_stops_and_the_next_apply_converges(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    clients = Clients()
    created: list[str] = []

    def deny_the_second(model: Any, **_: Any) -> None:
        created.append(model.name)
        if len(created) == 2:
            error = {"Error": {"Code": "AccessDeniedException", "Message": "not authorized"}}
            raise ClientError(error, model.name)

    clients.sm.meta.events.register("before-call.sagemaker.CreateUserProfile", deny_the_second)
    with pytest.raises(MlgovError, match="apply stopped at create_user_profile"):
        apply_command(_args(repo), clients.iam, clients.sts, clients.sagemaker)
    out = capsys.readouterr().out
    assert "Done (7):" in out  # 2 policies, 2 roles, 2 attachments and ana
    assert "Failed at create_user_profile: AccessDeniedException: not authorized" in out
    assert "Not done (1):" in out
    assert [p["UserProfileName"] for p in sm.list_user_profiles()["UserProfiles"]] == ["ana"]

    data = plan(repo, capsys)
    assert profiles(data) == [
        ("create", "user-profile", f"{DOMAIN}/ben", ["create_user_profile"]),
        ("create", "user-profile", f"{DOMAIN}/cy", ["create_user_profile"]),
    ]
    _, clients = apply(repo, capsys)
    assert clients.writes == ["CreateUserProfile", "CreateUserProfile"]
    assert plan(repo, capsys)["changes"] == []


def test_a_read_that_is_denied_is_a_clear_error(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    clients = Clients()

    def deny(model: Any, **_: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, model.name)

    clients.sm.meta.events.register("before-call.sagemaker.ListUserProfiles", deny)
    with pytest.raises(MlgovError) as raised:
        plan_command(_args(repo), clients.iam, clients.sts, clients.sagemaker)
    assert str(raised.value) == (
        f"reading the account failed: sagemaker.list_user_profiles ({REGION}): "
        "AccessDeniedException: no"
    )


def test_a_missing_domain_is_refused(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    sm.delete_domain(DomainId=DOMAIN)
    clients = Clients()

    def not_found(model: Any, **_: Any) -> None:  # what AWS answers (moto says ValidationException)
        raise ClientError({"Error": {"Code": "ResourceNotFound", "Message": "gone"}}, model.name)

    clients.sm.meta.events.register("before-call.sagemaker.DescribeDomain", not_found)
    with pytest.raises(MlgovError, match="conflict"):
        plan_command(_args(repo), clients.iam, clients.sts, clients.sagemaker)
    assert (
        f"Studio domain {DOMAIN} does not exist in account {ACCOUNT} region {REGION}"
        in capsys.readouterr().out
    )


def test_a_domain_in_another_account_is_not_read(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    config = repo / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace(f'account = "{ACCOUNT}"', 'account = "*"'))
    studio = repo / "studio" / "lab.yaml"
    studio.write_text(studio.read_text("utf-8").replace(ACCOUNT, "444455556666"))
    clients = Clients()
    plan_command(_args(repo, format="json"), clients.iam, clients.sts, clients.sagemaker)
    data = json.loads(capsys.readouterr().out)
    assert clients.sagemaker_calls == []
    assert profiles(data) == []
    assert data["notes"] == [
        f"Studio domain {DOMAIN} is not in account {ACCOUNT} (the credentials'): its profiles "
        "were not read; plan with credentials for its account"
    ]


def test_a_busy_profile_waits(repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]) -> None:
    apply(repo, capsys)
    profile = fake_studio.studio(ACCOUNT, REGION).profiles[(DOMAIN, "ben")]
    profile["Status"] = "Updating"
    profile["UserSettings"] = {"ExecutionRole": f"arn:aws:iam::{ACCOUNT}:role/other"}
    data = plan(repo, capsys)
    assert data["changes"] == []
    assert data["notes"] == [
        f"user profile {DOMAIN}/ben is Updating: apply again once it is InService"
    ]


def test_an_sso_domain_needs_the_user(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from moto.sagemaker.models import sagemaker_backends

    sagemaker_backends[ACCOUNT][REGION].domains[DOMAIN].auth_mode = "SSO"
    data_text = (repo / "studio" / "lab.yaml").read_text("utf-8")
    (repo / "studio" / "lab.yaml").write_text(
        data_text.replace(
            "    persona: scientist\n", "    persona: scientist\n    sso_user: ana@example.com\n"
        )
    )
    clients = Clients()
    with pytest.raises(MlgovError, match="conflict"):
        plan_command(_args(repo), clients.iam, clients.sts, clients.sagemaker)
    out = capsys.readouterr().out
    assert (
        f"user profile {DOMAIN}/ben: domain {DOMAIN} signs users in with IAM Identity Center" in out
    )
    assert f"{DOMAIN}/ana:" not in out  # ana names her user

    # with every user named, ana's is what SageMaker gets
    (repo / "studio" / "lab.yaml").write_text(
        "\n".join(
            line + ("\n    sso_user: x@example.com" if line.strip() == "persona: engineer" else "")
            for line in (repo / "studio" / "lab.yaml").read_text("utf-8").splitlines()
        )
        + "\n"
    )
    apply(repo, capsys)
    ana = described(sm, "ana")
    assert (ana["SingleSignOnUserIdentifier"], ana["SingleSignOnUserValue"]) == (
        "UserName",
        "ana@example.com",
    )


def test_a_repository_without_studio_files_makes_no_sagemaker_client(
    repo: Path, sm: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(repo / "studio")
    clients = Clients()
    apply_command(_args(repo), clients.iam, clients.sts, clients.sagemaker)
    assert clients.regions == [] and clients.sagemaker_calls == []
    assert "Studio" not in capsys.readouterr().out


def test_the_cli_against_a_moto_server_is_idempotent(repo: Path, tmp_path: Path) -> None:
    """`python -m mlgov roles apply --endpoint-url` as a user runs it, against moto's server on
    127.0.0.1 in this process (the fake user-profile handlers live here too)."""
    import os
    import socket
    import subprocess
    import sys

    from moto.server import ThreadedMotoServer

    fake_handlers.install()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
        env |= {"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
        sm = boto3.client(
            "sagemaker",
            region_name=REGION,
            endpoint_url=url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        sm.create_domain(
            DomainName="lab",
            AuthMode="IAM",
            DefaultUserSettings={"ExecutionRole": f"arn:aws:iam::{ACCOUNT}:role/default"},
            SubnetIds=["subnet-0a1b2c3d"],
            VpcId="vpc-0a1b2c3d",
        )
        base = [sys.executable, "-m", "mlgov", "-C", str(repo), "roles"]
        options = ["--endpoint-url", url, "--region", REGION]

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*base, *args, *options], env=env, capture_output=True, text=True, timeout=120
            )

        first = run("apply", "--yes")
        assert first.returncode == 0, first.stderr
        assert "Done (9):" in first.stdout
        assert f"+ create user profile {DOMAIN}/ana (persona scientist" in first.stdout
        second = run("apply", "--yes")
        assert (second.returncode, second.stdout) == (0, "No changes: nothing to apply.\n")
        check = run("plan", "--check")
        assert check.returncode == 0
        assert "3 Studio user profile(s)" in check.stdout
        names = [p["UserProfileName"] for p in sm.list_user_profiles()["UserProfiles"]]
        assert names == ["ana", "ben", "cy"]
    finally:
        server.stop()
        from governance.demo.run import reset_moto

        reset_moto()  # the server's account is this process's moto: leave it empty

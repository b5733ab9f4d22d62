"""The example repository's Studio users, planned and applied on moto and the demo's fake
user-profile handlers: the plan shows them after the roles, and a second apply makes no write
call."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from governance.demo import fake_studio, studio_fleet
from governance.iam.compiler import compile_repository
from governance.repository import Repository
from mlgov.cli.roles import apply_command, plan_command
from tests.conftest import ROOT

ACCOUNT, REGION = "111122223333", "eu-west-1"  # the example's configuration
READS = ("Describe", "List", "Get")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(ROOT / "pyproject.toml", root)
    for folder in ("personas", "policies", "studio"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


@pytest.fixture
def account(example: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """moto as the example's account, holding the AWS managed policies its personas attach
    (moto's own copy of them predates some, such as AmazonSageMakerCanvasDirectDeployAccess) and
    the example's Studio domain. Yields the operations the command's clients call."""
    from governance.demo import fake_handlers

    monkeypatch.setenv("MOTO_ACCOUNT_ID", ACCOUNT)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    fake_handlers.install()
    with mock_aws():
        _aws_managed_policies(example)
        boto3.client("sagemaker").create_domain(
            DomainName=studio_fleet.DOMAIN_ID.removeprefix("d-"),
            AuthMode="IAM",
            DefaultUserSettings={"ExecutionRole": f"arn:aws:iam::{ACCOUNT}:role/default"},
            SubnetIds=["subnet-0a1b2c3d"],
            VpcId="vpc-0a1b2c3d",
        )
        yield []
    fake_studio.reset()


def _aws_managed_policies(root: Path) -> None:
    from moto.iam.models import AWSManagedPolicy, iam_backends

    backend = iam_backends[ACCOUNT]["global"]
    bundles, _ = compile_repository(Repository.load(root))
    for arn in sorted({a for b in bundles for a in b.managed_policy_arns}):
        path, _, name = arn.partition(":policy")[2].rpartition("/")
        data = {
            "DefaultVersionId": "v1",
            "Path": path + "/",
            "Document": {"Version": "2012-10-17", "Statement": []},
            "CreateDate": "2024-01-01T00:00:00+00:00",
            "UpdateDate": "2024-01-01T00:00:00+00:00",
        }
        policy = AWSManagedPolicy.from_data(name, ACCOUNT, REGION, data)
        backend.managed_policies[policy.arn] = policy


def _run(command: Any, root: Path, calls: list[str], **options: Any) -> int:
    sm, iam, sts = (boto3.client(s) for s in ("sagemaker", "iam", "sts"))
    for client in (sm, iam):
        client.meta.events.register("before-call", lambda model, **_: calls.append(model.name))
    values = {"root": root, "format": "text", "yes": True, "check": False, "profile": None}
    values |= {"region": REGION, "endpoint_url": None, "no_cache": False, "prune": False}
    return int(command(argparse.Namespace(**(values | options)), iam, sts, lambda _: sm))


def test_the_example_plans_its_studio_users_after_the_roles(
    example: Path, account: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(plan_command, example, account, format="json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["refusals"] == []
    profiles = [c["target"] for c in data["changes"] if c["kind"] == "user-profile"]
    domain = studio_fleet.DOMAIN_ID
    assert profiles == [
        f"{domain}/{n}" for n in ("ana-garcia", "ben-okafor", "chen-wei", "dara-singh")
    ]
    assert data["changes"][-4]["summary"] == (
        f"create user profile {domain}/ana-garcia "
        "(persona data-scientist-team-a, role mlgov-ds-team-a)"
    )
    assert [c["kind"] for c in data["changes"][-4:]] == ["user-profile"] * 4  # after every role


def test_applying_the_example_twice_makes_no_second_write(
    example: Path, account: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(apply_command, example, account) == 0
    assert "Done (" in capsys.readouterr().out
    assert account.count("CreateUserProfile") == 4
    account.clear()
    assert _run(apply_command, example, account) == 0
    assert capsys.readouterr().out == "No changes: nothing to apply.\n"
    assert [c for c in account if not c.startswith(READS)] == []

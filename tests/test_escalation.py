"""The privilege-escalation analysis behind IAM020/IAM021 (resources, conditions, denies, policies
taken together, speed), its method table, and IAM022, which no compiled repository can trigger
(the compiler refuses such a role), on a hand-built role."""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from governance.iam.actiondata import catalog
from governance.iam.analysis import escalation
from governance.iam.analysis.escalation_methods import METHODS, PASS_ROLE
from governance.iam.analysis.grants import broad_resource
from governance.iam.analysis.statement import PolicyUnderTest
from governance.iam.compiler import compile_repository
from governance.lint.build import build_context
from governance.lint.context import RoleUnderTest
from governance.lint.registry import by_id
from governance.lint.rules.escalation_common import hits as escalation_hits
from governance.repository import Repository
from governance.source import load_json_bytes
from mlgov.cli import main
from tests.conftest import CONFIG, MakeRepo

ACCOUNT = "111122223333"
COMPUTE = f"arn:aws:iam::{ACCOUNT}:role/mlgov/compute"
TRAINING = f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:training-job/team-a-*"


def policy(*statements: dict[str, Any], name: str = "p.json") -> PolicyUnderTest:
    text = json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2)
    return PolicyUnderTest(load_json_bytes(text.encode(), name), "file")


def allow(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: str | list[str], resource: str | list[str] = "*", **extra: Any) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def methods(*policies: PolicyUnderTest) -> set[str]:
    return {found.method.name for found in escalation.find(policies)}


PASSED_TO_SAGEMAKER = {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}
TRAINING_JOB = "PassExistingRoleToNewSageMakerTrainingJob"


# -- the method table ---------------------------------------------------------------------------


def test_the_table_has_the_71_methods_with_known_actions() -> None:
    assert len(METHODS) == 71  # cloudsplaining's 59 and 12 from iam-vulnerable, Rhino and others
    assert len({m.name for m in METHODS}) == 71
    unknown = sorted({a for m in METHODS for a in m.actions if catalog().action(a) is None})
    assert unknown == []
    for method in METHODS:
        assert not method.pathfinding or re.fullmatch(r"[a-z0-9]+-\d{3}", method.pathfinding)
        passes = PASS_ROLE in method.actions
        assert passes == bool(method.passed_to), method.name
        assert passes == (method.key_action == PASS_ROLE), method.name
        assert all(p.endswith(".amazonaws.com") for p in method.passed_to)


# -- PassRole: resources and iam:PassedToService -------------------------------------------------


def test_passing_one_reviewed_role_to_sagemaker_is_not_escalation() -> None:
    found = methods(
        policy(
            allow("sagemaker:CreateTrainingJob", TRAINING),
            allow("iam:PassRole", COMPUTE, Condition=PASSED_TO_SAGEMAKER),
        )
    )
    assert found == set()


@pytest.mark.parametrize(
    "resource", ["*", "arn:aws:iam::*:role/*", f"arn:aws:iam::{ACCOUNT}:role*", "arn:aws:iam::*"]
)
def test_passing_any_role_with_training_jobs_is_escalation(resource: str) -> None:
    # CreateTrainingJob scoped to team-a-* still escalates: the attacker names the new job.
    found = methods(
        policy(allow("sagemaker:CreateTrainingJob", TRAINING), allow(PASS_ROLE, resource))
    )
    assert found == {TRAINING_JOB}


def test_passed_to_service_limits_the_methods_to_that_service() -> None:
    to_ec2 = {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    grants = [
        allow(PASS_ROLE, "*", Condition=to_ec2),
        allow(["sagemaker:CreateTrainingJob", "ec2:RunInstances"]),
    ]
    assert methods(policy(*grants)) == {"CreateEC2WithExistingIP"}
    not_ec2 = {"StringNotEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    grants[0] = allow(PASS_ROLE, "*", Condition=not_ec2)
    assert methods(policy(*grants)) == {TRAINING_JOB}
    like = {"StringLike": {"iam:PassedToService": "sage*"}}
    grants[0] = allow(PASS_ROLE, "*", Condition=like)
    assert methods(policy(*grants)) == {TRAINING_JOB}


def test_a_deny_with_passed_to_service_limits_pass_role() -> None:
    only_sagemaker = {"StringNotEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}
    found = methods(
        policy(
            allow([PASS_ROLE, "ec2:RunInstances", "sagemaker:CreateTrainingJob"]),
            deny(PASS_ROLE, Condition=only_sagemaker),
        )
    )
    assert found == {TRAINING_JOB}


# -- IAM actions: resources, conditions, denies ---------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "broad"),
    [
        ("*", True),
        ("arn:aws:iam::*:role/*", True),
        (f"arn:aws:iam::{ACCOUNT}:policy/*", True),
        ("arn:aws:iam::*:*", True),
        ("arn:*:iam::*:user/*", True),
        ("arn:aws:iam::*:role/mlgov/*", False),
        ("arn:aws:iam::*:user/${aws:username}", False),
        (f"arn:aws:iam::{ACCOUNT}:role/team-a-*", False),
        ("arn:aws:s3:::*", False),  # another service's resources
        ("arn:aws:iam::*:rolle/*", False),  # no such IAM resource type
        ("not an arn", False),
    ],
)
def test_broad_resources(resource: str, broad: bool) -> None:
    assert broad_resource(resource, "iam") is broad


def test_conditions_on_the_target_narrow_iam_actions() -> None:
    boundary = {"StringEquals": {"iam:PermissionsBoundary": f"arn:aws:iam::{ACCOUNT}:policy/b"}}
    assert methods(policy(allow("iam:PutRolePolicy", Condition=boundary))) == set()
    if_exists = {"StringEqualsIfExists": boundary["StringEquals"]}
    assert methods(policy(allow("iam:PutRolePolicy", Condition=if_exists))) == {"PutRolePolicy"}
    any_boundary = {"ArnLike": {"iam:PermissionsBoundary": f"arn:aws:iam::{ACCOUNT}:policy/*"}}
    assert methods(policy(allow("iam:PutRolePolicy", Condition=any_boundary))) == {"PutRolePolicy"}
    read_only = {"ArnEquals": {"iam:PolicyARN": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}}
    assert methods(policy(allow("iam:AttachRolePolicy", Condition=read_only))) == set()
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}  # who asks, not what is reached
    assert methods(policy(allow("iam:PutRolePolicy", Condition=mfa))) == {"PutRolePolicy"}


def test_only_an_unconditional_deny_on_everything_removes_an_action() -> None:
    grant = allow(["iam:CreatePolicyVersion", "iam:AttachRolePolicy"])
    assert methods(policy(grant, deny("iam:*Policy*"))) == set()
    assert methods(policy(grant, deny("iam:CreatePolicyVersion"))) == {"AttachRolePolicy"}
    on_some = deny("iam:*", "arn:aws:iam::*:role/admin")
    assert methods(policy(grant, on_some)) == {"CreateNewPolicyVersion", "AttachRolePolicy"}
    sometimes = deny("iam:*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}})
    assert methods(policy(grant, sometimes)) == {"CreateNewPolicyVersion", "AttachRolePolicy"}


def test_not_action_and_not_resource_grant_broadly() -> None:
    everything_but_s3 = {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}
    assert len(methods(policy(everything_but_s3))) == 70  # all but WriteBucketPolicy
    everything_but_iam = {"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "Resource": "*"}
    assert "CreateAccessKey" not in methods(policy(everything_but_iam))
    not_resource = {"Effect": "Allow", "Action": "iam:CreateAccessKey", "NotResource": "x"}
    assert methods(policy(not_resource)) == {"CreateAccessKey"}


def test_resource_policy_statements_grant_nothing_to_the_role() -> None:
    bucket_policy = allow("*", Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"})
    assert methods(policy(bucket_policy)) == set()


def test_an_escalation_split_across_policies_is_found() -> None:
    processing = f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:processing-job/team-a-*"
    first = policy(allow("sagemaker:CreateProcessingJob", processing), name="policy-1.json")
    second = policy(allow(PASS_ROLE, "*"), name="policy-2.json")
    assert methods(first) == methods(second) == set()
    found = escalation.find([first, second])
    assert [f.method.name for f in found] == ["PassExistingRoleToNewSageMakerProcessingJob"]
    assert found[0].grant.policy is second  # reported where the key action is granted


def test_companion_actions_count_but_scoped_targets_do_not() -> None:
    # lambda-004 updates an existing function: both actions must reach any function.
    scoped = f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:team-a-*"
    update = ["lambda:UpdateFunctionCode", "lambda:InvokeFunction"]
    assert methods(policy(allow(update, scoped))) == set()
    assert "UpdateAndInvokeLambdaFunction" in methods(policy(allow(update)))


# -- wildcards, messages, speed -------------------------------------------------------------


def test_action_star_is_every_method_in_one_message() -> None:
    hits = list(escalation_hits(escalation.find([policy(allow("*"))])))
    assert len(hits) == 1
    assert hits[0].message.startswith("privilege escalation by 71 methods: CreateAccessKey (")
    assert "pathfinding.cloud iam-002" in hits[0].message and "and 66 more" in hits[0].message


def test_one_finding_per_method_where_the_key_actions_differ() -> None:
    found = escalation.find([policy(allow(["iam:CreatePolicyVersion", "iam:AttachRolePolicy"]))])
    hits = list(escalation_hits(found))
    assert [h.path for h in hits] == [("Statement", 0, "Action", 0), ("Statement", 0, "Action", 1)]
    assert "CreateNewPolicyVersion (iam:CreatePolicyVersion, pathfinding.cloud iam-001)" in (
        hits[0].message
    )


def test_wildcards_do_not_blow_up() -> None:
    heavy = policy(
        allow("*"),
        {"Effect": "Allow", "NotAction": ["s3:*", "ec2:Describe*"], "Resource": "*"},
        allow([f"svc{i}:Get*" for i in range(200)] + ["*:Put*", "iam:*", "?am:*Policy*"]),
    )
    escalation.find([heavy])  # warm the caches
    start = time.perf_counter()
    for _ in range(200):
        escalation.find([heavy])
    assert time.perf_counter() - start < 1.0


# -- IAM022 ---------------------------------------------------------------------------------------

PERSONA = """
schema_version: 1
id: analyst
title: Analyst
description: Reads.
extends: builtin:custom
activities: [search-experiments]
managed_policies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
"""


def _role(make_repo: MakeRepo) -> tuple[RoleUnderTest, Any]:
    root: Path = make_repo({"personas/analyst.yaml": PERSONA})
    repo = Repository.load(root)
    bundles, problems = compile_repository(repo)
    assert problems == [] and len(bundles) == 1
    ctx = build_context(repo, bundles)
    return ctx.roles[0], ctx


def test_iam022_is_quiet_on_a_compiled_role(make_repo: MakeRepo) -> None:
    role, ctx = _role(make_repo)
    assert list(by_id()["IAM022"].check(role, ctx)) == []  # type: ignore[misc]


def test_iam022_reports_a_role_over_the_quota(make_repo: MakeRepo) -> None:
    # The compiler refuses this (CMP003), so the role is built by hand: a guard, not a fixture.
    role, ctx = _role(make_repo)
    arns = tuple(f"arn:aws:iam::aws:policy/Policy{i}" for i in range(10))
    over = replace(role, bundle=replace(role.bundle, managed_policy_arns=arns))
    hits = list(by_id()["IAM022"].check(over, ctx))  # type: ignore[misc]
    assert len(hits) == 1
    assert hits[0].doc.path == "personas/analyst.yaml"
    assert hits[0].path == ("managed_policies",) and hits[0].at_key
    assert "11 attached policies (10 AWS managed, 1 compiled); the limit is 10" in hits[0].message
    inline = replace(over, bundle=replace(over.bundle, policy_style="inline"))
    assert list(by_id()["IAM022"].check(inline, ctx)) == []  # type: ignore[misc]


# -- IAM021 and the files personas use ---------------------------------------------------------


def test_iam021_leaves_the_files_personas_use_to_iam020(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "fixtures" / "rules" / "IAM020" / "bad", root)
    (root / "pyproject.toml").write_text(CONFIG)
    unused = json.dumps({"Version": "2012-10-17", "Statement": [allow("iam:PutUserPolicy")]})
    (root / "policies" / "unused.json").write_text(unused)
    assert main(["-C", str(root), "lint", "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    by_rule = {(r["rule"], r["file"]) for r in rows if r["rule"] in ("IAM020", "IAM021")}
    # IAM020's findings on compiled policies are placed in the policy files they come from.
    assert by_rule == {
        ("IAM020", "policies/iam-admin.json"),
        ("IAM020", "policies/pass-any-role.json"),
        ("IAM021", "policies/unused.json"),
    }

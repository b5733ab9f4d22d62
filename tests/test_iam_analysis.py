"""The defects of issue 15, one test each: condition operators and values, inverted MFA, keys
an action does not have, effectively-`*` ARNs, invalid regions, actions no resource suits,
escalation methods beyond cloudsplaining's, AWS managed policy ARNs. Rules are run the way
`mlgov lint` runs them (the CLI in a temporary repository) where the gate matters, and through
their checks for the finer cases."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from governance.iam.actiondata import catalog
from governance.iam.analysis import escalation
from governance.iam.analysis.conditions import conditions
from governance.iam.analysis.evaluation import never_matches
from governance.iam.analysis.operators import parse_operator, suggest_operator
from governance.iam.analysis.statement import PolicyUnderTest
from governance.iam.analysis.values import value_problem
from governance.iam.managed_policies import managed_policies
from governance.lint.registry import by_id
from governance.lint.rule import Hit
from governance.source import load_json_bytes
from tests.conftest import CONFIG, MakeRepo

TODAY = datetime.date(2026, 11, 28)
CTX = SimpleNamespace(catalog=catalog(), roles=(), today=TODAY, repo=None)
ENDPOINTS = "arn:aws:sagemaker:eu-west-1:111122223333:endpoint/team-a-*"


def policy_of(*statements: dict[str, Any]) -> PolicyUnderTest:
    body = {"Version": "2012-10-17", "Statement": list(statements)}
    return PolicyUnderTest(load_json_bytes(json.dumps(body).encode(), "p.json"), "file")


def run(rule_id: str, *statements: dict[str, Any]) -> list[Hit]:
    check = by_id()[rule_id].check
    assert check is not None
    return list(check(policy_of(*statements), CTX))


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def lint_file(root: Path, statement: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    """`mlgov lint policy.json --format json` in `root`, as a user runs it."""
    path = root / "policy.json"
    path.write_text(json.dumps({"Version": "2012-10-17", "Statement": [statement]}), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mlgov", "-C", str(root), "lint", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, json.loads(done.stdout)


# -- condition operators -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("StringEqualz", "StringEquals"),
        ("StringLikeIfExist", "StringLikeIfExists"),
        ("NullIfExists", "Null"),
        ("ForEachValue:StringEquals", "ForAnyValue:StringEquals"),
    ],
)
def test_operators_iam_does_not_have(text: str, suggestion: str) -> None:
    assert not parse_operator(text).known
    assert suggest_operator(text) == suggestion
    [hit] = run("IAM023", allow("s3:GetObject", Condition={text: {"aws:SourceIp": "10.0.0.0/8"}}))
    assert f"did you mean '{suggestion}'?" == hit.hint and hit.at_key


@pytest.mark.parametrize(
    "text",
    ["StringEquals", "ForAllValues:StringLike", "ForAnyValue:ArnLikeIfExists", "BinaryEquals",
     "DateGreaterThanEqualsIfExists", "Null", "stringequals"],
)  # fmt: skip
def test_every_operator_of_the_grammar_is_known(text: str) -> None:
    operator = parse_operator(text)
    assert operator.known, operator.problem
    assert operator.family is not None


def test_an_unknown_operator_fails_the_gate(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG, "utf-8")
    statement = allow("s3:GetObject", "arn:aws:s3:::data/*")
    statement["Condition"] = {"StringEqualz": {"aws:RequestedRegion": "eu-west-1"}}
    code, rows = lint_file(tmp_path, statement)
    assert code == 1
    assert [(r["rule"], r["severity"]) for r in rows] == [("IAM023", "error")]


# -- condition values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "value"),
    [
        ("Date", "2020-13-45"),
        ("Date", "bad"),
        ("Date", "2025-02-30T12:00:00Z"),
        ("Date", "2025-01-01T25:00:00Z"),
        ("IPAddress", "10.0.0.300/8"),
        ("IPAddress", "192.0.2.0/33"),
        ("Numeric", "one hour"),
        ("Bool", "yes"),
        ("Binary", "not base64!"),
        ("ARN", "s3.eu-west-1.amazonaws.com"),
    ],
)
def test_values_the_operator_cannot_take(family: str, value: str) -> None:
    assert value_problem(family, value)


@pytest.mark.parametrize(
    ("family", "value"),
    [
        ("Date", "2026-01-31"),
        ("Date", "2026-01-31T12:00:00Z"),
        ("Date", "2026-01-31T12:00:00.123+02:00"),
        ("Date", 1769860800),
        ("IPAddress", "2001:db8::/32"),
        ("Bool", True),
        ("Bool", "False"),
        ("Binary", "QmluYXJ5"),
        ("Date", "${aws:CurrentTime}"),
    ],
)
def test_values_the_operator_takes(family: str, value: Any) -> None:
    assert value_problem(family, value) is None


def test_an_invalid_date_is_an_error_at_the_value() -> None:
    condition = {"DateGreaterThan": {"aws:CurrentTime": ["2020-13-45", "2026-01-01"]}}
    [hit] = run("IAM024", allow("s3:GetObject", "arn:aws:s3:::d/*", Condition=condition))
    assert hit.path[-1] == 0 and "not a date of the calendar" in hit.message
    assert by_id()["IAM024"].severity.value == "error"


# -- inverted MFA --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "condition",
    [
        {"Bool": {"aws:MultiFactorAuthPresent": "false"}},
        {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        {"StringEquals": {"aws:MultiFactorAuthPresent": "false"}},
        {"Null": {"aws:MultiFactorAuthPresent": "true"}},
    ],
)
def test_an_allow_only_without_mfa(condition: dict[str, Any]) -> None:
    [hit] = run("IAM025", allow("sagemaker:DeleteEndpoint", ENDPOINTS, Condition=condition))
    assert "MFA" in hit.message


def test_mfa_required_the_aws_way_is_quiet() -> None:
    required = allow("*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})
    denied = {"Effect": "Deny", "NotAction": "iam:ListMFADevices", "Resource": "*"}
    denied["Condition"] = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    assert run("IAM025", required, denied) == []


# -- keys an action does not have -----------------------------------------------------------------


def test_a_key_the_action_lacks_is_absent_and_so_never_a_restriction() -> None:
    # StringNotEquals on a key s3:DeleteObject never has is always true: the statement is '*'.
    statement = allow(
        "s3:DeleteObject", Condition={"StringNotEquals": {"sagemaker:ResourceTag/team": "b"}}
    )
    [hit] = run("IAM004", statement)
    assert "s3:DeleteObject (Write)" in hit.message
    [warning] = run("IAM006", statement)
    assert "restricts nothing" in warning.message


def test_an_allow_that_needs_a_key_the_action_lacks_never_matches() -> None:
    statement = allow(
        "dynamodb:DeleteBackup", Condition={"StringEquals": {"aws:ResourceTag/team": "a"}}
    )
    [hit] = run("IAM026", statement)
    assert hit.message.startswith("this statement can never grant anything:")
    assert "which dynamodb:DeleteBackup never has" in hit.message
    assert run("IAM004", statement) == []  # not '*' in effect: nothing is granted at all
    entries = list(conditions(("Statement", 0), statement))
    never = never_matches(catalog(), "dynamodb:DeleteBackup", entries, TODAY)
    assert never is not None and never.reason == "absent"


def test_a_statement_that_grants_nothing_fails_the_gate(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG, "utf-8")
    statement = allow(
        "s3:GetObject",
        "arn:aws:s3:::data/*",
        Condition={"Bool": {"sagemaker:NetworkIsolation": "true"}},
    )
    code, rows = lint_file(tmp_path, statement)
    assert code == 1
    assert ("IAM026", "error") in [(r["rule"], r["severity"]) for r in rows]


def test_an_expired_time_window_is_no_grant_but_no_finding() -> None:
    statement = allow(
        "iam:CreatePolicyVersion",
        Condition={"DateLessThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}},
    )
    assert run("IAM026", statement) == []  # a window that closed does what it was written for
    assert escalation.find([policy_of(statement)], catalog(), TODAY) == []


# -- resources -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("cloudtrail:PutEventSelectors", "arn:*:cloudtrail:*:*:trail/*"),
        ("sagemaker:DeleteEndpoint", "arn:aws:sagemaker:*:*:endpoint/*"),
        ("s3:GetObject", "arn:aws:s3:::*/*"),
        ("s3:DeleteObject", "arn:*:*:*:*:*"),
    ],
)
def test_effectively_star_arns(action: str, resource: str) -> None:
    [hit] = run("IAM004", allow(action, resource))
    assert "effectively '*'" in hit.message and hit.path[-1] == "Resource"


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:sagemaker:eu-west-1:111122223333:endpoint/*",  # one account and region
        "arn:aws:iam::*:mfa/${aws:username}",  # a variable is one value, not every one
        "arn:aws:s3:::acme-*/*",
    ],
)
def test_scoped_arns_are_not_effectively_star(resource: str) -> None:
    action = "iam:DeleteVirtualMFADevice" if ":mfa/" in resource else "sagemaker:DeleteEndpoint"
    action = "s3:GetObject" if ":s3:" in resource else action
    assert run("IAM004", allow(action, resource)) == []


def test_an_arn_in_a_region_aws_does_not_have() -> None:
    resource = "arn:aws:sagemaker:eu-west-9:111122223333:endpoint/team-a-*"
    [hit] = run("IAM009", allow("sagemaker:DeleteEndpoint", resource))
    assert "region 'eu-west-9', which partition 'aws' does not have" in hit.message
    assert run("IAM010", allow("sagemaker:DeleteEndpoint", resource)) == []  # IAM009's


@pytest.mark.parametrize(
    ("actions", "resource", "reported"),
    [
        (["iam:ListRoles", "iam:GetRole"], "arn:aws:iam::123456789012:role/R", "iam:ListRoles"),
        ("s3:ListAllMyBuckets", "arn:aws:s3:::my-bucket", "s3:ListAllMyBuckets"),
        ("sagemaker-mlflow:AccessUI",
         "arn:aws:sagemaker:eu-west-1:111122223333:mlflow-tracking-server/a",
         "sagemaker-mlflow:AccessUI"),
        ("s3:GetBucketAcl", "arn:aws:s3:::team-a-data/*", "s3:GetBucketAcl"),
        ("s3:GetObject", "arn:aws:s3:::team-a-data", "s3:GetObject"),
    ],
)  # fmt: skip
def test_actions_no_resource_of_the_statement_suits(
    actions: Any, resource: str, reported: str
) -> None:
    hits = run("IAM027", allow(actions, resource))
    assert [h.message.split()[0] for h in hits] == [reported]
    assert by_id()["IAM027"].severity.value == "error"


def test_wildcard_entries_and_star_resources_are_not_judged_by_iam027() -> None:
    assert run("IAM027", allow("s3:Get*", "arn:aws:s3:::team-a-data/*")) == []
    assert run("IAM027", allow("s3:ListAllMyBuckets", ["arn:aws:s3:::b", "*"])) == []


# -- escalation methods beyond cloudsplaining's ----------------------------------------------------


def found(*statements: dict[str, Any]) -> set[str]:
    return {e.method.name for e in escalation.find([policy_of(*statements)], catalog(), TODAY)}


@pytest.mark.parametrize(
    ("statements", "method"),
    [
        ([allow(["ssm:SendCommand", "ec2:DescribeInstances"])], "SendCommandToExistingInstance"),
        ([allow("ssm:StartSession", "arn:aws:ec2:eu-west-1:111122223333:instance/*")],
         "StartSessionOnExistingInstance"),
        ([allow("cloudformation:UpdateStack")], "UpdateExistingCloudFormationStack"),
        ([allow(["cloudformation:UpdateStack", "iam:PassRole"])],
         "PassExistingRoleToUpdatedCloudFormationStack"),
        ([allow(["cloudformation:CreateStack", "iam:PassRole"])],
         "PassExistingRoleToCloudFormation"),
        ([allow("iam:CreatePolicyVersion", "arn:aws:iam::*:policy/fn2-*")],
         "CreateNewPolicyVersion"),
        ([allow(["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
                "arn:aws:iam::111122223333:role/MyRole")], "UpdateRoleTrustThenAssumeIt"),
        ([allow(["s3:PutBucketPolicy"], "arn:aws:s3:::bucket")], "WriteBucketPolicy"),
    ],
)  # fmt: skip
def test_methods_iam_vulnerable_rhino_and_parliament_add(
    statements: list[dict[str, Any]], method: str
) -> None:
    assert method in found(*statements)


def test_the_new_methods_are_resource_and_condition_aware() -> None:
    # An AWS managed policy cannot be rewritten; one's own user is not another's.
    assert found(allow("iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/fp4-*")) == set()
    # Rewriting one role's trust and assuming another is no path.
    trust = allow("iam:UpdateAssumeRolePolicy", "arn:aws:iam::111122223333:role/A")
    assume = allow("sts:AssumeRole", "arn:aws:iam::111122223333:role/B")
    assert "UpdateRoleTrustThenAssumeIt" not in found(trust, assume)
    # Commands only on instances of one prefix are scoped.
    scoped = allow("ssm:SendCommand", "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc*")
    assert "SendCommandToExistingInstance" not in found(scoped)
    # A Deny of everything removes the bucket policy write.
    deny_all = {"Effect": "Deny", "Action": "*", "Resource": "*"}
    assert found(allow("s3:PutBucketPolicy", "arn:aws:s3:::b"), deny_all) == set()
    # PutBucketPolicy on object ARNs grants nothing, so it reaches nothing.
    assert found(allow("s3:PutBucketPolicy", "arn:aws:s3:::b/*")) == set()


# -- AWS managed policies ------------------------------------------------------------------------


def test_the_pinned_list_knows_the_canvas_policy_under_its_path() -> None:
    known = managed_policies()
    right = "arn:aws:iam::aws:policy/service-role/AmazonSageMakerCanvasDirectDeployAccess"
    assert known.problem(right) is None
    problem = known.problem("arn:aws:iam::aws:policy/AmazonSageMakerCanvasDirectDeployAccess")
    assert problem is not None and problem[1] == f"use {right}"
    assert known.problem("arn:aws:iam::111122223333:policy/anything") is None  # customer's
    assert known.date and len(known.commit) == 40


def test_every_managed_policy_of_the_catalog_is_in_aws_list(make_repo: MakeRepo) -> None:
    from governance.repository import Repository

    repo = Repository.load(make_repo({}))
    assert any(a.managed_policies for a in repo.activities.values())
    for activity in repo.activities.values():
        for arn in activity.managed_policies:
            assert managed_policies().problem(arn) is None, (activity.id, arn)


def test_every_persona_extending_the_data_scientist_preset_applies(make_repo: MakeRepo) -> None:
    """The preset attached policy/AmazonSageMakerCanvasDirectDeployAccess, which AWS does not
    have: every persona extending it failed to apply. Lint reports such an ARN now (IAM028)."""
    from governance.iam.compiler import compile_repository
    from governance.repository import Repository

    persona = """
        schema_version: 1
        id: ds
        extends: builtin:data-scientist
        compute_role: arn:aws:iam::111122223333:role/compute
        activities:
          - manage-glue-tables: {buckets: [team-data], databases: [team]}
          - run-studio-emr-serverless-apps:
              runtime_roles: ["arn:aws:iam::111122223333:role/emr"]
          - canvas-kendra-access: {kendra_indexes: [0123456789abcdef]}
    """
    root = make_repo({"personas/ds.yaml": persona})
    bundles, problems = compile_repository(Repository.load(root))
    assert problems == []
    deploy = "arn:aws:iam::aws:policy/service-role/AmazonSageMakerCanvasDirectDeployAccess"
    assert deploy in bundles[0].managed_policy_arns
    for arn in bundles[0].managed_policy_arns:
        assert managed_policies().problem(arn) is None, arn


def test_the_refresh_script_keeps_only_aws_facts_and_the_source() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from refresh_managed_policies import pinned

    listing = {
        "Policies": [
            {"PolicyName": "B", "Path": "/service-role/",
             "Arn": "arn:aws:iam::aws:policy/service-role/B", "AttachmentCount": 3},
            {"PolicyName": "A", "Path": "/", "Arn": "arn:aws:iam::aws:policy/A"},
            {"PolicyName": "Mine", "Path": "/", "Arn": "arn:aws:iam::111122223333:policy/Mine"},
        ]
    }  # fmt: skip
    document = pinned(listing, {"Old": "Unknown", "A": "x"}, "0" * 40, "2026-03-07")
    assert document["policies"] == {"A": "/", "B": "/service-role/"}
    assert document["deprecated"] == ["Old"]
    assert document["source"]["commit"] == "0" * 40 and document["source"]["date"] == "2026-03-07"

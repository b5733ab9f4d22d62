"""Edge cases of the policy-scope rules IAM002-IAM016 and of their shared helpers: wildcard and
ARN matching, condition key templates, single-object statements, malformed input, speed."""

from __future__ import annotations

import datetime
import json
import time
from types import SimpleNamespace
from typing import Any

import pytest

from governance.iam.actiondata import catalog
from governance.iam.analysis import actions, arns, globs
from governance.iam.analysis.statement import PolicyUnderTest
from governance.iam.canonical import iam_size
from governance.iam.packing import INLINE_TOTAL_LIMIT
from governance.lint.registry import by_id
from governance.lint.rule import Hit, Rule
from governance.source import load_json_bytes

MINE = [f"IAM{n:03d}" for n in range(2, 17)]
CTX = SimpleNamespace(catalog=catalog(), roles=(), today=datetime.date(2026, 11, 28))
ROLE = "arn:aws:iam::111122223333:role/mlgov/compute"
JOBS = "arn:aws:sagemaker:eu-west-1:111122223333:training-job/*"


def policy_of(*statements: dict[str, Any] | Any) -> PolicyUnderTest:
    body = {"Version": "2012-10-17", "Statement": list(statements)}
    return PolicyUnderTest(load_json_bytes(json.dumps(body).encode(), "p.json"), "file")


def run(rule_id: str, *statements: dict[str, Any] | Any, ctx: Any = CTX) -> list[Hit]:
    rule: Rule = by_id()[rule_id]
    assert rule.check is not None
    return list(rule.check(policy_of(*statements), ctx))


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


# --- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("general", "specific", "ignore_case", "expected"),
    [
        ("s3:Get*", "s3:GetObject", True, True),
        ("s3:get*", "S3:GetObject*", True, True),
        ("s3:GetObject", "s3:Get*", True, False),
        ("s3:Get*", "S3:GETOBJECT", False, False),
        ("a*", "a?b", False, True),
        ("a?", "a*", False, False),
        ("arn:aws:s3:::data/*", "arn:aws:s3:::data/train/*", False, True),
        ("arn:aws:s3:::data/*", "arn:aws:s3:::Data/x", False, False),
        ("*", "anything*at?all", False, True),
    ],
)
def test_glob_covers(general: str, specific: str, ignore_case: bool, expected: bool) -> None:
    assert globs.glob_covers(general, specific, ignore_case) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("arn:aws:s3:::bucket*", "arn:*:s3:::*/*", True),
        ("arn:aws:s3:::bucket", "arn:*:s3:::*/*", False),
        ("a*c", "*b*", True),
        ("a*c", "b*", False),
        ("a?c", "*bc", True),
        ("x*", "*y", True),
        ("abc", "a?c", True),
    ],
)
def test_globs_overlap(a: str, b: str, expected: bool) -> None:
    assert globs.globs_overlap(a, b) is expected
    assert globs.globs_overlap(b, a) is expected


def test_long_globs_overlap_without_recursion_limits() -> None:
    long = "arn:aws:s3:::" + "a*" * 1500
    assert globs.globs_overlap(long, "arn:*:s3:::*/*")


@pytest.mark.parametrize(
    "arn",
    [
        "*",
        "arn:aws:s3:::bucket/*",
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws-us-gov:sagemaker:us-gov-west-1:111122223333:endpoint/x",
        "arn:${aws:partition}:s3:::home/${aws:username}/*",
        "arn:aws:sagemaker:*:*:*/*",
        "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/sagemaker/*:log-stream:*",
    ],
)
def test_well_formed_arns(arn: str) -> None:
    assert arns.arn_problem(arn) is None


@pytest.mark.parametrize(
    ("arn", "problem"),
    [
        ("bucket/*", "does not start"),
        ("arn:aws:s3::bucket", "5 of the 6 fields"),
        ("arn:awz:s3:::bucket", "partition 'awz'"),
        ("arn:aws:S3:::bucket", "service 'S3'"),
        ("arn:aws:sagemaker:EU-WEST-1:111122223333:x/y", "region"),
        ("arn:aws:iam::1234:role/x", "not 12 digits"),
        ("arn:aws:s3:::", "empty resource"),
        ("arn:aws:s3:::my bucket", "whitespace"),
    ],
)
def test_malformed_arns(arn: str, problem: str) -> None:
    assert problem in (arns.arn_problem(arn) or "")


def test_effective_actions_expand_wildcards_case_blind() -> None:
    expanded = actions.expand(catalog(), "SageMaker:DescribeTrainingJ*")
    assert expanded == ("sagemaker:DescribeTrainingJob",)
    assert actions.expand(catalog(), "sagemaker:NoSuchThing") == ()


def test_catalog_condition_key_templates() -> None:
    info = catalog().condition_key("S3:ExistingObjectTag/team")
    assert info is not None and info.name == "s3:ExistingObjectTag/<key>"
    assert catalog().condition_key("sagemaker:ResourceTag/team").type == "String"
    assert catalog().condition_key("aws:SourceIp") is None  # global: not in the data


def test_resource_arns_and_wildcard_only_actions() -> None:
    assert "arn:${Partition}:s3:::${BucketName}/${ObjectName}" in catalog().resource_arns(
        "s3:GetObject"
    )
    assert catalog().resource_arns("s3:ListAllMyBuckets") == ()


# --- single rules ---------------------------------------------------------------------------


def test_single_object_statement_is_checked() -> None:
    body = {"Version": "2012-10-17", "Statement": allow("*")}
    doc = load_json_bytes(json.dumps(body).encode(), "p.json")
    hits = list(by_id()["IAM002"].check(PolicyUnderTest(doc, "file"), CTX))  # type: ignore[misc]
    assert [h.path for h in hits] == [("Statement", "Action")]


def test_iam003_only_whole_service_wildcards_in_allows() -> None:
    assert len(run("IAM003", allow(["s3:*", "S3:*"]))) == 2
    assert run("IAM003", allow("s3:Get*"), {"Effect": "Deny", "Action": "s3:*"}) == []
    assert run("IAM003", allow("nosuchservice:*")) == []  # IAM001's business


def test_iam004_message_names_actions_and_access_levels() -> None:
    [hit] = run("IAM004", allow(["sagemaker:DeleteEndpoint", "sagemaker:ListTrainingJobs"]))
    assert hit.message == (
        "sagemaker:DeleteEndpoint (Write) supports resource-level permissions but is granted on '*'"
    )
    assert hit.path == ("Statement", 0, "Resource")


def test_iam004_caps_the_list_and_puts_the_most_powerful_first() -> None:
    [hit] = run("IAM004", allow("s3:*"))
    named, _, rest = hit.message.partition(" and ")
    assert named.split(", ")[0].endswith("(Permissions management)")
    assert named.count("(") == 5
    assert rest.split()[1] == "more"  # "and N more support ..."


@pytest.mark.parametrize(
    "statement",
    [
        allow(["sagemaker:ListTrainingJobs", "s3:ListAllMyBuckets", "ecr:GetAuthorizationToken"]),
        allow(["cloudwatch:PutMetricData", "cloudwatch:GetMetricData"]),
        allow("*"),  # IAM002 reports it
        allow("sagemaker:DeleteEndpoint", ["arn:aws:sagemaker:eu-west-1:111122223333:endpoint/x"]),
        allow("sagemaker:DeleteEndpoint", Condition={"StringEquals": {"aws:ResourceTag/t": "a"}}),
        allow("ec2:CreateNetworkInterface", Condition={"ArnEquals": {"ec2:Subnet": "arn:x"}}),
        {"Effect": "Deny", "Action": "sagemaker:DeleteEndpoint", "Resource": "*"},
    ],
)
def test_iam004_quiet_cases(statement: dict[str, Any]) -> None:
    assert run("IAM004", statement) == []


def test_iam005_two_messages_and_wildcard_grants() -> None:
    hits = run("IAM005", allow("iam:*", "arn:aws:iam::*:role/*"))
    assert len(hits) == 2
    assert "any role may be passed" in hits[0].message
    assert "iam:PassedToService" in hits[1].message
    condition = {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}
    assert run("IAM005", allow("iam:Pass*", ROLE, Condition=condition)) == []
    path_limited = "arn:aws:iam::111122223333:role/mlgov/*"
    assert run("IAM005", allow("iam:PassRole", path_limited, Condition=condition)) == []


def test_iam005_not_action_and_not_resource() -> None:
    statement = {"Effect": "Allow", "NotAction": "s3:*", "NotResource": ROLE}
    hits = run("IAM005", statement)
    assert {h.path[-1] for h in hits} == {"NotAction", "NotResource"}
    excluded = {"Effect": "Allow", "NotAction": ["iam:Pass*"], "Resource": "*"}
    assert run("IAM005", excluded) == []


def test_iam005_null_test_is_no_service_limit() -> None:
    condition = {"Null": {"iam:PassedToService": "false"}}
    assert len(run("IAM005", allow("iam:PassRole", ROLE, Condition=condition))) == 1


@pytest.mark.parametrize(
    ("action", "key"),
    [
        ("sagemaker:DescribeTrainingJob", "sagemaker:ResourceTag/team"),  # a resource type's
        ("sagemaker:DescribeTrainingJob", "aws:ResourceTag/team"),  # global
        ("sagemaker:CreateTrainingJob", "aws:RequestTag/team"),
        ("s3:GetObject", "s3:ExistingObjectTag/classification"),  # `<key>` template
        ("iam:PassRole", "IAM:PASSEDTOSERVICE"),  # keys are case-blind
        ("sagemaker:CreateT*", "sagemaker:VolumeKmsKeyArn"),  # any match of a wildcard
    ],
)
def test_iam006_supported_keys(action: str, key: str) -> None:
    assert run("IAM006", allow(action, Condition={"StringEquals": {key: "x"}})) == []


def test_iam006_names_the_unsupported_actions_of_a_deny() -> None:
    statement = {
        "Effect": "Deny",
        "Action": ["sagemaker:CreateTrainingJob", "s3:GetObject", "nosuch:Action"],
        "Resource": "*",
        "Condition": {"Bool": {"sagemaker:NetworkIsolation": "false"}},
    }
    [hit] = run("IAM006", statement)
    assert "not supported by s3:GetObject:" in hit.message
    assert "this Deny never applies" in hit.message
    assert hit.at_key and hit.path[-2:] == ("Bool", "sagemaker:NetworkIsolation")


def test_an_allow_the_unsupported_key_makes_false_is_iam026s() -> None:
    statement = allow(
        ["sagemaker:CreateTrainingJob", "s3:GetObject", "nosuch:Action"],
        Condition={"Bool": {"sagemaker:NetworkIsolation": "true"}},
    )
    assert run("IAM006", statement) == []
    [hit] = run("IAM026", statement)
    assert hit.message.startswith("this statement never grants s3:GetObject: the 'Bool' test")
    assert "which s3:GetObject never has" in hit.message
    assert hit.at_key and hit.path[-2:] == ("Bool", "sagemaker:NetworkIsolation")


def test_iam006_a_negated_test_on_an_unsupported_key_restricts_nothing() -> None:
    statement = allow(
        ["sagemaker:CreateTrainingJob", "s3:GetObject"],
        Condition={"StringNotEquals": {"sagemaker:ResourceTag/team": "b"}},
    )
    [hit] = run("IAM006", statement)
    assert "always true and restricts nothing" in hit.message
    assert run("IAM026", statement) == []


@pytest.mark.parametrize("operator", ["StringEqualsIfExists", "Null"])
def test_iam006_skips_operators_meant_for_absent_keys(operator: str) -> None:
    statement = allow(["s3:GetObject"], Condition={operator: {"sagemaker:NetworkIsolation": "x"}})
    assert run("IAM006", statement) == []


def test_deprecated_key_is_reported_once_by_iam007() -> None:
    key = "sagemaker:VolumeKmsKey"
    statement = allow(
        ["sagemaker:CreateTrainingJob", "s3:GetObject"],
        Condition={"ArnEquals": {key: "arn:aws:kms:eu-west-1:111122223333:key/v"}},
    )
    assert run("IAM006", statement) == []
    [hit] = run("IAM007", statement)
    assert hit.hint == "use 'sagemaker:VolumeKmsKeyArn' instead"


def test_iam007_reads_replacements_from_the_data() -> None:
    statement = allow(
        "kms:CreateKey", Condition={"StringEquals": {"kms:CustomerMasterKeySpec": "x"}}
    )
    [hit] = run("IAM007", statement)
    assert "kms:KeySpec" in hit.hint


def test_iam007_falls_back_to_the_table_when_the_data_drops_a_key() -> None:
    ctx = SimpleNamespace(catalog=SimpleNamespace(condition_key=lambda key: None), roles=())
    statement = allow(
        "sagemaker:CreateTrainingJob", Condition={"ArnEquals": {"sagemaker:OutputKmsKey": "a"}}
    )
    [hit] = run("IAM007", statement, ctx=ctx)
    assert "sagemaker:OutputKmsKeyArn" in hit.hint


@pytest.mark.parametrize(
    ("condition", "fragment"),
    [
        ({"StringLike": {"aws:SourceArn": "arn:aws:s3:::x"}}, "use ArnLike"),
        ({"StringNotEquals": {"aws:SourceIp": "10.0.0.0/8"}}, "use NotIpAddress"),
        ({"StringEquals": {"aws:MultiFactorAuthPresent": "true"}}, "use Bool"),
        ({"ForAnyValue:StringEquals": {"sagemaker:RootAccess": "Disabled"}}, "ForAnyValue is"),
        ({"ForAllValues:StringLike": {"aws:ResourceTag/team": "a"}}, "matches when the key"),
    ],
)
def test_iam008_findings(condition: dict[str, Any], fragment: str) -> None:
    [hit] = run("IAM008", allow("sagemaker:CreateTrainingJob", Condition=condition))
    assert fragment in hit.message + hit.hint


@pytest.mark.parametrize(
    "condition",
    [
        {"ArnLike": {"aws:PrincipalTag/role": "arn:aws:iam::111122223333:role/x"}},
        {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}},
        {"ForAnyValue:StringLike": {"sagemaker:InstanceTypes": ["ml.m5.*"]}},
        {"NumericLessThanEquals": {"sagemaker:MaxRuntimeInSeconds": [3600, "7200", "1.5"]}},
        {"Bool": {"sagemaker:NetworkIsolation": [True, "false"]}},
        {"StringEquals": {"aws:username": "${aws:PrincipalTag/owner}"}},
        {"StringEquals": {"unknownservice:Key": "x"}},  # unknown type: not judged
    ],
)
def test_iam008_quiet_cases(condition: dict[str, Any]) -> None:
    assert run("IAM008", allow("sagemaker:CreateTrainingJob", Condition=condition)) == []


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("sagemaker:DescribeTrainingJob", "arn:aws:sagemaker:*:*:*/*"),
        ("s3:GetObject", "arn:aws:s3:::bucket*"),
        ("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"),
        ("s3:ListAllMyBuckets", "arn:aws:s3:::bucket"),  # no resource types: not judged
        (["s3:ListBucket", "s3:GetObject"], "arn:aws:s3:::bucket"),  # one action takes it
        ("s3:*", "arn:aws:s3:::bucket"),
        ("*", "arn:aws:s3:::bucket"),
        ("iam:PassRole", ROLE),
        ("logs:PutLogEvents", "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/x:*"),
    ],
)
def test_iam010_generous_matches(action: Any, resource: str) -> None:
    assert run("IAM010", allow(action, resource)) == []


def test_iam010_reports_resources_no_action_takes() -> None:
    hits = run("IAM010", allow("sagemaker:CreateTrainingJob", ["arn:aws:s3:::b/*", JOBS, "*"]))
    assert [h.path for h in hits] == [("Statement", 0, "Resource", 0)]
    assert "training-job/${TrainingJobName}" in hits[0].hint


def test_iam012_mutual_cover_reports_the_later_only() -> None:
    hits = run("IAM012", allow(["s3:Get*", "s3:Get**"]))
    assert [h.path[-1] for h in hits] == [1]


def test_iam013_compares_arns_case_sensitively() -> None:
    assert run("IAM013", allow("s3:GetObject", ["arn:aws:s3:::b/*", "arn:aws:s3:::B/x"])) == []


def test_iam014_identical_statements_report_the_later_and_conditions_must_match() -> None:
    one = allow("s3:GetObject", "arn:aws:s3:::b/*", Sid="One")
    two = allow(["s3:getobject"], ["arn:aws:s3:::b/*"], Sid="Two")
    guarded = allow("s3:GetObject", "arn:aws:s3:::b/x", Condition={"Bool": {"aws:x": "true"}})
    [hit] = run("IAM014", one, two, guarded)
    assert hit.path == ("Statement", 1)
    assert "statement 'One'" in hit.message
    assert run("IAM014", {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}, one) == []


def test_iam015_inline_roles_have_the_larger_quota() -> None:
    resources = [f"arn:aws:s3:::bucket/project-{i:04d}/*" for i in range(200)]
    policy = policy_of(allow("s3:GetObject", resources))
    rule = by_id()["IAM015"]
    assert len(list(rule.check(policy, CTX))) == 1  # type: ignore[misc]
    role = SimpleNamespace(bundle=SimpleNamespace(policy_style="inline"), policies=(policy,))
    inline = SimpleNamespace(catalog=catalog(), roles=(role,))
    assert list(rule.check(policy, inline)) == []  # type: ignore[misc]
    assert 6_144 < iam_size(policy.doc.data) < INLINE_TOTAL_LIMIT


def test_iam016_ignores_missing_and_non_string_sids() -> None:
    assert (
        run("IAM016", allow("s3:GetObject", Sid=1), allow("s3:GetObject", Sid=1), allow("x")) == []
    )
    assert len(run("IAM016", allow("a", Sid="A"), allow("b", Sid="A"), allow("c", Sid="A"))) == 2


# --- robustness and speed -------------------------------------------------------------------

MALFORMED: list[Any] = [
    "not a statement",
    7,
    None,
    {"Effect": 3, "Action": 5, "Resource": {"a": 1}},
    {"Effect": "Allow", "Action": [1, None, ["s3:*"], "s3:GetObject"], "Resource": [None, 2]},
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": "yes"},
    {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": "true"}},
    {"Effect": "Allow", "Action": "s3:*", "Condition": {"NumericEquals": {"s3:max-keys": {}}}},
    {"Effect": "Allow", "NotAction": 4, "NotResource": [3], "Sid": ["x"]},
    {"Effect": "Allow", "Action": "", "Resource": ""},
    {"Effect": "Allow", "Action": ":", "Resource": "arn:"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Sid": 2**70},  # > 64 bits
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Sid": 2**70},
    {},
]


@pytest.mark.parametrize("rule_id", MINE)
def test_malformed_statements_never_crash(rule_id: str) -> None:
    run(rule_id, *MALFORMED)
    for statement in MALFORMED:
        body = {"Statement": statement}
        doc = load_json_bytes(json.dumps(body).encode(), "p.json")
        list(by_id()[rule_id].check(PolicyUnderTest(doc, "file"), CTX))  # type: ignore[misc]


def test_full_wildcard_policy_stays_fast() -> None:
    statement = allow(
        "*", "*", Condition={"StringEquals": {"sagemaker:InstanceTypes": "x", "aws:x": "y"}}
    )
    wide = allow(["ec2:*", "s3:*", "sagemaker:*"], ["arn:aws:s3:::b/*", JOBS])
    for rule_id in MINE:  # warm the caches once
        run(rule_id, statement, wide)
    start = time.perf_counter()
    for rule_id in MINE:
        run(rule_id, statement, wide)
    assert time.perf_counter() - start < 0.05

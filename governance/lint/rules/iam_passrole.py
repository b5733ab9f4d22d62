"""IAM005: iam:PassRole on any role, or to any service."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.findings import JsonPath, Severity
from governance.iam.analysis.conditions import conditions
from governance.iam.analysis.globs import glob_covers, glob_match
from governance.iam.analysis.statement import PolicyUnderTest, entries, has_wildcard, is_allow
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

PASS_ROLE = "iam:PassRole"
PASSED_TO_SERVICE = "iam:passedtoservice"


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        if not is_allow(statement):
            continue
        granted = _granted_by(path, statement)
        if granted is None:
            continue
        yield from _any_role(policy, path, statement, granted[1])
        if not _limits_service(path, statement):
            yield Hit(
                policy.doc,
                granted[0],
                f"{_via(granted[1])} has no iam:PassedToService condition: the role may be passed "
                "to any service, such as Lambda or EC2, and run code with its permissions",
                'add "Condition": {"StringEquals": {"iam:PassedToService": '
                '"sagemaker.amazonaws.com"}}',
                at_key=granted[1] == "NotAction",
            )


def _granted_by(path: JsonPath, statement: dict[str, Any]) -> tuple[JsonPath, str] | None:
    """Where the statement grants iam:PassRole and the entry that does, or None."""
    for entry in entries(path, statement, "Action"):
        if glob_match(entry.text, PASS_ROLE, ignore_case=True):
            return entry.path, entry.text
    if "NotAction" in statement:
        excluded = entries(path, statement, "NotAction")
        if not any(glob_match(e.text, PASS_ROLE, ignore_case=True) for e in excluded):
            return (*path, "NotAction"), "NotAction"
    return None


def _via(text: str) -> str:
    if text == "NotAction":
        return "iam:PassRole (not excluded by NotAction)"
    return PASS_ROLE if text.lower() == PASS_ROLE.lower() else f"iam:PassRole (via '{text}')"


def _any_role(
    policy: PolicyUnderTest, path: JsonPath, statement: dict[str, Any], text: str
) -> Iterator[Hit]:
    hint = "name the roles that may be passed, such as the compute role's ARN"
    for entry in entries(path, statement, "Resource"):
        if _all_roles(entry.text):
            message = f"{_via(text)} is granted on '{entry.text}': any role may be passed"
            yield Hit(policy.doc, entry.path, message + ", including more powerful ones", hint)
    if "NotResource" in statement and not any(
        _all_roles(e.text) for e in entries(path, statement, "NotResource")
    ):
        message = f"{_via(text)} is granted on every role NotResource does not exclude"
        yield Hit(policy.doc, (*path, "NotResource"), message, hint, at_key=True)


def _all_roles(resource: str) -> bool:
    """Whether the resource pattern names every role of an account (or of every account)."""
    if not has_wildcard(resource):
        return False
    fields = resource.split(":", 5)
    partition = fields[1] if len(fields) > 1 and not has_wildcard(fields[1]) else "aws"
    account = fields[4] if len(fields) > 4 and not has_wildcard(fields[4]) else "123456789012"
    return glob_covers(resource, f"arn:{partition}:iam::{account}:role/*")


def _limits_service(path: JsonPath, statement: dict[str, Any]) -> bool:
    return any(
        entry.key.lower() == PASSED_TO_SERVICE and entry.operator.base != "Null"
        for entry in conditions(path, statement)
    )


RULE = Rule(
    id="IAM005",
    title="iam:PassRole on any role or to any service",
    rationale=(
        "Passing a role hands its permissions to a service. PassRole on '*' (or role/*) lets "
        "the holder pass any role, including administrator roles, to a job it controls; without "
        "iam:PassedToService the role may go to any service, such as a Lambda function that "
        "runs arbitrary code. Both are privilege escalation paths."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    bad='{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}',
    good=(
        '{"Effect": "Allow", "Action": "iam:PassRole", '
        '"Resource": "arn:aws:iam::111122223333:role/mlgov/compute", '
        '"Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}'
    ),
)

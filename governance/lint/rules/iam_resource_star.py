"""IAM004: Resource "*" on actions that could be limited to named resources."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.findings import JsonPath, Severity
from governance.iam.analysis.actions import (
    access_level,
    action_entries,
    by_power,
    capped,
    known_actions,
    resource_scopable,
)
from governance.iam.analysis.conditions import conditions, key_type
from governance.iam.analysis.statement import PolicyUnderTest, is_allow, resource_is_star
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

# Keys that pick resources: a grant on "*" limited by one of them is already resource-scoped
# (checkov's condition-blind checks are a known source of false positives).
RESOURCE_SCOPING_KEYS = frozenset(
    {"aws:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths"}
)


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        if not is_allow(statement) or not resource_is_star(statement):
            continue
        if _scoped_by_condition(path, statement, ctx):
            continue
        items = action_entries(path, statement, ctx.catalog)
        if any(item.everything for item in items):
            continue  # IAM002 reports it; listing 20,000 actions would help nobody
        restrictable = [a for a in known_actions(items) if resource_scopable(ctx.catalog, a)]
        if restrictable:
            yield _hit(policy, (*path, "Resource"), by_power(ctx.catalog, restrictable), ctx)


def _scoped_by_condition(path: JsonPath, statement: dict[str, Any], ctx: LintContext) -> bool:
    for entry in conditions(path, statement):
        key = entry.key.lower()
        if "resourcetag/" in key or key in RESOURCE_SCOPING_KEYS:
            return True
        if not key.startswith("aws:") and key_type(ctx.catalog, key) in ("ARN", "ArrayOfARN"):
            return True
    return False


def _hit(policy: PolicyUnderTest, where: JsonPath, actions: list[str], ctx: LintContext) -> Hit:
    named = [f"{a} ({access_level(ctx.catalog, a)})" for a in actions]
    verb = "supports" if len(named) == 1 else "support"
    being = "is" if len(named) == 1 else "are"
    return Hit(
        policy.doc,
        where,
        f"{capped(named)} {verb} resource-level permissions but {being} granted on '*'",
        "name the resources' ARNs (wildcards such as training-job/team-a-* work), or limit the "
        "statement with a resource tag condition; actions that only work on '*' may stay in a "
        "statement of their own",
    )


RULE = Rule(
    id="IAM004",
    title="Resource is a wildcard for actions that support resource-level permissions",
    rationale=(
        "An action that IAM can limit to named resources, granted on '*', works on every such "
        "resource in the account: every endpoint, every bucket. Actions IAM cannot limit "
        "(ListTrainingJobs, GetAuthorizationToken, PutMetricData) need '*' and are not reported; "
        "neither are statements limited by a resource tag or another resource-naming condition."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad='{"Effect": "Allow", "Action": ["sagemaker:DeleteEndpoint"], "Resource": "*"}',
    good=(
        '{"Effect": "Allow", "Action": ["sagemaker:DeleteEndpoint"], '
        '"Resource": "arn:aws:sagemaker:eu-west-1:111122223333:endpoint/team-a-*"}'
    ),
)

"""IAM004: Resource "*" on actions that could be limited to named resources."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from governance.findings import JsonPath, Severity
from governance.iam.actiondata import ActionCatalog
from governance.iam.analysis.actions import (
    ActionEntry,
    access_level,
    action_entries,
    by_power,
    capped,
    known_actions,
    resource_scopable,
)
from governance.iam.analysis.arns import arn_problem, every_resource_of
from governance.iam.analysis.conditions import ConditionEntry, conditions, key_type
from governance.iam.analysis.evaluation import key_available, never_matches
from governance.iam.analysis.statement import (
    Entry,
    PolicyUnderTest,
    entries,
    is_allow,
    resource_is_star,
)
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

# Keys that pick resources: a grant on "*" limited by one of them is already resource-scoped
# (checkov's condition-blind checks are a known source of false positives).
RESOURCE_SCOPING_KEYS = frozenset(
    {"aws:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths"}
)


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        if not is_allow(statement) or "Resource" not in statement:
            continue
        star = resource_is_star(statement)
        wide = [] if star else [e for e in entries(path, statement, "Resource") if _wide(e.text)]
        if not star and not wide:
            continue  # named resources in a named region and account: nothing to say (fast)
        items = action_entries(path, statement, ctx.catalog)
        if any(item.everything for item in items):
            continue  # IAM002 reports it; listing 20,000 actions would help nobody
        restrictable = _restrictable(path, statement, items, ctx)
        if not restrictable:
            continue
        if star:
            yield _hit(policy, (*path, "Resource"), by_power(ctx.catalog, restrictable), ctx)
            continue
        for entry in wide:
            yield from _effectively_star(policy, entry, restrictable, ctx)


def _wide(resource: str) -> bool:
    """An ARN whose region and account are wildcards or empty: it may name every resource of
    a type (IAM009 reports malformed ones)."""
    fields = resource.split(":", 5)
    if resource == "*" or len(fields) < 6 or arn_problem(resource):
        return False
    return not any(set(fields[i]) - {"*"} for i in (3, 4))


def _restrictable(
    path: JsonPath, statement: dict[str, Any], items: list[ActionEntry], ctx: LintContext
) -> list[str]:
    """The statement's actions IAM could limit to named resources and nothing limits yet."""
    tests = list(conditions(path, statement))
    if not tests:  # the common case, and the same action lists recur: worked out once
        return list(_scopable(ctx.catalog, tuple(known_actions(items))))
    scoping = _scoping_tests(tests, ctx)
    return [
        a
        for a in known_actions(items)
        if resource_scopable(ctx.catalog, a)
        and not _scoped(a, scoping, ctx)
        and never_matches(ctx.catalog, a, tests, ctx.today) is None  # IAM026's
    ]


def _effectively_star(
    policy: PolicyUnderTest, entry: Entry, actions: list[str], ctx: LintContext
) -> Iterator[Hit]:
    """An ARN that names every resource of an action's type in every region and account."""
    covered = [a for a in actions if _every(ctx, a, entry.text)]
    if not covered:
        return
    named = [f"{a} ({access_level(ctx.catalog, a)})" for a in by_power(ctx.catalog, covered)]
    yield Hit(
        policy.doc,
        entry.path,
        f"'{entry.text}' names every resource of its type in every region and account: "
        f"effectively '*' for {capped(named)}",
        "name the region, the account and the resources (wildcards such as endpoint/team-a-* work)",
    )


def _every(ctx: LintContext, action: str, resource: str) -> bool:
    return any(every_resource_of(resource, f) for f in ctx.catalog.resource_arns(action))


@lru_cache(maxsize=1024)
def _scopable(catalog: ActionCatalog, actions: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(a for a in actions if resource_scopable(catalog, a))


def _scoping_tests(tests: list[ConditionEntry], ctx: LintContext) -> list[ConditionEntry]:
    """The condition's tests on keys that pick resources (tags, resource account, ARNs)."""
    return [entry for entry in tests if _picks_resources(entry.key, ctx)]


def _picks_resources(key: str, ctx: LintContext) -> bool:
    lowered = key.lower()
    if "resourcetag/" in lowered or lowered in RESOURCE_SCOPING_KEYS:
        return True
    return not lowered.startswith("aws:") and key_type(ctx.catalog, key) in ("ARN", "ArrayOfARN")


def _scoped(action: str, tests: list[ConditionEntry], ctx: LintContext) -> bool:
    """A test scopes the action only if its requests carry the key: for an action without it,
    IAM treats the key as absent, so the test restricts nothing."""
    return any(key_available(ctx.catalog, action, t.key) for t in tests)


def _hit(policy: PolicyUnderTest, where: JsonPath, actions: list[str], ctx: LintContext) -> Hit:
    named = [f"{a} ({access_level(ctx.catalog, a)})" for a in actions]
    details = (("actions", tuple(actions)),)
    verb = "supports" if len(named) == 1 else "support"
    being = "is" if len(named) == 1 else "are"
    return Hit(
        policy.doc,
        where,
        f"{capped(named)} {verb} resource-level permissions but {being} granted on '*'",
        "name the resources' ARNs (wildcards such as training-job/team-a-* work), or limit the "
        "statement with a resource tag condition; actions that only work on '*' may stay in a "
        "statement of their own",
        details=details,
    )


RULE = Rule(
    id="IAM004",
    title="Resource is a wildcard for actions that support resource-level permissions",
    rationale=(
        "An action that IAM can limit to named resources, granted on '*', works on every such "
        "resource in the account: every endpoint, every bucket. So does an ARN that names every "
        "resource of the type in every region and account (`arn:*:cloudtrail:*:*:trail/*`, "
        "`arn:aws:s3:::*/*`, `arn:*:*:*:*:*`): it is '*' in effect. Actions IAM cannot limit "
        "(ListTrainingJobs, GetAuthorizationToken, PutMetricData) need '*' and are not reported; "
        "neither are actions limited by a resource tag or another resource-naming condition key "
        "they support (a key an action does not support is absent, and restricts nothing)."
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

"""IAM006: a service condition key that some of the statement's actions do not support."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.actions import ActionEntry, action_entries, capped
from governance.iam.analysis.conditions import (
    ConditionEntry,
    action_supports_key,
    conditions,
    deprecated_key,
    is_global_key,
)
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        every = action_entries(path, statement, ctx.catalog)
        items = [item for item in every if item.actions]
        if not items or any(item.everything for item in every):
            continue  # no known action, or every action: nothing to compare with
        for entry in conditions(path, statement):
            if _exempt(entry, ctx):
                continue
            missing = [i.text for i in items if not _supports(i, entry.key, ctx)]
            if missing:
                yield _hit(policy, entry, missing)


def _exempt(entry: ConditionEntry, ctx: LintContext) -> bool:
    # Global keys apply to every action. ...IfExists and Null are written for absent keys.
    # A deprecated key is IAM007's, whose hint names the replacement.
    if is_global_key(entry.key) or entry.operator.if_exists or entry.operator.base == "Null":
        return True
    return deprecated_key(ctx.catalog, entry.key)[0]


def _supports(item: ActionEntry, key: str, ctx: LintContext) -> bool:
    # A wildcard entry is taken as the user meant it: the key filters among its matches, so
    # it is supported when any match supports it.
    return any(action_supports_key(ctx.catalog, action, key) for action in item.actions)


def _hit(policy: PolicyUnderTest, entry: ConditionEntry, missing: list[str]) -> Hit:
    them = "that action" if len(missing) == 1 else "those actions"
    return Hit(
        policy.doc,
        entry.path,
        f"condition key '{entry.key}' is not supported by {capped(missing)}: IAM treats it as "
        f"absent for {them}, so the '{entry.operator.text}' test cannot work there",
        "move those actions to a statement of their own, or use the ...IfExists form of the "
        "operator if the condition should apply only where the key exists",
        at_key=True,
    )


RULE = Rule(
    id="IAM006",
    title="Condition key not supported by the statement's actions",
    rationale=(
        "IAM evaluates a condition key an action does not support as absent. For most operators "
        "the condition is then false, so an Allow silently grants nothing for that action and a "
        "Deny protects nothing. Global aws: keys are not checked; service keys are compared with "
        "the keys the IAM data lists for each action and its resource types."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*", '
        '"Condition": {"StringEquals": {"sagemaker:NetworkIsolation": "true"}}}'
    ),
    good=(
        '{"Effect": "Allow", "Action": ["sagemaker:CreateTrainingJob"], "Resource": "*", '
        '"Condition": {"Bool": {"sagemaker:NetworkIsolation": "true"}}}'
    ),
)

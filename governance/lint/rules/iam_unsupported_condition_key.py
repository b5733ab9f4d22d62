"""IAM006: a condition key that some of the statement's actions do not support, where that makes
the test restrict nothing (or, in a Deny, protect nothing). An Allow that it makes grant nothing
is IAM026's, an error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.findings import Severity
from governance.iam.analysis.actions import ActionEntry, action_entries, capped
from governance.iam.analysis.conditions import ConditionEntry, conditions, deprecated_key
from governance.iam.analysis.evaluation import TAG_KEY_PREFIXES, clause_without_key, key_available
from governance.iam.analysis.statement import PolicyUnderTest, is_allow
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        every = action_entries(path, statement, ctx.catalog)
        items = [item for item in every if item.actions]
        if not items or any(item.everything for item in every):
            continue  # no known action, or every action: nothing to compare with
        for entry in conditions(path, statement):
            if _exempt(entry, statement, ctx):
                continue
            missing = [i.text for i in items if not _supports(i, entry.key, ctx)]
            if missing:
                yield _hit(policy, entry, missing, is_allow(statement))


def _exempt(entry: ConditionEntry, statement: dict[str, Any], ctx: LintContext) -> bool:
    # Global keys apply to every action, but for the tag keys, which the data lists per action.
    # ...IfExists and Null are written for absent keys. A deprecated key is IAM007's, whose
    # hint names the replacement; an unknown operator IAM023's. An Allow that the absent key
    # makes false grants nothing there: IAM026 says so.
    key = entry.key.lower()
    if key.startswith("aws:") and not key.startswith(TAG_KEY_PREFIXES):
        return True
    operator = entry.operator
    if not operator.known or operator.if_exists or operator.base == "Null":
        return True
    if is_allow(statement) and not clause_without_key(entry):
        return True
    return deprecated_key(ctx.catalog, entry.key)[0]


def _supports(item: ActionEntry, key: str, ctx: LintContext) -> bool:
    # A wildcard entry is taken as the user meant it: the key filters among its matches, so
    # it is supported when any match supports it.
    return any(key_available(ctx.catalog, action, key) for action in item.actions)


def _hit(policy: PolicyUnderTest, entry: ConditionEntry, missing: list[str], allow: bool) -> Hit:
    them = "that action" if len(missing) == 1 else "those actions"
    if allow:  # the test is true without the key
        effect = f"so the '{entry.operator.text}' test is always true and restricts nothing there"
    elif clause_without_key(entry):
        effect = f"so the '{entry.operator.text}' test is always true and this Deny always applies"
    else:
        effect = f"so the '{entry.operator.text}' test is false and this Deny never applies"
    return Hit(
        policy.doc,
        entry.path,
        f"condition key '{entry.key}' is not supported by {capped(missing)}: IAM treats it as "
        f"absent for {them}, {effect}",
        "move those actions to a statement of their own, or use the ...IfExists form of the "
        "operator if the condition should apply only where the key exists",
        at_key=True,
    )


RULE = Rule(
    id="IAM006",
    title="Condition key not supported by the statement's actions",
    rationale=(
        "IAM evaluates a condition key an action does not support as absent. A negated test "
        "(StringNotEquals, ArnNotLike) or a ForAllValues test is then true, so it restricts "
        "nothing for that action; in a Deny, a positive test is false, so the Deny protects "
        "nothing. (An Allow it makes false grants nothing: IAM026.) Global aws: keys are not "
        "checked, except the tag keys; service keys and tag keys are compared with the keys "
        "the IAM data lists for each action and its resource types."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Deny", "Action": ["s3:GetObject"], "Resource": "*", '
        '"Condition": {"StringEquals": {"sagemaker:NetworkIsolation": "true"}}}'
    ),
    good=(
        '{"Effect": "Deny", "Action": ["sagemaker:CreateTrainingJob"], "Resource": "*", '
        '"Condition": {"Bool": {"sagemaker:NetworkIsolation": "false"}}}'
    ),
)

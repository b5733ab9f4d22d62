"""Whether a statement's condition can ever be true for an action: the tests IAM evaluates on a
key the request never carries, on a time that has passed, or on values of the wrong form.

A key the action does not support is absent from every request for it, so IAM evaluates the
test as it evaluates any absent key: false, except for the "Not" operators, `...IfExists`,
`ForAllValues:` and `Null: true`. A condition that is false for an action means an Allow never
grants that action, and a Deny never removes it. Global `aws:` keys are taken to be present,
except the tag keys (`aws:RequestTag/…`, `aws:ResourceTag/…`, `aws:TagKeys`), which the IAM
data lists per action and resource type like service keys."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from governance.iam.actiondata import ActionCatalog
from governance.iam.analysis.conditions import ConditionEntry, action_supports_key
from governance.iam.analysis.values import parse_date, value_problem

__all__ = ["Never", "clause_without_key", "key_available", "never_matches"]

TAG_KEY_PREFIXES = ("aws:requesttag/", "aws:resourcetag/", "aws:tagkeys")
# Times that only grow: a "before" test on a past instant can never be true again. Temporary
# credentials live at most 36 hours (GetSessionToken, GetFederationToken), so a token issued
# before that instant is no longer in use.
CLOCK_KEYS = {"aws:currenttime": datetime.timedelta(0), "aws:epochtime": datetime.timedelta(0)}
CLOCK_KEYS["aws:tokenissuetime"] = datetime.timedelta(hours=36)
BEFORE = frozenset({"DateLessThan", "DateLessThanEquals", "DateEquals"})

Reason = Literal["absent", "expired", "invalid"]


@dataclass(frozen=True)
class Never:
    """Why the condition is false for an action: which test, and what makes it so."""

    entry: ConditionEntry
    reason: Reason
    detail: str


@cache
def key_available(catalog: ActionCatalog, action: str, key: str) -> bool:
    """Whether a request for `action` can carry `key` at all."""
    lowered = key.lower()
    if lowered.startswith("aws:") and not lowered.startswith(TAG_KEY_PREFIXES):
        return True
    return action_supports_key(catalog, action, key)


def clause_without_key(entry: ConditionEntry) -> bool:
    """What the test gives for a request that lacks its key."""
    if entry.operator.base == "Null":
        return any(str(v).lower() == "true" for _, v in entry.values())
    return entry.operator.holds_without_key()


def never_matches(
    catalog: ActionCatalog,
    action: str,
    entries: Iterable[ConditionEntry],
    today: datetime.date,
) -> Never | None:
    """The first test of the condition that is false for every request for `action`, or None
    when the condition can be true. Unknown operators are left to the rule that reports them."""
    for entry in entries:
        if not entry.operator.known:
            continue
        if not key_available(catalog, action, entry.key):
            if not clause_without_key(entry):
                return Never(entry, "absent", f"{action} has no '{entry.key}'")
            continue
        found = _expired(entry, today) or _invalid(entry)
        if found is not None:
            return found
    return None


def _expired(entry: ConditionEntry, today: datetime.date) -> Never | None:
    operator = entry.operator
    margin = CLOCK_KEYS.get(entry.key.lower())
    if margin is None or operator.base not in BEFORE or operator.qualifier:
        return None
    if operator.if_exists and entry.key.lower() == "aws:tokenissuetime":
        return None  # long-term credentials have no token: IfExists lets them through
    instants = [_instant(v) for _, v in entry.values()]
    cutoff = datetime.datetime.combine(today, datetime.time.min, datetime.UTC) - margin
    if not instants or any(i is None or i >= cutoff for i in instants):
        return None
    latest = max(i for i in instants if i is not None)
    return Never(entry, "expired", f"'{entry.key}' is after {latest.date().isoformat()} by now")


def _instant(value: object) -> datetime.datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    return parse_date(value)


def _invalid(entry: ConditionEntry) -> Never | None:
    operator = entry.operator
    if operator.negated or operator.if_exists or operator.qualifier == "ForAllValues":
        return None  # a value that never matches makes these true, not false
    values = entry.values()
    problems = [value_problem(operator.family, v) for _, v in values]
    if values and all(problems):
        return Never(entry, "invalid", str(problems[0]))
    return None

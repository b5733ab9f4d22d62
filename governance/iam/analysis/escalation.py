"""Privilege-escalation analysis: which known methods a set of policies allows together (lint
rules IAM020 for a role, IAM021 for one policy file, and the review read it)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from governance.iam.actiondata import ActionCatalog
from governance.iam.analysis.escalation_methods import METHODS, RELEVANT, Method
from governance.iam.analysis.grants import Grant, Grants, collect
from governance.iam.analysis.statement import PolicyUnderTest


@dataclass(frozen=True)
class Escalation:
    method: Method
    grant: Grant  # where the key action is granted


@dataclass(frozen=True)
class _Plan:
    """A method with its action names lower-cased once, as the grants are keyed."""

    method: Method
    key: str
    targets: tuple[str, ...]  # besides the key
    others: tuple[str, ...]
    together: tuple[str, ...]


PLANS = tuple(
    _Plan(
        m,
        m.key_action.lower(),
        tuple(a.lower() for a in m.targets[1:]),
        tuple(a.lower() for a in m.others),
        tuple(a.lower() for a in m.together),
    )
    for m in METHODS
)


BY_KEY: dict[str, tuple[int, ...]] = {}
for _index, _plan in enumerate(PLANS):
    BY_KEY[_plan.key] = (*BY_KEY.get(_plan.key, ()), _index)


def find(
    policies: Iterable[PolicyUnderTest],
    data: ActionCatalog | None = None,
    today: datetime.date | None = None,
) -> list[Escalation]:
    """Every method the policies together allow, in the order of METHODS. The grants are
    collected once; each method is then a handful of dictionary look-ups."""
    grants = collect(policies, RELEVANT, data, today)
    # The actions granted at all and broadly, despite every Deny: a policy granting `*` gives
    # every method its key action, and each is then first tested by two set inclusions.
    granted = frozenset(grants.allows) - grants.denied
    broad = frozenset(grants.broad_allows) - grants.denied
    found = []
    wanted = sorted(i for key in grants.allows for i in BY_KEY.get(key, ()))
    for plan in (PLANS[i] for i in wanted):  # only the methods whose key action is granted
        # The actions besides the key are there: the cheap test, made before the key's.
        if not (broad.issuperset(plan.targets) and granted.issuperset(plan.others)):
            continue
        keys = _key_grants(plan, grants)
        if plan.together:
            keys = [k for k in keys if _together(plan, grants, k)]
        if keys:
            found.append(Escalation(plan.method, keys[0]))
    return found


def _key_grants(plan: _Plan, grants: Grants) -> list[Grant]:
    method = plan.method
    if method.passed_to:
        return grants.pass_role(method.passed_to)
    if method.reach == "any":
        return grants.granted(plan.key)
    if method.reach == "customer-policy":
        return [g for g in grants.granted(plan.key) if g.may_reach_customer_policy()]
    return grants.broad(plan.key)


def _together(plan: _Plan, grants: Grants, key: Grant) -> bool:
    """Each `together` action is granted on a resource the key grant names as well."""
    return all(any(g.overlaps(key) for g in grants.granted(a)) for a in plan.together)

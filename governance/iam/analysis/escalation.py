"""Privilege-escalation analysis: which known methods a set of policies allows together (lint
rules IAM020 for a role, IAM021 for one policy file, and the review read it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


PLANS = tuple(
    _Plan(
        m,
        m.key_action.lower(),
        tuple(a.lower() for a in m.targets[1:]),
        tuple(a.lower() for a in m.others),
    )
    for m in METHODS
)


def find(policies: Iterable[PolicyUnderTest]) -> list[Escalation]:
    """Every method the policies together allow, in the order of METHODS. The grants are
    collected once; each method is then a handful of dictionary look-ups."""
    grants = collect(policies, RELEVANT)
    found = []
    for plan in PLANS:
        if plan.key not in grants.allows:
            continue
        keys = _key_grants(plan, grants)
        if keys and _complete(plan, grants):
            found.append(Escalation(plan.method, keys[0]))
    return found


def _key_grants(plan: _Plan, grants: Grants) -> list[Grant]:
    if plan.method.passed_to:
        return grants.pass_role(plan.method.passed_to)
    return grants.broad(plan.key)


def _complete(plan: _Plan, grants: Grants) -> bool:
    return all(grants.broad(a) for a in plan.targets) and all(
        grants.granted(a) for a in plan.others
    )

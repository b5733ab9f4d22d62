"""Privilege-escalation analysis shared by IAM020 (a role: all its policies together) and
IAM021 (one policy file alone)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from governance.findings import JsonPath
from governance.lint.context import PolicyUnderTest
from governance.lint.escalation_methods import METHODS, PASS_ROLE, RELEVANT, Method
from governance.lint.grants import Grant, Grants, collect
from governance.lint.rule import Hit

LISTED = 5  # methods named in one message; `Action: "*"` matches all 59


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


def hits(found: list[Escalation]) -> Iterator[Hit]:
    """One hit per place: methods whose key action is granted by the same Action item share
    it (the engine keeps one finding per rule and position), and its message names them all."""
    places: dict[tuple[str, JsonPath], list[Escalation]] = {}
    for item in found:
        places.setdefault((item.grant.policy.doc.path, item.grant.path), []).append(item)
    for items in places.values():
        grant = items[0].grant
        yield Hit(grant.policy.doc, grant.path, _message(items), _hint(items))


def _describe(method: Method) -> str:
    where = f", pathfinding.cloud {method.pathfinding}" if method.pathfinding else ""
    return f"{method.name} ({' + '.join(method.actions)}{where})"


def _message(items: list[Escalation]) -> str:
    if len(items) == 1:
        return f"privilege escalation: {_describe(items[0].method)}"
    named = "; ".join(_describe(i.method) for i in items[:LISTED])
    more = f"; and {len(items) - LISTED} more" if len(items) > LISTED else ""
    return f"privilege escalation by {len(items)} methods: {named}{more}"


def _hint(items: list[Escalation]) -> str:
    keys = {i.method.key_action for i in items}
    if keys == {PASS_ROLE}:
        return (
            "grant iam:PassRole only on the specific role ARNs to pass, with a StringEquals "
            "iam:PassedToService condition (a persona's compute_role does exactly this)"
        )
    if len(keys) > 1:
        return (
            "this one item grants the key action of each method: list the actions the role "
            "needs, on resources it owns, instead of a wildcard"
        )
    key = keys.pop()
    return (
        f"scope {key} to resources this role owns instead of a wildcard, add a condition that "
        "narrows its targets (e.g. iam:PermissionsBoundary), or drop it"
    )

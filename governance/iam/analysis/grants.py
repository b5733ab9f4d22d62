"""What a set of identity policies grants of a few actions of interest, and how broadly.

Only the actions asked about are looked at, never a wildcard's full expansion, so `Action: "*"`
costs the same as one action. Resources and conditions count where they narrow whom or what an
action reaches: a grant is *broad* when an Allow covers every resource of the action's kind
(`*`, `role/*`, NotResource) and no condition narrows the targets (permissions boundary,
policy ARN, resource tags). iam:PassRole keeps its iam:PassedToService tests, so that passing
to one service does not count as passing to another. A Deny removes an action only when it
surely applies: all resources and no condition, or, for PassRole, only PassedToService tests.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from governance.findings import JsonPath
from governance.iam.analysis.statement import PolicyUnderTest, as_list

PASS_ROLE = "iam:passrole"
PASSED_TO_SERVICE = "iam:passedtoservice"

# Condition keys that narrow which existing resources an action reaches (lower case).
NARROWING_KEYS = ("iam:permissionsboundary", "iam:policyarn")
NARROWING_KEY_PATTERN = re.compile(r"^[a-z0-9-]+:resourcetag/")

POSITIVE = {"stringequals", "stringlike", "stringequalsignorecase", "arnequals", "arnlike"}
NEGATIVE = {"stringnotequals", "stringnotlike", "stringnotequalsignorecase"}
NEGATIVE |= {"arnnotequals", "arnnotlike"}
Clause = tuple[str, str, list[Any]]  # (operator, key, values) of a Condition
# IAM resource types an IAM action can target; for other services any type token is accepted.
IAM_TYPES = ("role", "user", "group", "policy", "instance-profile", "mfa", "saml-provider")


@dataclass(frozen=True)
class ServiceTest:
    """One iam:PassedToService test of a condition block."""

    negated: bool
    like: bool  # *Like operators match patterns; *Equals compare literally
    values: tuple[str, ...]

    def holds(self, principal: str) -> bool:
        principal = principal.lower()
        if self.like:
            hit = any(fnmatch.fnmatchcase(principal, v.lower()) for v in self.values)
        else:
            hit = principal in (v.lower() for v in self.values)
        return hit != self.negated


@dataclass(frozen=True)
class Grant:
    policy: PolicyUnderTest
    path: JsonPath  # the Action item (or NotAction) that grants the action
    broad: bool  # every resource of its kind, nothing narrowing the targets
    service_tests: tuple[ServiceTest, ...] = ()

    def passes_to(self, principals: Iterable[str]) -> bool:
        """Whether a PassRole grant lets the role go to one of these service principals."""
        return any(all(t.holds(p) for t in self.service_tests) for p in principals)


@dataclass
class Grants:
    """Every Allow of the actions of interest, in policy and statement order, and the Denies
    that surely remove them."""

    allows: dict[str, list[Grant]] = field(default_factory=dict)
    broad_allows: dict[str, list[Grant]] = field(default_factory=dict)  # the broad ones
    denied: set[str] = field(default_factory=set)
    pass_role_denies: list[tuple[ServiceTest, ...]] = field(default_factory=list)
    _passing: dict[tuple[str, ...], list[Grant]] = field(default_factory=dict, repr=False)

    def add(self, action: str, grant: Grant) -> None:
        self.allows.setdefault(action, []).append(grant)
        if grant.broad:
            self.broad_allows.setdefault(action, []).append(grant)

    def granted(self, action: str) -> list[Grant]:
        """All grants of an action (any resource, any condition), unless a Deny removes it."""
        return [] if action in self.denied else self.allows.get(action, [])

    def broad(self, action: str) -> list[Grant]:
        return [] if action in self.denied else self.broad_allows.get(action, [])

    def pass_role(self, principals: tuple[str, ...]) -> list[Grant]:
        """Broad PassRole grants that reach one of these principals despite every Deny.
        Many methods pass to the same service: each answer is worked out once."""
        if principals not in self._passing:
            open_to = [p for p in principals if not self._pass_denied(p)]
            found = [g for g in self.broad(PASS_ROLE) if g.passes_to(open_to)]
            self._passing[principals] = found
        return self._passing[principals]

    def _pass_denied(self, principal: str) -> bool:
        return any(all(t.holds(principal) for t in tests) for tests in self.pass_role_denies)


def collect(policies: Iterable[PolicyUnderTest], actions: frozenset[str]) -> Grants:
    """The grants of `actions` (lower-case `service:action` names) across all the policies."""
    grants = Grants()
    for policy in policies:
        for path, statement in policy.statements():
            if "Principal" in statement or "NotPrincipal" in statement:
                continue  # a resource policy statement grants to others, not to this role
            effect = statement.get("Effect")
            if effect == "Allow":
                _add_allow(grants, policy, path, statement, actions)
            elif effect == "Deny":
                _add_deny(grants, statement, actions)
    return grants


def _add_allow(
    grants: Grants,
    policy: PolicyUnderTest,
    path: JsonPath,
    statement: dict[str, Any],
    actions: frozenset[str],
) -> None:
    clauses = conditions(statement)
    narrowed = _narrows(clauses)
    tests = _service_tests(clauses)
    by_service: dict[str, bool] = {}  # resources are broad or not for a whole service
    made: dict[tuple[JsonPath, bool, bool], Grant] = {}  # `*` grants 67 actions: one Grant
    for action, where in matched_actions(statement, path, actions):
        service = action.partition(":")[0]
        if service not in by_service:
            by_service[service] = not narrowed and _broad_resources(statement, service)
        key = (where, by_service[service], action == PASS_ROLE)
        if key not in made:
            made[key] = Grant(policy, where, key[1], tests if key[2] else ())
        grants.add(action, made[key])


def _add_deny(grants: Grants, statement: dict[str, Any], actions: frozenset[str]) -> None:
    if "NotResource" in statement or "*" not in as_list(statement.get("Resource")):
        return  # denies some resources only; the rest may still be granted
    clauses = conditions(statement)
    for action, _ in matched_actions(statement, (), actions):
        if not clauses:
            grants.denied.add(action)
        elif action == PASS_ROLE and _only_service_tests(clauses):
            grants.pass_role_denies.append(_service_tests(clauses))


def matched_actions(
    statement: dict[str, Any], path: JsonPath, actions: frozenset[str]
) -> Iterator[tuple[str, JsonPath]]:
    """Each action of interest the statement names, with the path of the item naming it (or
    of NotAction). An action named twice is given once, at its first item."""
    if "Action" in statement:
        value = statement["Action"]
        seen: set[str] = set()
        for index, item in enumerate(as_list(value)):
            where = (*path, "Action", index) if isinstance(value, list) else (*path, "Action")
            for action in _matching(item, actions) - seen:
                seen.add(action)
                yield action, where
    elif "NotAction" in statement:
        excluded: set[str] = set()
        for item in as_list(statement["NotAction"]):
            excluded.update(_matching(item, actions))
        for action in sorted(actions - excluded):
            yield action, (*path, "NotAction")


def _matching(item: object, actions: frozenset[str]) -> frozenset[str]:
    return _matching_pattern(item.lower(), actions) if isinstance(item, str) else frozenset()


@lru_cache(maxsize=4096)  # bounded: patterns and ARNs come from the input
def _matching_pattern(pattern: str, actions: frozenset[str]) -> frozenset[str]:
    """The actions of interest a lower-cased Action item matches. Cached: policies repeat
    their patterns, and a pattern of another service is dismissed without matching."""
    if pattern in ("*", "*:*"):  # the full wildcard: every action, without pattern matching
        return actions
    if "*" not in pattern and "?" not in pattern:
        return frozenset({pattern}) & actions
    service = pattern.partition(":")[0]
    if "*" not in service and "?" not in service:
        actions = frozenset(a for a in actions if a.startswith(service + ":"))
    return frozenset(a for a in actions if fnmatch.fnmatchcase(a, pattern))


def conditions(statement: dict[str, Any]) -> list[Clause]:
    """(operator, key, values), operator and key lower-cased, of a well-formed Condition."""
    raw = statement.get("Condition")
    if not isinstance(raw, dict):
        return []
    out = []
    for operator, keys in raw.items():
        if isinstance(keys, dict):
            for key, values in keys.items():
                out.append((str(operator).lower(), str(key).lower(), as_list(values)))
    return out


def base_operator(operator: str) -> tuple[str, bool]:
    """The operator without set prefix and IfExists suffix, and whether IfExists was there."""
    base = operator.split(":", 1)[1] if ":" in operator else operator
    if base.endswith("ifexists"):
        return base[: -len("ifexists")], True
    return base, False


def _narrows(clauses: list[Clause]) -> bool:
    """A positive test of named values on a key naming the target (its boundary, the policy
    attached, its tags) limits an action to some existing resources. A wildcard value
    (`policy/*`) names no one, and IfExists lets the untagged through."""
    for operator, key, values in clauses:
        base, if_exists = base_operator(operator)
        if base not in POSITIVE or if_exists:
            continue
        if not (key in NARROWING_KEYS or NARROWING_KEY_PATTERN.match(key)):
            continue
        if values and all(isinstance(v, str) and v and not _wild(v) for v in values):
            return True
    return False


def _wild(value: str) -> bool:
    return "*" in value or "?" in value


def _service_tests(clauses: list[Clause]) -> tuple[ServiceTest, ...]:
    tests = []
    for operator, key, values in clauses:
        base, _ = base_operator(operator)  # the key is always present on PassRole
        if key != PASSED_TO_SERVICE or base not in POSITIVE | NEGATIVE:
            continue
        strings = tuple(v for v in values if isinstance(v, str))
        tests.append(ServiceTest(base in NEGATIVE, "like" in base, strings))
    return tuple(tests)


def _only_service_tests(clauses: list[Clause]) -> bool:
    return all(
        key == PASSED_TO_SERVICE and base_operator(op)[0] in POSITIVE | NEGATIVE
        for op, key, _ in clauses
    )


def _broad_resources(statement: dict[str, Any], service: str) -> bool:
    if "NotResource" in statement:  # everything but a few: broad unless it excludes all
        return "*" not in as_list(statement["NotResource"])
    return any(broad_resource(r, service) for r in as_list(statement.get("Resource")))


def broad_resource(resource: object, service: str) -> bool:
    """Whether a Resource item covers every resource of its kind: `*`, or an ARN of the
    action's service whose resource part is a type followed by wildcards only (`role/*`,
    `function:*`). `role/mlgov/*` or `function:team-a-*` is a scope, not broad."""
    if not isinstance(resource, str):
        return False
    return _broad_resource(resource, service)


@lru_cache(maxsize=4096)  # bounded: patterns and ARNs come from the input
def _broad_resource(resource: str, service: str) -> bool:
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    if parts[0] != "arn":
        return False
    if len(parts) > 2 and not fnmatch.fnmatchcase(service, parts[2].lower()):
        return False  # another service's resources: nothing this action reaches
    if len(parts) < 6:  # `arn:aws:iam::*`: a trailing wildcard spans the missing parts
        return resource.endswith("*")
    kind = re.match(r"[A-Za-z0-9_-]*", parts[5])
    token = kind.group(0) if kind else ""
    rest = parts[5][len(token) :]
    if not rest or set(rest) - set("*?/:") or "*" not in rest:
        return False
    # IAM ARNs name their type (`role/`, `user/`, `policy/`); a token naming no IAM type (a
    # typo) covers nothing. Other services' type names vary too much to check.
    return service != "iam" or not token or any(t.startswith(token.lower()) for t in IAM_TYPES)

"""What a set of identity policies grants of a few actions of interest, and how broadly.

Only the actions asked about are looked at, never a wildcard's full expansion, so `Action: "*"`
costs the same as one action. Resources and conditions count where they narrow whom or what an
action reaches: a grant is *broad* when an Allow covers every resource of the action's kind
(`*`, `role/*`, NotResource) and no condition narrows the targets (permissions boundary,
policy ARN, resource tags). iam:PassRole keeps its iam:PassedToService tests, so that passing
to one service does not count as passing to another. A Deny removes an action only when it
surely applies: all resources and no condition, or, for PassRole, only PassedToService tests.
An Allow whose condition can never be true for an action (a key the action never has, a time
that has passed, a value of the wrong form) does not grant it (evaluation.py).
"""

from __future__ import annotations

import datetime
import fnmatch
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from governance.findings import JsonPath
from governance.iam.actiondata import ActionCatalog, catalog
from governance.iam.analysis import conditions as condition_entries
from governance.iam.analysis.arns import arn_format_glob
from governance.iam.analysis.evaluation import never_matches
from governance.iam.analysis.globs import glob_covers, globs_overlap
from governance.iam.analysis.reach import acts_on
from governance.iam.analysis.statement import PolicyUnderTest, as_list

PASS_ROLE = "iam:passrole"
PASSED_TO_SERVICE = "iam:passedtoservice"

# Condition keys that narrow which existing resources an action reaches (lower case).
NARROWING_KEYS = ("iam:permissionsboundary", "iam:policyarn")
NARROWING_KEY_PATTERN = re.compile(r"^[a-z0-9-]+:resourcetag/")
_VARIABLE = re.compile(r"\$\{[^}]*\}")

POSITIVE = {"stringequals", "stringlike", "stringequalsignorecase", "arnequals", "arnlike"}
NEGATIVE = {"stringnotequals", "stringnotlike", "stringnotequalsignorecase"}
NEGATIVE |= {"arnnotequals", "arnnotlike"}
Clause = tuple[str, str, list[Any]]  # (operator, key, values) of a Condition


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
    resources: tuple[str, ...] | None = ()  # its Resource items; None: NotResource (all but some)

    def passes_to(self, principals: Iterable[str]) -> bool:
        """Whether a PassRole grant lets the role go to one of these service principals."""
        return any(all(t.holds(p) for t in self.service_tests) for p in principals)

    def may_reach_customer_policy(self) -> bool:
        """Whether a resource may be a customer-managed policy: AWS managed policies (account
        `aws`) cannot be changed, any other policy may be attached to the holder."""
        if self.resources is None:
            return True
        return any(_customer_policy(r) for r in self.resources)

    def overlaps(self, other: Grant) -> bool:
        """Whether the two grants may name one resource."""
        if self.resources is None or other.resources is None:
            return True
        return any(_overlap(a, b) for a in self.resources for b in other.resources)


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


@dataclass(frozen=True)
class _Reading:
    """What the analysis reads beside the policies: the IAM data and the day."""

    catalog: ActionCatalog
    today: datetime.date


def collect(
    policies: Iterable[PolicyUnderTest],
    actions: frozenset[str],
    data: ActionCatalog | None = None,
    today: datetime.date | None = None,
) -> Grants:
    """The grants of `actions` (lower-case `service:action` names) across all the policies."""
    grants = Grants()
    reading = _Reading(data or catalog(), today or datetime.date.today())
    for policy in policies:
        for path, statement in policy.statements():
            if "Principal" in statement or "NotPrincipal" in statement:
                continue  # a resource policy statement grants to others, not to this role
            effect = statement.get("Effect")
            if effect == "Allow":
                _add_allow(grants, policy, path, statement, actions, reading)
            elif effect == "Deny":
                _add_deny(grants, statement, actions)
    return grants


def _add_allow(
    grants: Grants,
    policy: PolicyUnderTest,
    path: JsonPath,
    statement: dict[str, Any],
    actions: frozenset[str],
    reading: _Reading,
) -> None:
    clauses = conditions(statement)
    entries = list(condition_entries.conditions(path, statement)) if clauses else []
    narrowed = _narrows(clauses)
    tests = _service_tests(clauses)
    resources = _resource_items(statement)
    # On "*" (or NotResource) an action's resource types do not matter: no IAM data is read.
    everywhere = resources is None or "*" in resources
    broad_everywhere = not narrowed and _broad_resources(statement, ()) if everywhere else False
    by_formats: dict[tuple[str, ...], bool] = {}  # resources are broad or not per ARN formats
    made: dict[tuple[JsonPath, bool, bool], Grant] = {}  # `*` grants 67 actions: one Grant
    for action, where in matched_actions(statement, path, actions):
        if entries and never_matches(reading.catalog, action, entries, reading.today):
            continue  # the condition is never true for this action: no grant
        if everywhere:
            broad = broad_everywhere
        else:
            if not acts_on(reading.catalog, action, list(resources or ())):
                continue  # no resource of the statement is one the action acts on: no grant
            formats = reading.catalog.resource_arns(action)
            if formats not in by_formats:
                by_formats[formats] = not narrowed and _broad_resources(statement, formats)
            broad = by_formats[formats]
        key = (where, broad, action == PASS_ROLE)
        if key not in made:
            made[key] = Grant(policy, where, key[1], tests if key[2] else (), resources)
        grants.add(action, made[key])


def _resource_items(statement: dict[str, Any]) -> tuple[str, ...] | None:
    if "NotResource" in statement:
        return None
    return tuple(r for r in as_list(statement.get("Resource")) if isinstance(r, str))


def _customer_policy(resource: str) -> bool:
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    if len(parts) < 6:
        return resource.endswith("*")
    if not globs_overlap(parts[2], "iam") or parts[4] == "aws":
        return False
    return globs_overlap(parts[5], "policy/*")


def _overlap(a: str, b: str) -> bool:
    return a == "*" or b == "*" or globs_overlap(a, b)


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


def _broad_resources(statement: dict[str, Any], formats: tuple[str, ...]) -> bool:
    if "NotResource" in statement:  # everything but a few: broad unless it excludes all
        return "*" not in as_list(statement["NotResource"])
    return any(
        isinstance(r, str) and _broad_resource(r, formats)
        for r in as_list(statement.get("Resource"))
    )


def broad_resource(resource: object, service: str) -> bool:
    """Whether a Resource item covers every resource of some type of the service: `*`, or an
    ARN whose resource part covers a type's whole ARN format (`role/*`, `function:*`, `*`).
    `role/mlgov/*`, `function:team-a-*` or an S3 `bucket/*` is a scope, not broad."""
    if not isinstance(resource, str):
        return False
    return _broad_resource(resource, _service_formats(service))


@cache
def _service_formats(service: str) -> tuple[str, ...]:
    data = catalog()
    formats = {f for a in data.actions_of(service) for f in data.resource_arns(f"{service}:{a}")}
    return tuple(sorted(formats))


@lru_cache(maxsize=4096)  # bounded: patterns and ARNs come from the input
def _broad_resource(resource: str, formats: tuple[str, ...]) -> bool:
    """Whether the Resource item covers every resource of one of the formats (an action's
    resource types), in any region and account: the grant reaches whatever exists."""
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    if parts[0] != "arn":
        return False
    if len(parts) < 6:  # `arn:aws:iam::*`: a trailing wildcard spans the missing parts
        return resource.endswith("*") and any(_same_service(parts, f) for f in formats)
    ours = _VARIABLE.sub("\x02", parts[5])  # a policy variable is one value, never every one
    return any(
        _same_service(parts, f) and glob_covers(ours, arn_format_glob(f).split(":", 5)[5])
        for f in formats
    )


def _same_service(parts: list[str], arn_format: str) -> bool:
    theirs = arn_format.split(":")
    return len(parts) < 3 or (len(theirs) > 2 and fnmatch.fnmatchcase(theirs[2], parts[2].lower()))

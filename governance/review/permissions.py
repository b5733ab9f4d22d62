"""What a persona's compiled policies allow, action by action: wildcards expanded against the
IAM catalog, so that `sagemaker:Describe*` compares as the concrete actions it grants.

`*` (and NotAction) are kept as one pseudo-action each rather than thousands of names: the
reviewer needs to see "every action", not a list. Deny statements are not subtracted from
the Allows (most are conditional guards, and whether one applies depends on the request); the
actions they name are compared on their own, so a guard removed shows.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from governance.iam.actiondata import catalog
from governance.iam.analysis.statement import as_list

EVERY_ACTION = "*"
UNKNOWN_LEVEL = "Unknown"


@dataclass(frozen=True)
class Access:
    """An action's Resource items across the statements allowing it, and the condition keys
    that restrict every one of those statements (a key on only some of them restricts
    nothing: the others allow the action without it)."""

    resources: tuple[str, ...]
    conditions: tuple[str, ...]


def permissions(documents: Iterable[dict[str, Any]]) -> dict[str, Access]:
    resources: dict[str, set[str]] = {}
    keys: dict[str, frozenset[str]] = {}
    for statement in _allows(documents):
        items = _resources(statement)
        restricting = _condition_keys(statement)
        for action in granted(statement):
            resources.setdefault(action, set()).update(items)
            keys[action] = keys[action] & restricting if action in keys else restricting
    return {a: Access(tuple(sorted(resources[a])), tuple(sorted(keys[a]))) for a in resources}


def denied(documents: Iterable[dict[str, Any]]) -> set[str]:
    """The actions some Deny statement names (whatever its resources and conditions)."""
    return {a for statement in _statements(documents, "Deny") for a in granted(statement)}


def _allows(documents: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return _statements(documents, "Allow")


def _statements(documents: Iterable[dict[str, Any]], effect: str) -> Iterator[dict[str, Any]]:
    for document in documents:
        for statement in as_list(document.get("Statement")):
            if not isinstance(statement, dict) or statement.get("Effect") != effect:
                continue
            if "Principal" in statement or "NotPrincipal" in statement:
                continue  # a resource policy's statement grants others, not this role
            yield statement


def granted(statement: dict[str, Any]) -> set[str]:
    if "NotAction" in statement:
        excluded = sorted(str(a) for a in as_list(statement["NotAction"]))
        return {f"{EVERY_ACTION} except {', '.join(excluded)}"}
    return {name for item in as_list(statement.get("Action")) for name in expand(str(item))}


@lru_cache(maxsize=4096)  # policies repeat their patterns across personas
def expand(pattern: str) -> tuple[str, ...]:
    """Concrete action names in IAM's casing; an unknown action stays as written."""
    if pattern in ("*", "*:*"):
        return (EVERY_ACTION,)
    data = catalog()
    if "*" not in pattern and "?" not in pattern:
        info = data.action(pattern)
        return (info.full_name if info else pattern,)
    service, _, name = pattern.partition(":")
    services = fnmatch.filter(sorted(data.services), service.lower())
    found = tuple(a for s in services for a in data.expand(f"{s}:{name}"))
    return found or (pattern,)


def _resources(statement: dict[str, Any]) -> set[str]:
    if "NotResource" in statement:
        return {f"not {r}" for r in as_list(statement["NotResource"])}
    return {str(r) for r in as_list(statement.get("Resource"))}


def _condition_keys(statement: dict[str, Any]) -> frozenset[str]:
    block = statement.get("Condition")
    if not isinstance(block, dict):
        return frozenset()
    return frozenset(
        str(key) for tests in block.values() if isinstance(tests, dict) for key in tests
    )


@lru_cache(maxsize=8192)
def level(action: str) -> str:
    """IAM's access level of an action ("Permissions management", "Read", ...)."""
    if action.startswith(EVERY_ACTION):
        return "All"
    info = catalog().action(action)
    return ", ".join(info.access_levels) if info else UNKNOWN_LEVEL


def service(action: str) -> str:
    return "*" if action.startswith(EVERY_ACTION) else action.partition(":")[0].lower()


def covers(patterns: Iterable[str], resource: str) -> bool:
    """Whether one of the Resource patterns matches every resource `resource` names."""
    return any(p == resource or fnmatch.fnmatchcase(resource, p) for p in patterns)

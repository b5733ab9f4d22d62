"""Actions: an Action entry's known actions (wildcards expanded through the IAM data), whether
IAM can scope them to resources, and their access levels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from governance.findings import JsonPath
from governance.iam.actiondata import ActionCatalog
from governance.iam.analysis.statement import EVERYTHING, entries, has_wildcard

ACCESS_ORDER = ("Permissions management", "Write", "Tagging", "Read", "List")


@dataclass(frozen=True)
class ActionEntry:
    """An Action entry and the known actions it names (AWS casing). `*` names no list: callers
    special-case it rather than loop over every action IAM has."""

    path: JsonPath
    text: str
    actions: tuple[str, ...]

    @property
    def everything(self) -> bool:
        return self.text in EVERYTHING

    @property
    def wildcard(self) -> bool:
        return has_wildcard(self.text)


def action_entries(
    path: JsonPath, statement: dict[str, Any], catalog: ActionCatalog, key: str = "Action"
) -> list[ActionEntry]:
    return [
        ActionEntry(e.path, e.text, () if e.text in EVERYTHING else expand(catalog, e.text))
        for e in entries(path, statement, key)
    ]


@cache
def expand(catalog: ActionCatalog, text: str) -> tuple[str, ...]:
    """Known actions an entry names: a wildcard's matches, or the one action; () if unknown."""
    if has_wildcard(text):
        return catalog.expand(text)
    info = catalog.action(text)
    return (info.full_name,) if info else ()


def known_actions(items: list[ActionEntry]) -> list[str]:
    """Distinct known actions of the entries, in first-seen order (case-blind)."""
    return list(_distinct(tuple(item.actions for item in items)))


@lru_cache(maxsize=1024)  # several rules ask, and policies repeat their action lists
def _distinct(groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for actions in groups:
        for action in actions:
            seen.setdefault(action.lower(), action)
    return tuple(seen.values())


@cache
def resource_scopable(catalog: ActionCatalog, action: str) -> bool:
    """Whether IAM can limit the action to named resources. An action whose only resource type
    is optional (cloudwatch:PutMetricData's dataset, sagemaker:ListModelPackages) is authorised
    against "*" in its usual call, so it counts as wildcard-only; two optional types are the
    data's way of saying "one of these" (s3:GetObject: object or access point object)."""
    info = catalog.action(action)
    if info is None or not info.resource_types:
        return False
    return len(info.resource_types) > 1 or bool(catalog.required_resource_types(action))


@cache
def access_level(catalog: ActionCatalog, action: str) -> str:
    """The action's most powerful access level."""
    info = catalog.action(action)
    levels = info.access_levels if info else ()
    return min(levels, key=_access_rank, default="")


def _access_rank(level: str) -> int:
    return ACCESS_ORDER.index(level) if level in ACCESS_ORDER else len(ACCESS_ORDER)


def by_power(catalog: ActionCatalog, actions: list[str]) -> list[str]:
    """Most powerful first, so capped lists in messages show what matters."""
    return list(_by_power(catalog, tuple(actions)))


@lru_cache(maxsize=1024)  # policies repeat their action lists (`s3:*` expands to 170 names)
def _by_power(catalog: ActionCatalog, actions: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(actions, key=lambda a: (_access_rank(access_level(catalog, a)), a.lower())))


def capped(items: list[str], limit: int = 5) -> str:
    """`a, b and c`, or the first `limit` and `and N more`."""
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) > 1:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return "".join(items)

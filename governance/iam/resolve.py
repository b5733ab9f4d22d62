"""A persona with its `extends` chain merged in: what the compiler actually compiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from governance.loaded import parent_of
from governance.model import ActivityUse, Encryption, Network, Origin, Persona

if TYPE_CHECKING:
    from governance.repository import Repository

V = TypeVar("V")
DEFAULT_PATH = "/mlgov/"
DEFAULT_TRUST = ("sagemaker.amazonaws.com",)


@dataclass(frozen=True)
class ResolvedPersona:
    persona: Persona
    role_name: str
    role_path: str
    max_session_hours: int
    role_description: str
    permissions_boundary: str | None
    trust_services: tuple[str, ...]
    trust_principals: tuple[str, ...]
    activities: tuple[ActivityUse, ...]
    compute_role: str | None
    network: Network | None
    encryption: Encryption | None
    managed_policies: tuple[str, ...]
    policies: tuple[str, ...]
    tags: dict[str, str]


def chain(repo: Repository, persona: Persona) -> list[Persona]:
    """The persona and its ancestors, nearest first. References were checked on load, so a
    cycle or a missing parent only ends the chain."""
    out = [persona]
    parent = parent_of(repo, persona)
    while parent is not None and parent not in out:
        out.append(parent)
        parent = parent_of(repo, parent)
    return out


def _first(values: list[V | None], default: V) -> V:
    return next((v for v in values if v is not None), default)


def resolve(repo: Repository, persona: Persona) -> ResolvedPersona:
    personas = chain(repo, persona)
    roles = [p.role for p in personas]
    return ResolvedPersona(
        persona=persona,
        role_name=persona.role.name or persona.id,  # a role name is never inherited
        role_path=_first([r.path for r in roles], DEFAULT_PATH),
        max_session_hours=_first([r.max_session_hours for r in roles], 1),
        role_description=_first([r.description for r in roles], persona.title),
        permissions_boundary=_first([r.permissions_boundary for r in roles], None),
        trust_services=_first([p.trust_services for p in personas], DEFAULT_TRUST),
        trust_principals=_first([p.trust_principals for p in personas], ()),
        activities=_activities(personas),
        compute_role=_first([p.compute_role for p in personas], None),
        network=_first([p.network for p in personas], None),
        encryption=_first([p.encryption for p in personas], None),
        managed_policies=_joined([p.managed_policies for p in reversed(personas)]),
        policies=_joined([p.policies for p in reversed(personas)]),
        tags={k: v for p in reversed(personas) for k, v in p.tags.items()},
    )


def _joined(lists: list[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for items in lists for item in items))


def _activities(personas: list[Persona]) -> tuple[ActivityUse, ...]:
    """Ancestors' activities first; a descendant's entry for the same id wins (its parameters
    over the ancestor's); `without` drops inherited ones. Inherited entries are reported at
    the leaf's `extends`, the line the user wrote."""
    leaf = personas[0]
    uses: dict[str, ActivityUse] = {}
    for persona in reversed(personas):
        for use in persona.activities:
            earlier = uses.get(use.activity_id)
            params = {**(earlier.params if earlier else {}), **use.params}
            uses[use.activity_id] = ActivityUse(use.activity_id, params, use.origin)
        for dropped in persona.without:
            uses.pop(dropped, None)
    return tuple(
        use
        if use.origin.doc is leaf.origin.doc
        else ActivityUse(use.activity_id, use.params, Origin(leaf.origin.doc, ("extends",)))
        for use in uses.values()
    )

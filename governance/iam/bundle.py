"""What compiling a persona gives: the role, its trust policy, its permission policies, and
their sizes against IAM's quotas."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from governance.iam import packing
from governance.iam.canonical import iam_size
from governance.iam.statements import Source

__all__ = ["Policy", "RoleBundle", "with_quotas"]


@dataclass(frozen=True)
class Policy:
    name: str
    document: dict[str, Any]
    # Per statement of the document, what it comes from (activities, policy files): lint
    # places findings there, review names them.
    sources: tuple[tuple[Source, ...], ...] = field(default=(), compare=False)

    @property
    def size(self) -> int:
        return iam_size(self.document)


@dataclass(frozen=True)
class RoleBundle:
    persona_id: str
    role_name: str
    path: str
    description: str
    max_session_duration: int
    permissions_boundary: str | None
    tags: tuple[tuple[str, str], ...]
    trust_policy: dict[str, Any]
    policies: tuple[Policy, ...]
    managed_policy_arns: tuple[str, ...]
    policy_style: str
    activities: tuple[str, ...]
    quotas: dict[str, Any] = field(default_factory=dict)


def with_quotas(bundle: RoleBundle, max_managed: int) -> RoleBundle:
    inline = bundle.policy_style == "inline"
    quotas = {
        "trust_policy": {
            "size": iam_size(bundle.trust_policy),
            "limit": packing.TRUST_POLICY_LIMIT,
        },
        "policies": [
            {
                "name": p.name,
                "size": p.size,
                "limit": packing.INLINE_TOTAL_LIMIT if inline else packing.MANAGED_POLICY_LIMIT,
            }
            for p in bundle.policies
        ],
        "attached_managed_policies": {
            "count": len(bundle.managed_policy_arns) + (0 if inline else len(bundle.policies)),
            "limit": max_managed,
        },
        "tags": {"count": len(bundle.tags), "limit": 50},
    }
    return RoleBundle(**{**bundle.__dict__, "quotas": quotas})

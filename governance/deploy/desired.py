"""What git wants in the account: each RoleBundle as the role and policies IAM should hold.

Kept separate from the bundle so that exporters and the deployer agree on names, tags and
which policies are customer-managed (created by mlgov) versus only attached."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from governance.findings import MlgovError
from governance.iam.bundle import RoleBundle
from governance.iam.compiler import MANAGED_BY_TAG, PERSONA_TAG
from governance.iam.resolve import DEFAULT_PATH

OWNER_TAG = MANAGED_BY_TAG  # ("managed-by", "mlgov"): the mark of everything mlgov owns


@dataclass(frozen=True)
class DesiredPolicy:
    name: str
    path: str
    document: dict[str, Any]
    tags: dict[str, str]

    def arn(self, partition: str, account: str) -> str:
        return f"arn:{partition}:iam::{account}:policy{self.path}{self.name}"


@dataclass(frozen=True)
class DesiredRole:
    persona_id: str
    name: str
    path: str
    description: str
    max_session_duration: int
    permissions_boundary: str | None
    tags: dict[str, str]
    trust_policy: dict[str, Any]
    managed: tuple[DesiredPolicy, ...]  # customer-managed policies mlgov creates and attaches
    inline: tuple[DesiredPolicy, ...]  # inline policies (policy_style = inline)
    extra_arns: tuple[str, ...]  # policies attached but not owned (AWS-managed, others')


def desired_role(bundle: RoleBundle) -> DesiredRole:
    policy_tags = {OWNER_TAG[0]: OWNER_TAG[1], PERSONA_TAG: bundle.persona_id}
    policies = tuple(
        DesiredPolicy(p.name, bundle.path, p.document, policy_tags) for p in bundle.policies
    )
    inline = bundle.policy_style == "inline"
    return DesiredRole(
        persona_id=bundle.persona_id,
        name=bundle.role_name,
        path=bundle.path,
        description=bundle.description,
        max_session_duration=bundle.max_session_duration,
        permissions_boundary=bundle.permissions_boundary,
        tags=dict(bundle.tags),
        trust_policy=bundle.trust_policy,
        managed=() if inline else policies,
        inline=policies if inline else (),
        extra_arns=bundle.managed_policy_arns,
    )


def desired_roles(bundles: list[RoleBundle]) -> list[DesiredRole]:
    roles = sorted((desired_role(b) for b in bundles), key=lambda r: r.name)
    _refuse_placeholders(roles)
    _refuse_duplicates(roles)
    return roles


def owned_paths(roles: list[DesiredRole]) -> tuple[str, ...]:
    """The paths mlgov looks under for what it owns: its default and every persona's."""
    return tuple(sorted({DEFAULT_PATH, *(r.path for r in roles)}))


def is_owned(path: str, tags: dict[str, str], paths: tuple[str, ...]) -> bool:
    """Both marks are needed: a tag alone can be copied by hand, a path alone is shared."""
    return tags.get(OWNER_TAG[0]) == OWNER_TAG[1] and any(path.startswith(p) for p in paths)


def _refuse_placeholders(roles: list[DesiredRole]) -> None:
    # A compute role named by persona id compiles to an ARN with `${account}` when no account
    # is configured; IAM would store that text literally.
    for role in roles:
        texts = [json.dumps(role.trust_policy), *(json.dumps(p.document) for p in role.managed)]
        texts += [json.dumps(p.document) for p in role.inline]
        if any("${account}" in text for text in texts):
            raise MlgovError(
                f"role {role.name} still contains ${{account}}; set account in [tool.mlgov] "
                "(pyproject.toml) or mlgov.yaml before exporting or deploying"
            )


def _refuse_duplicates(roles: list[DesiredRole]) -> None:
    # Roles and managed policies are separate namespaces; names in each are unique per account.
    seen: dict[tuple[str, str], str] = {}
    names = [("role", r.name, r.persona_id) for r in roles]
    names += [("policy", p.name, r.persona_id) for r in roles for p in r.managed]
    for kind, name, persona in names:
        other = seen.setdefault((kind, name.lower()), persona)
        if other != persona:
            raise MlgovError(
                f"personas '{other}' and '{persona}' both want an IAM {kind} named '{name}' "
                "(IAM names are unique per account, ignoring case)"
            )

"""Reading what the account holds: the roles and customer-managed policies git names, and
everything under mlgov's paths. Only read calls; every error becomes one clear MlgovError."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from governance.deploy.desired import DesiredRole, is_owned, owned_paths
from governance.findings import MlgovError


@dataclass(frozen=True)
class Version:
    id: str
    is_default: bool
    created: datetime
    document: dict[str, Any]


@dataclass(frozen=True)
class ActualPolicy:
    name: str
    path: str
    arn: str
    tags: dict[str, str]
    owned: bool
    versions: tuple[Version, ...] = ()  # oldest first; read for owned policies only
    attached_to: tuple[str, ...] = ()  # "role/x", "user/y", "group/z"; owned policies only


@dataclass(frozen=True)
class ActualRole:
    name: str
    path: str
    tags: dict[str, str]
    owned: bool
    trust_policy: dict[str, Any]
    max_session_duration: int
    description: str
    permissions_boundary: str | None
    attached: tuple[str, ...] = ()  # policy ARNs; owned roles only
    inline: dict[str, dict[str, Any]] = field(default_factory=dict)
    instance_profiles: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccountState:
    account: str
    partition: str
    paths: tuple[str, ...]
    roles: dict[str, ActualRole]  # by role name
    policies: dict[str, ActualPolicy]  # customer-managed, by policy name
    missing_arns: tuple[str, ...] = ()  # extra policy ARNs git attaches that do not exist


def read_account(iam: Any, roles: list[DesiredRole], account: str, partition: str) -> AccountState:
    paths = owned_paths(roles)
    reader = _Reader(iam)
    role_names = {r.name for r in roles} | set(reader.role_names_under(paths))
    actual_roles = {}
    for name in sorted(role_names):
        role = reader.role(name, paths)
        if role is not None:
            actual_roles[name] = role
    wanted = {p.name for r in roles for p in r.managed}
    policies = reader.policies(wanted, paths)
    extra = sorted({arn for r in roles for arn in r.extra_arns})
    missing = tuple(a for a in extra if reader.call("get_policy", PolicyArn=a) is None)
    return AccountState(account, partition, paths, actual_roles, policies, missing)


class _Reader:
    def __init__(self, iam: Any) -> None:
        self.iam = iam

    def call(self, operation: str, **params: Any) -> Any:
        try:
            return getattr(self.iam, operation)(**params)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "NoSuchEntity":
                return None
            raise MlgovError(
                f"reading the account failed: {operation}: {_message(error)}"
            ) from None
        except BotoCoreError as error:
            raise MlgovError(f"reading the account failed: {operation}: {error}") from None

    def pages(self, operation: str, key: str, **params: Any) -> Iterator[Any]:
        for page in self.raw_pages(operation, **params):
            yield from page.get(key, [])

    def raw_pages(self, operation: str, **params: Any) -> Iterator[dict[str, Any]]:
        try:
            yield from self.iam.get_paginator(operation).paginate(**params)
        except ClientError as error:
            raise MlgovError(
                f"reading the account failed: {operation}: {_message(error)}"
            ) from None
        except BotoCoreError as error:
            raise MlgovError(f"reading the account failed: {operation}: {error}") from None

    def role_names_under(self, paths: tuple[str, ...]) -> Iterator[str]:
        for path in paths:
            for role in self.pages("list_roles", "Roles", PathPrefix=path):
                yield role["RoleName"]

    def role(self, name: str, paths: tuple[str, ...]) -> ActualRole | None:
        found = self.call("get_role", RoleName=name)
        if found is None:
            return None
        raw = found["Role"]
        tags = _tags(raw.get("Tags", []))
        owned = is_owned(raw["Path"], tags, paths)
        role = ActualRole(
            name=raw["RoleName"],
            path=raw["Path"],
            tags=tags,
            owned=owned,
            trust_policy=raw.get("AssumeRolePolicyDocument") or {},
            max_session_duration=int(raw.get("MaxSessionDuration", 3600)),
            description=raw.get("Description", "") or "",
            permissions_boundary=(raw.get("PermissionsBoundary") or {}).get(
                "PermissionsBoundaryArn"
            ),
        )
        return self._details(role) if owned else role

    def _details(self, role: ActualRole) -> ActualRole:
        """What is attached to an owned role: only mlgov's own roles are read this deeply."""
        name = role.name
        attached = self.pages("list_attached_role_policies", "AttachedPolicies", RoleName=name)
        inline = {}
        for policy in self.pages("list_role_policies", "PolicyNames", RoleName=name):
            got = self.call("get_role_policy", RoleName=name, PolicyName=policy)
            inline[policy] = got["PolicyDocument"] if got else {}
        profiles = self.pages("list_instance_profiles_for_role", "InstanceProfiles", RoleName=name)
        return ActualRole(
            **{
                **role.__dict__,
                "attached": tuple(sorted(p["PolicyArn"] for p in attached)),
                "inline": inline,
                "instance_profiles": tuple(sorted(p["InstanceProfileName"] for p in profiles)),
            }
        )

    def policies(self, wanted: set[str], paths: tuple[str, ...]) -> dict[str, ActualPolicy]:
        found = {}
        for raw in self.pages("list_policies", "Policies", Scope="Local"):
            under = any(raw["Path"].startswith(p) for p in paths)
            if raw["PolicyName"] in wanted or under:
                found[raw["PolicyName"]] = self._policy(raw, paths, raw["PolicyName"] in wanted)
        return found

    def _policy(self, raw: dict[str, Any], paths: tuple[str, ...], wanted: bool) -> ActualPolicy:
        arn = raw["Arn"]
        listed = self.call("list_policy_tags", PolicyArn=arn) or {}
        tags = _tags(listed.get("Tags", []))
        policy = ActualPolicy(
            raw["PolicyName"], raw["Path"], arn, tags, is_owned(raw["Path"], tags, paths)
        )
        if not policy.owned:
            return policy
        # Documents matter only for policies git still wants; the others are only deleted.
        versions = self._versions(arn, documents=wanted)
        attached_to = () if wanted else self._entities(arn)
        return replace(policy, versions=versions, attached_to=attached_to)

    def _versions(self, arn: str, documents: bool) -> tuple[Version, ...]:
        versions: list[Version] = []
        for raw in self.pages("list_policy_versions", "Versions", PolicyArn=arn):
            document = self._document(arn, raw["VersionId"]) if documents else {}
            versions.append(
                Version(
                    raw["VersionId"], bool(raw["IsDefaultVersion"]), raw["CreateDate"], document
                )
            )
        return tuple(sorted(versions, key=lambda v: (v.created, _number(v.id))))

    def _document(self, arn: str, version_id: str) -> dict[str, Any]:
        got = self.call("get_policy_version", PolicyArn=arn, VersionId=version_id)
        return got["PolicyVersion"].get("Document", {}) if got else {}

    def _entities(self, arn: str) -> tuple[str, ...]:
        kinds = (
            ("PolicyRoles", "role/", "RoleName"),
            ("PolicyUsers", "user/", "UserName"),
            ("PolicyGroups", "group/", "GroupName"),
        )
        entities = [
            prefix + entity[name]
            for page in self.raw_pages("list_entities_for_policy", PolicyArn=arn)
            for key, prefix, name in kinds
            for entity in page.get(key, [])
        ]
        return tuple(sorted(entities))


def _tags(raw: list[dict[str, str]]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in raw}


def _number(version_id: str) -> int:
    digits = version_id.lstrip("v")
    return int(digits) if digits.isdigit() else 0


def _message(error: ClientError) -> str:
    info = error.response.get("Error", {})
    return f"{info.get('Code', 'error')}: {info.get('Message', '')}".rstrip(": .")


def error_text(error: ClientError | BotoCoreError) -> str:
    return _message(error) if isinstance(error, ClientError) else str(error)

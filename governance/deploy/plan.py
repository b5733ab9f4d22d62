"""Desired roles + what the account holds -> the changes that make the account match git.

A plan is data: each change carries the exact IAM calls that carry it out, so `apply` only
runs them in order, and a failed apply is repaired by planning again from the account."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum
from typing import Any, Literal

from governance.deploy.desired import OWNER_TAG, DesiredPolicy, DesiredRole
from governance.deploy.observe import AccountState, ActualPolicy, ActualRole

MAX_VERSIONS = 5  # IAM keeps at most five versions of a managed policy


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class Stage(IntEnum):
    """The order apply runs changes in: policies exist before roles attach them, Studio user
    profiles get a role only once it has its policies, and detaching precedes deleting (a
    profile leaves a role before the role goes)."""

    POLICIES = 0
    ROLES = 1
    ATTACH = 2
    PROFILES = 3
    DETACH = 4
    DELETE_PROFILES = 5
    DELETE_ROLES = 6
    DELETE_POLICIES = 7


# What a change is to (the role or policy named by its target).
Kind = Literal[
    "role",
    "trust-policy",
    "role-settings",
    "permissions-boundary",
    "tags",
    "attachment",
    "inline-policy",
    "policy",
    "policy-tags",
    "policy-version",
    "user-profile",
    "user-profile-tags",
]


@dataclass(frozen=True)
class Call:
    operation: str  # a method of the boto3 client of `service`
    params: dict[str, Any]
    service: Literal["iam", "sagemaker"] = "iam"
    region: str = ""  # where the client must point (SageMaker is regional; IAM is not)


@dataclass(frozen=True)
class Change:
    action: Action
    kind: Kind
    target: str  # the role or policy name; a user profile's domain/name
    summary: str
    calls: tuple[Call, ...]
    stage: Stage
    diff: tuple[str, ...] = ()  # account -> git, for documents


@dataclass(frozen=True)
class Plan:
    account: str
    changes: tuple[Change, ...]
    refusals: tuple[str, ...] = ()  # conflicts that block apply
    kept: tuple[str, ...] = ()  # things mlgov would delete but may not, and why
    roles: int = 0
    profiles: int = 0  # Studio user profiles git lists in this account
    notes: tuple[str, ...] = ()  # what was not planned, and why (another account, busy)

    def counts(self) -> dict[str, int]:
        return {a.value: sum(c.action is a for c in self.changes) for a in Action}

    def extended(self, part: PlanPart) -> Plan:
        """This plan with another part's changes merged in, in stage order."""
        changes = sorted((*self.changes, *part.changes), key=lambda c: c.stage)
        return replace(
            self,
            changes=tuple(changes),
            refusals=(*self.refusals, *part.refusals),
            kept=(*self.kept, *part.kept),
            notes=(*self.notes, *part.notes),
            profiles=self.profiles + part.profiles,
        )


@dataclass(frozen=True)
class PlanPart:
    """What another planner (Studio user profiles) adds to the roles' plan."""

    changes: tuple[Change, ...] = ()
    refusals: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    profiles: int = 0


@dataclass
class _Builder:
    state: AccountState
    changes: list[Change] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def add(
        self, action: Action, kind: Kind, target: str, summary: str, *calls: Call, **kw: Any
    ) -> None:
        self.changes.append(Change(action, kind, target, summary, calls, **kw))


def make_plan(roles: list[DesiredRole], state: AccountState) -> Plan:
    builder = _Builder(state)
    for role in roles:
        if _refused(builder, role):
            continue
        for policy in role.managed:
            _policy(builder, policy, state.policies.get(policy.name))
        _role(builder, role, state.roles.get(role.name))
    _removed_roles(builder, {r.name for r in roles})
    _removed_policies(builder, {p.name for r in roles for p in r.managed})
    changes = sorted(builder.changes, key=lambda c: c.stage)  # stable: per-persona order kept
    return Plan(
        state.account, tuple(changes), tuple(builder.refusals), tuple(builder.kept), len(roles)
    )


# -- ownership ------------------------------------------------------------------------------


def _refused(builder: _Builder, role: DesiredRole) -> bool:
    before = len(builder.refusals)
    actual = builder.state.roles.get(role.name)
    if actual is not None:
        _check_owned(builder, "role", role.name, actual.path, actual.tags, role.path)
    for arn in role.extra_arns:
        if arn in builder.state.missing_arns:
            builder.refusals.append(
                f"role {role.name} (persona '{role.persona_id}') attaches {arn}, which does not "
                "exist in the account (or these credentials cannot read it)"
            )
    for policy in role.managed:
        found = builder.state.policies.get(policy.name)
        if found is not None:
            _check_owned(builder, "policy", policy.name, found.path, found.tags, policy.path)
    return len(builder.refusals) > before


def _check_owned(
    builder: _Builder, kind: str, name: str, path: str, tags: dict[str, str], wanted: str
) -> None:
    key, value = OWNER_TAG
    paths = ", ".join(builder.state.paths)
    if tags.get(key) != value:
        why = f"it has no {key}={value} tag"
    elif not any(path.startswith(p) for p in builder.state.paths):
        why = f"its path {path} is outside mlgov's paths ({paths})"
    elif path != wanted:
        builder.refusals.append(
            f"{kind} {name} is at path {path} but git wants {wanted}; IAM cannot move a {kind}:"
            f" delete it (or set the persona's path back), then apply again"
        )
        return
    else:
        return
    builder.refusals.append(
        f"{kind} {name} exists in the account but mlgov does not own it ({why}); mlgov never "
        f"edits or deletes what it does not own. Rename the persona's role, or delete the "
        f"existing {kind} if it is obsolete"
    )


# -- managed policies -----------------------------------------------------------------------


def _policy(builder: _Builder, policy: DesiredPolicy, actual: ActualPolicy | None) -> None:
    if actual is None:
        params = {
            "PolicyName": policy.name,
            "Path": policy.path,
            "PolicyDocument": document_json(policy.document),
            "Description": f"Permissions of mlgov persona '{policy.tags.get('mlgov-persona')}'",
            "Tags": _tag_list(policy.tags),
        }
        summary = f"create policy {policy.name} ({policy.path})"
        builder.add(
            Action.CREATE,
            "policy",
            policy.name,
            summary,
            Call("create_policy", params),
            stage=Stage.POLICIES,
        )
        return
    _policy_version(builder, policy, actual)
    set_tags, remove = _tag_diff(policy.tags, actual.tags)
    calls = []
    if set_tags:
        calls.append(Call("tag_policy", {"PolicyArn": actual.arn, "Tags": _tag_list(set_tags)}))
    if remove:
        calls.append(Call("untag_policy", {"PolicyArn": actual.arn, "TagKeys": remove}))
    if calls:
        summary = f"update tags of policy {policy.name}: {_tag_text(set_tags, remove)}"
        builder.add(
            Action.UPDATE, "policy-tags", policy.name, summary, *calls, stage=Stage.POLICIES
        )


def _policy_version(builder: _Builder, policy: DesiredPolicy, actual: ActualPolicy) -> None:
    default = next((v for v in actual.versions if v.is_default), None)
    if default is not None and default.document == policy.document:
        return
    diff = document_diff(default.document if default else {}, policy.document)
    match = next((v for v in actual.versions if v.document == policy.document), None)
    if match is not None:  # someone made another version the default: git's is still there
        summary = (
            f"update policy {policy.name}: default version {default.id if default else '?'} "
            f"differs from git; make {match.id} (git's document) the default again"
        )
        call = Call("set_default_policy_version", {"PolicyArn": actual.arn, "VersionId": match.id})
        calls = [call]
    else:
        calls, summary = _new_version(policy, actual)
    kind: Kind = "policy-version"
    builder.add(Action.UPDATE, kind, policy.name, summary, *calls, stage=Stage.POLICIES, diff=diff)


def _new_version(policy: DesiredPolicy, actual: ActualPolicy) -> tuple[list[Call], str]:
    """Git's document as a new default version, making room within IAM's five first."""
    calls, summary = [], f"update policy {policy.name}: new default version"
    if len(actual.versions) >= MAX_VERSIONS:
        oldest = next(v for v in actual.versions if not v.is_default)  # versions are oldest first
        calls.append(
            Call("delete_policy_version", {"PolicyArn": actual.arn, "VersionId": oldest.id})
        )
        summary += f", deleting the oldest version {oldest.id} (IAM keeps {MAX_VERSIONS})"
    params = {
        "PolicyArn": actual.arn,
        "PolicyDocument": document_json(policy.document),
        "SetAsDefault": True,
    }
    calls.append(Call("create_policy_version", params))
    return calls, summary


# -- roles ----------------------------------------------------------------------------------


def _role(builder: _Builder, role: DesiredRole, actual: ActualRole | None) -> None:
    if actual is None:
        _create_role(builder, role)
        attached: tuple[str, ...] = ()
        inline: dict[str, dict[str, Any]] = {}
    else:
        _update_role(builder, role, actual)
        attached, inline = actual.attached, actual.inline
    _attachments(builder, role, attached)
    _inline(builder, role, inline)


def _create_role(builder: _Builder, role: DesiredRole) -> None:
    params: dict[str, Any] = {
        "RoleName": role.name,
        "Path": role.path,
        "AssumeRolePolicyDocument": document_json(role.trust_policy),
        "MaxSessionDuration": role.max_session_duration,
        "Tags": _tag_list(role.tags),
    }
    if role.description:
        params["Description"] = role.description
    if role.permissions_boundary:
        params["PermissionsBoundary"] = role.permissions_boundary
    hours = role.max_session_duration / 3600
    summary = f"create role {role.name} ({role.path}, max session {hours:g}h, {len(role.tags)} tags"
    summary += f", boundary {role.permissions_boundary})" if role.permissions_boundary else ")"
    builder.add(
        Action.CREATE, "role", role.name, summary, Call("create_role", params), stage=Stage.ROLES
    )


def _update_role(builder: _Builder, role: DesiredRole, actual: ActualRole) -> None:
    name = role.name
    if actual.trust_policy != role.trust_policy:
        call = Call(
            "update_assume_role_policy",
            {"RoleName": name, "PolicyDocument": document_json(role.trust_policy)},
        )
        diff = document_diff(actual.trust_policy, role.trust_policy)
        summary = f"update trust policy of role {name}: differs from git"
        builder.add(
            Action.UPDATE, "trust-policy", name, summary, call, stage=Stage.ROLES, diff=diff
        )
    _role_settings(builder, role, actual)
    _boundary(builder, role, actual)
    set_tags, remove = _tag_diff(role.tags, actual.tags)
    calls = []
    if set_tags:
        calls.append(Call("tag_role", {"RoleName": name, "Tags": _tag_list(set_tags)}))
    if remove:
        calls.append(Call("untag_role", {"RoleName": name, "TagKeys": remove}))
    if calls:
        summary = f"update tags of role {name}: {_tag_text(set_tags, remove)}"
        builder.add(Action.UPDATE, "tags", name, summary, *calls, stage=Stage.ROLES)


def _role_settings(builder: _Builder, role: DesiredRole, actual: ActualRole) -> None:
    changed = []
    if actual.max_session_duration != role.max_session_duration:
        changed.append(
            f"max session {actual.max_session_duration}s -> {role.max_session_duration}s"
        )
    if actual.description != role.description:
        changed.append("description")
    if changed:
        params = {
            "RoleName": role.name,
            "Description": role.description,
            "MaxSessionDuration": role.max_session_duration,
        }
        summary = f"update role {role.name}: {', '.join(changed)}"
        builder.add(
            Action.UPDATE,
            "role-settings",
            role.name,
            summary,
            Call("update_role", params),
            stage=Stage.ROLES,
        )


def _boundary(builder: _Builder, role: DesiredRole, actual: ActualRole) -> None:
    wanted, have = role.permissions_boundary, actual.permissions_boundary
    if wanted == have:
        return
    if wanted is None:
        call = Call("delete_role_permissions_boundary", {"RoleName": role.name})
        summary = f"update role {role.name}: remove permissions boundary {have}"
    else:
        call = Call(
            "put_role_permissions_boundary", {"RoleName": role.name, "PermissionsBoundary": wanted}
        )
        summary = f"update role {role.name}: permissions boundary {have or 'none'} -> {wanted}"
    builder.add(Action.UPDATE, "permissions-boundary", role.name, summary, call, stage=Stage.ROLES)


def _attachments(builder: _Builder, role: DesiredRole, attached: tuple[str, ...]) -> None:
    state = builder.state
    wanted = [p.arn(state.partition, state.account) for p in role.managed] + list(role.extra_arns)
    for arn in wanted:
        if arn not in attached:
            call = Call("attach_role_policy", {"RoleName": role.name, "PolicyArn": arn})
            builder.add(
                Action.CREATE,
                "attachment",
                role.name,
                f"attach {arn} to role {role.name}",
                call,
                stage=Stage.ATTACH,
            )
    for arn in attached:
        if arn not in wanted:
            call = Call("detach_role_policy", {"RoleName": role.name, "PolicyArn": arn})
            summary = f"detach {arn} from role {role.name}: not in git"
            builder.add(Action.DELETE, "attachment", role.name, summary, call, stage=Stage.DETACH)


def _inline(builder: _Builder, role: DesiredRole, inline: dict[str, dict[str, Any]]) -> None:
    for policy in role.inline:
        have = inline.get(policy.name)
        if have == policy.document:
            continue
        params = {
            "RoleName": role.name,
            "PolicyName": policy.name,
            "PolicyDocument": document_json(policy.document),
        }
        action = Action.CREATE if have is None else Action.UPDATE
        summary = f"{action} inline policy {policy.name} of role {role.name}"
        diff = document_diff(have or {}, policy.document) if have is not None else ()
        builder.add(
            action,
            "inline-policy",
            role.name,
            summary,
            Call("put_role_policy", params),
            stage=Stage.ATTACH,
            diff=diff,
        )
    wanted = {p.name for p in role.inline}
    for name in sorted(set(inline) - wanted):
        call = Call("delete_role_policy", {"RoleName": role.name, "PolicyName": name})
        summary = f"delete inline policy {name} of role {role.name}: not in git"
        builder.add(Action.DELETE, "inline-policy", role.name, summary, call, stage=Stage.DETACH)


# -- what git no longer has ------------------------------------------------------------------


def _removed_roles(builder: _Builder, wanted: set[str]) -> None:
    for name, actual in sorted(builder.state.roles.items()):
        if not actual.owned or name in wanted:
            continue
        if actual.instance_profiles:
            builder.kept.append(
                f"role {name} is no longer in git but is in instance profile(s) "
                f"{', '.join(actual.instance_profiles)}, which mlgov does not manage: remove it "
                "from them, then apply again"
            )
            continue
        calls = [
            Call("detach_role_policy", {"RoleName": name, "PolicyArn": a}) for a in actual.attached
        ]
        calls += [
            Call("delete_role_policy", {"RoleName": name, "PolicyName": p})
            for p in sorted(actual.inline)
        ]
        calls.append(Call("delete_role", {"RoleName": name}))
        summary = f"delete role {name}: no longer in git"
        steps = [f"detach {len(actual.attached)} policy(ies)"] if actual.attached else []
        steps += [f"delete {len(actual.inline)} inline policy(ies)"] if actual.inline else []
        if steps:
            summary += f" (first {' and '.join(steps)})"
        builder.add(Action.DELETE, "role", name, summary, *calls, stage=Stage.DELETE_ROLES)


def _removed_policies(builder: _Builder, wanted: set[str]) -> None:
    roles = builder.state.roles
    owned_roles = {n for n, r in roles.items() if r.owned and not r.instance_profiles}
    for name, actual in sorted(builder.state.policies.items()):
        if not actual.owned or name in wanted:
            continue
        others = [e for e in actual.attached_to if e.removeprefix("role/") not in owned_roles]
        if others:
            builder.kept.append(
                f"policy {name} is no longer in git but is attached to {', '.join(others)}, "
                "which mlgov does not own: detach it there, then apply again"
            )
            continue
        calls = [
            Call("delete_policy_version", {"PolicyArn": actual.arn, "VersionId": v.id})
            for v in actual.versions
            if not v.is_default
        ]
        calls.append(Call("delete_policy", {"PolicyArn": actual.arn}))
        builder.add(
            Action.DELETE,
            "policy",
            name,
            f"delete policy {name}: no longer in git",
            *calls,
            stage=Stage.DELETE_POLICIES,
        )


# -- helpers --------------------------------------------------------------------------------


def document_json(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"))


def document_diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """Changed lines of the indented documents, account first: enough to review drift."""
    old = json.dumps(before, indent=2, sort_keys=True).splitlines()
    new = json.dumps(after, indent=2, sort_keys=True).splitlines()
    lines = difflib.unified_diff(old, new, "account", "git", n=0, lineterm="")
    return tuple(line for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++"))


def _tag_diff(wanted: dict[str, str], have: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    to_set = {k: v for k, v in sorted(wanted.items()) if have.get(k) != v}
    return to_set, sorted(set(have) - set(wanted))


def _tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]


def _tag_text(set_tags: dict[str, str], remove: list[str]) -> str:
    parts = [f"set {k}={v}" for k, v in set_tags.items()] + [f"remove {k}" for k in remove]
    return ", ".join(parts)

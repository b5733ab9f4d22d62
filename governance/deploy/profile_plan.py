"""Desired user profiles + what the domains hold -> the changes that make them match git.

The ownership rules are the roles': mlgov edits and deletes only the profiles it tagged
managed-by=mlgov, refuses a same-named profile it did not make, and deletes a profile git no
longer lists only when asked (`--prune`) and once its apps and private spaces are gone."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from governance.deploy.desired import OWNER_TAG
from governance.deploy.plan import Action, Call, Change, Kind, PlanPart, Stage
from governance.deploy.profile_state import ActualProfile, DomainState, StudioState
from governance.deploy.profiles import DesiredProfile
from governance.iam.compiler import PERSONA_TAG

BUSY = ("Pending", "Updating", "Deleting")  # SageMaker refuses changes until these settle
KEPT_TAGS = ("aws:", "sagemaker:")  # tags AWS sets itself: never compared or removed
SETTING_NAMES = {
    "ExecutionRole": "execution role",
    "StudioWebPortalSettings": "apps shown",
    "JupyterLabAppSettings": "JupyterLab settings",
    "CodeEditorAppSettings": "Code Editor settings",
    "SpaceStorageSettings": "space storage",
}


@dataclass
class _Builder:
    state: StudioState
    changes: list[Change] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self,
        action: Action,
        kind: Kind,
        profile: DesiredProfile | ActualProfile,
        summary: str,
        *calls: Call,
        stage: Stage = Stage.PROFILES,
        diff: tuple[str, ...] = (),
    ) -> None:
        target = f"{profile.domain}/{profile.name}"
        self.changes.append(Change(action, kind, target, summary, calls, stage, diff))


def plan_profiles(
    wanted: list[DesiredProfile], state: StudioState, prune: bool = False
) -> PlanPart:
    builder = _Builder(state)
    builder.notes += [
        f"Studio domain {d} is not in account {state.account} (the credentials'): its "
        "profiles were not read; plan with credentials for its account"
        for d in state.elsewhere
    ]
    here = [p for p in wanted if p.domain in state.domains]
    for domain_id, domain in sorted(state.domains.items()):
        mine = [p for p in here if p.domain == domain_id]
        if not domain.exists:
            builder.refusals.append(
                f"Studio domain {domain_id} does not exist in account {state.account} region "
                f"{domain.region} (or these credentials cannot see it): check the id in its "
                "studio file"
            )
            continue
        for profile in mine:
            _profile(builder, profile, domain)
        _removed(builder, domain, {p.name for p in mine}, prune)
    return PlanPart(
        tuple(builder.changes),
        tuple(builder.refusals),
        tuple(builder.kept),
        tuple(builder.notes),
        len(here),
    )


def _profile(builder: _Builder, profile: DesiredProfile, domain: DomainState) -> None:
    actual = domain.profiles.get(profile.name)
    if actual is None:
        _create(builder, profile, domain)
    elif not actual.owned:
        builder.refusals.append(
            f"user profile {profile.key} exists but mlgov does not own it (it has no "
            f"{OWNER_TAG[0]}={OWNER_TAG[1]} tag); mlgov never edits or deletes what it does not "
            "own. Rename the profile in git, or delete the existing one if it is obsolete"
        )
    elif actual.status in BUSY:
        builder.notes.append(
            f"user profile {profile.key} is {actual.status}: apply again once it is InService"
        )
    else:
        _update(builder, profile, actual)
        _tags(builder, profile, actual)


# -- creating and updating ---------------------------------------------------------------------


def _create(builder: _Builder, profile: DesiredProfile, domain: DomainState) -> None:
    if domain.sso and not profile.sso_user:
        builder.refusals.append(
            f"user profile {profile.key}: domain {domain.id} signs users in with IAM Identity "
            "Center, so a new profile needs its user: add sso_user to the profile"
        )
        return
    params: dict[str, Any] = {
        "DomainId": profile.domain,
        "UserProfileName": profile.name,
        "UserSettings": profile.settings,
        "Tags": _tag_list(profile.tags),
    }
    if profile.sso_user and domain.sso:
        params["SingleSignOnUserIdentifier"] = "UserName"
        params["SingleSignOnUserValue"] = profile.sso_user
    summary = (
        f"create user profile {profile.key} (persona {profile.persona_id}, "
        f"role {profile.role.name})"
    )
    call = _call(profile, "create_user_profile", params)
    builder.add(Action.CREATE, "user-profile", profile, summary, call)


def _update(builder: _Builder, profile: DesiredProfile, actual: ActualProfile) -> None:
    have = _project(profile.settings, actual.settings)
    wanted = _normal(profile.settings)
    if have == wanted:
        return
    changed = [k for k in wanted if have.get(k) != wanted[k]]
    names = ", ".join(SETTING_NAMES.get(k, k) for k in changed)
    summary = f"update user profile {profile.key}: {names} differ from git"
    if "ExecutionRole" in changed:
        before = _role_name(have.get("ExecutionRole"))
        summary = f"update user profile {profile.key}: {names} ({before} -> {profile.role.name}"
        moved_from = actual.tags.get(PERSONA_TAG)
        if moved_from and moved_from != profile.persona_id:
            summary += f", persona {moved_from} -> {profile.persona_id})"
        else:
            summary += ", changed outside git)"
    params = {
        "DomainId": profile.domain,
        "UserProfileName": profile.name,
        "UserSettings": profile.settings,
    }
    call = _call(profile, "update_user_profile", params)
    builder.add(Action.UPDATE, "user-profile", profile, summary, call, diff=_diff(have, wanted))


def _tags(builder: _Builder, profile: DesiredProfile, actual: ActualProfile) -> None:
    have = {k: v for k, v in actual.tags.items() if not k.startswith(KEPT_TAGS)}
    set_tags = {k: v for k, v in profile.tags.items() if have.get(k) != v}
    remove = sorted(set(have) - set(profile.tags))
    calls = []
    if set_tags:
        params = {"ResourceArn": actual.arn, "Tags": _tag_list(set_tags)}
        calls.append(_call(profile, "add_tags", params))
    if remove:
        params = {"ResourceArn": actual.arn, "TagKeys": remove}
        calls.append(_call(profile, "delete_tags", params))
    if calls:
        parts = [f"set {k}={v}" for k, v in set_tags.items()] + [f"remove {k}" for k in remove]
        summary = f"update tags of user profile {profile.key}: {', '.join(parts)}"
        builder.add(Action.UPDATE, "user-profile-tags", profile, summary, *calls)


# -- what git no longer lists ------------------------------------------------------------------


def _removed(builder: _Builder, domain: DomainState, wanted: set[str], prune: bool) -> None:
    for name, actual in sorted(domain.profiles.items()):
        if name in wanted or not actual.owned:
            continue
        key = f"{domain.id}/{name}"
        if not prune:
            builder.kept.append(
                f"user profile {key} is no longer in git: `--prune` deletes it (once its apps "
                "and private spaces are gone)"
            )
        elif actual.apps or actual.spaces:
            builder.kept.append(_in_use(key, actual))
        else:
            call = Call(
                "delete_user_profile",
                {"DomainId": domain.id, "UserProfileName": name},
                "sagemaker",
                domain.region,
            )
            summary = f"delete user profile {key}: no longer in git"
            builder.add(
                Action.DELETE, "user-profile", actual, summary, call, stage=Stage.DELETE_PROFILES
            )


def _in_use(key: str, actual: ActualProfile) -> str:
    what = []
    if actual.apps:
        what.append(f"{len(actual.apps)} app(s) ({', '.join(actual.apps)})")
    if actual.spaces:
        what.append(f"{len(actual.spaces)} private space(s) ({', '.join(actual.spaces)})")
    return (
        f"user profile {key} is no longer in git but still has {' and '.join(what)}: delete "
        "them in Studio (or with `aws sagemaker delete-app` / `delete-space`), then apply "
        "--prune again"
    )


# -- helpers -----------------------------------------------------------------------------------


def _call(profile: DesiredProfile, operation: str, params: dict[str, Any]) -> Call:
    return Call(operation, params, "sagemaker", profile.region)


def _project(wanted: Any, have: Any) -> Any:
    """`have` cut to the shape of `wanted`: the settings git does not give are not compared."""
    if isinstance(wanted, dict):
        have = have if isinstance(have, dict) else {}
        return {k: _project(v, have.get(k)) for k, v in wanted.items()}
    if isinstance(wanted, list):
        return sorted(have) if isinstance(have, list) else have  # lists here are sets
    return have


def _normal(settings: Any) -> Any:
    if isinstance(settings, dict):
        return {k: _normal(v) for k, v in settings.items()}
    return sorted(settings) if isinstance(settings, list) else settings


def _diff(have: dict[str, Any], wanted: dict[str, Any]) -> tuple[str, ...]:
    """Account first, then git, one line per setting that differs."""
    lines: list[str] = []
    before, after = _flat(have), _flat(wanted)
    for path in sorted(set(before) | set(after)):
        if before.get(path) != after.get(path):
            lines.append(f"- {path} = {json.dumps(before.get(path))}")
            lines.append(f"+ {path} = {json.dumps(after.get(path))}")
    return tuple(lines)


def _flat(value: Any, prefix: str = "UserSettings") -> dict[str, Any]:
    if not isinstance(value, dict):
        return {prefix: value}
    out: dict[str, Any] = {}
    for key, item in value.items():
        out.update(_flat(item, f"{prefix}.{key}"))
    return out


def _role_name(arn: Any) -> str:
    return str(arn).rpartition("/")[2] if arn else "no role of its own"


def _tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]

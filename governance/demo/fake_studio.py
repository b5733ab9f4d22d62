"""FAKES, not AWS: SageMaker Studio user profiles, apps and spaces, which moto 5.2.5 lacks (it
has domains only).

Create, describe, update, delete and list user profiles, list apps and spaces, and the tag
calls on user-profile ARNs (moto's own tag calls cannot parse them), answering in botocore's
response shapes so that `mlgov roles plan|apply` and the snapshot collector run unchanged
against them. What the fake does not model: statuses other than InService (a profile is
created and deleted at once), SSO validation, and the checks SageMaker makes on the
execution role. Installed by fake_handlers.install(), for the demo and the tests only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# (account, region) -> the Studio objects moto cannot hold.
_STATE: dict[tuple[str, str], FakeStudio] = {}
CLOCK = datetime(2026, 11, 1, 9, 0, 0, tzinfo=UTC)  # fixed, so demo snapshots are stable


@dataclass
class FakeStudio:
    profiles: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    apps: list[dict[str, Any]] = field(default_factory=list)  # AppDetails
    spaces: list[dict[str, Any]] = field(default_factory=list)  # SpaceDetails


def studio(account: str, region: str) -> FakeStudio:
    return _STATE.setdefault((account, region), FakeStudio())


def reset() -> None:
    _STATE.clear()


def _state(self: Any) -> FakeStudio:
    return studio(self.current_account, self.region)


def _page(self: Any, items: list[Any], key: str) -> Any:
    from moto.core.responses import ActionResult

    size = int(self._get_param("MaxResults") or 10)
    start = int(self._get_param("NextToken") or 0)
    body: dict[str, Any] = {key: items[start : start + size]}
    if start + size < len(items):
        body["NextToken"] = str(start + size)
    return ActionResult(body)


def _arn(self: Any, domain: str, name: str) -> str:
    return f"arn:aws:sagemaker:{self.region}:{self.current_account}:user-profile/{domain}/{name}"


def _find(self: Any) -> tuple[tuple[str, str], dict[str, Any]]:
    from moto.sagemaker.exceptions import ResourceNotFound

    key = (self._get_param("DomainId"), self._get_param("UserProfileName"))
    profile = _state(self).profiles.get(key)
    if profile is None:
        raise ResourceNotFound(message=f"User profile {key[1]} does not exist in {key[0]}")
    return key, profile


def _create_user_profile(self: Any) -> Any:
    from moto.core.responses import ActionResult
    from moto.sagemaker.exceptions import ResourceInUseException, ResourceNotFound

    domain, name = self._get_param("DomainId"), self._get_param("UserProfileName")
    if domain not in self.sagemaker_backend.domains:
        raise ResourceNotFound(message=f"Domain {domain} does not exist")
    state = _state(self)
    if (domain, name) in state.profiles:
        raise ResourceInUseException(message=f"User profile {name} already exists")
    arn = _arn(self, domain, name)
    state.profiles[(domain, name)] = {
        "DomainId": domain,
        "UserProfileArn": arn,
        "UserProfileName": name,
        "Status": "InService",
        "CreationTime": CLOCK,
        "LastModifiedTime": CLOCK,
        "UserSettings": self._get_param("UserSettings") or {},
        "Tags": list(self._get_param("Tags") or []),
        **_sso(self),
    }
    return ActionResult({"UserProfileArn": arn})


def _sso(self: Any) -> dict[str, str]:
    value = self._get_param("SingleSignOnUserValue")
    if not value:
        return {}
    return {"SingleSignOnUserIdentifier": "UserName", "SingleSignOnUserValue": value}


def _describe_user_profile(self: Any) -> Any:
    from moto.core.responses import ActionResult

    _, profile = _find(self)
    return ActionResult({k: v for k, v in profile.items() if k != "Tags"})


def _update_user_profile(self: Any) -> Any:
    """UpdateUserProfile replaces the top-level settings it is given and keeps the others."""
    from moto.core.responses import ActionResult

    _, profile = _find(self)
    profile["UserSettings"] = {**profile["UserSettings"], **(self._get_param("UserSettings") or {})}
    return ActionResult({"UserProfileArn": profile["UserProfileArn"]})


def _delete_user_profile(self: Any) -> Any:
    from moto.core.responses import EmptyResult
    from moto.sagemaker.exceptions import ResourceInUseException

    key, _ = _find(self)
    state = _state(self)
    running = [a for a in state.apps if _belongs(a, key) and a["Status"] != "Deleted"]
    if running:
        raise ResourceInUseException(message=f"User profile {key[1]} has {len(running)} app(s)")
    del state.profiles[key]
    return EmptyResult()


def _belongs(item: dict[str, Any], key: tuple[str, str]) -> bool:
    return (item.get("DomainId"), item.get("UserProfileName")) == key


def _list_user_profiles(self: Any) -> Any:
    domain = self._get_param("DomainIdEquals")
    summary = ("DomainId", "UserProfileName", "Status", "CreationTime", "LastModifiedTime")
    items = [
        {k: p[k] for k in summary}
        for (d, _), p in sorted(_state(self).profiles.items())
        if domain in (None, d)
    ]
    return _page(self, items, "UserProfiles")


def _list_apps(self: Any) -> Any:
    domain, user = self._get_param("DomainIdEquals"), self._get_param("UserProfileNameEquals")
    items = [
        a
        for a in _state(self).apps
        if domain in (None, a["DomainId"]) and user in (None, a.get("UserProfileName"))
    ]
    return _page(self, items, "Apps")


def _list_spaces(self: Any) -> Any:
    domain = self._get_param("DomainIdEquals")
    items = [s for s in _state(self).spaces if domain in (None, s["DomainId"])]
    return _page(self, items, "Spaces")


def _by_arn(self: Any) -> dict[str, Any] | None:
    arn = self._get_param("ResourceArn") or ""
    if ":user-profile/" not in arn:
        return None
    from moto.sagemaker.exceptions import ValidationError

    domain, _, name = arn.partition(":user-profile/")[2].partition("/")
    profile = _state(self).profiles.get((domain, name))
    if profile is None:
        raise ValidationError(message=f"Could not find user-profile with name {name}")
    return profile


def _tag_handler(original: Callable[[Any], Any], operation: str) -> Callable[[Any], Any]:
    """Tag calls on user-profile ARNs go to the fake; the others to moto's own handler."""

    def handle(self: Any) -> Any:
        from moto.core.responses import ActionResult, EmptyResult

        profile = _by_arn(self)
        if profile is None:
            return original(self)
        tags: list[dict[str, str]] = profile["Tags"]
        if operation == "list_tags":
            return _page(self, list(tags), "Tags")
        if operation == "add_tags":
            new = {t["Key"]: t["Value"] for t in self._get_param("Tags") or []}
            profile["Tags"] = [t for t in tags if t["Key"] not in new]
            profile["Tags"] += [{"Key": k, "Value": v} for k, v in new.items()]
            return ActionResult({"Tags": profile["Tags"]})
        keys = set(self._get_param("TagKeys") or [])
        profile["Tags"] = [t for t in tags if t["Key"] not in keys]
        return EmptyResult()

    return handle


def handlers(response_class: Any) -> dict[str, Callable[[Any], Any]]:
    """The handlers to install on moto's SageMakerResponse (`response_class`)."""
    tag_ops = ("add_tags", "list_tags", "delete_tags")
    return {
        "create_user_profile": _create_user_profile,
        "describe_user_profile": _describe_user_profile,
        "update_user_profile": _update_user_profile,
        "delete_user_profile": _delete_user_profile,
        "list_user_profiles": _list_user_profiles,
        "list_apps": _list_apps,
        "list_spaces": _list_spaces,
        **{op: _tag_handler(getattr(response_class, op), op) for op in tag_ops},
    }

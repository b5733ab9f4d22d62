"""SageMaker Studio domains as typed, frozen objects, built from `studio/*.yaml` documents that
passed the studio schema: one domain per file, its user profiles each bound to a persona."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from governance.model import Origin
from governance.source import Document

__all__ = [
    "APP_ACTIVITIES",
    "APP_TYPES",
    "AppSettings",
    "SpaceStorage",
    "StudioDomain",
    "UserProfile",
    "build_domain",
]

# The apps a profile may name, as SageMaker's AppType calls them. Studio hides, per profile,
# those of these a profile's `apps` does not name (StudioWebPortalSettings.HiddenAppTypes).
APP_TYPES: Mapping[str, str] = {
    "jupyterlab": "JupyterLab",
    "code-editor": "CodeEditor",
    "canvas": "Canvas",
    "rstudio": "RStudioServerPro",
}
# Apps that need an activity beyond run-studio-apps (lint STU003 checks the persona has it).
APP_ACTIVITIES: Mapping[str, str] = {"canvas": "canvas-core-access"}


@dataclass(frozen=True)
class AppSettings:
    """An editor app's defaults; None fields are left to the domain. (No idle shutdown:
    CloudFormation's AWS::SageMaker::UserProfile cannot express it, and the exports and the
    deployer must agree.)"""

    instance_type: str | None = None


@dataclass(frozen=True)
class SpaceStorage:
    default_gb: int
    max_gb: int


@dataclass(frozen=True)
class UserProfile:
    name: str
    persona: str
    sso_user: str | None
    # The apps shown, each with its settings (None: the domain's); None: apps not managed.
    apps: Mapping[str, AppSettings | None] | None
    space_storage: SpaceStorage | None
    tags: Mapping[str, str]
    origin: Origin = field(compare=False)


@dataclass(frozen=True)
class StudioDomain:
    id: str
    name: str
    account: str
    region: str
    profiles: Mapping[str, UserProfile]  # by name, in the file's order
    origin: Origin = field(compare=False)
    builtin: bool = False  # never: the catalog ships no domains (kept for the id checks)


def build_domain(doc: Document, builtin: bool = False) -> StudioDomain:
    """A StudioDomain from a document that passed the studio schema."""
    data = doc.data or {}
    profiles = {
        name: _profile(doc, name, raw) for name, raw in (data.get("profiles") or {}).items()
    }
    return StudioDomain(
        id=data["id"],
        name=data.get("name", data["id"]),
        account=data["account"],
        region=data["region"],
        profiles=profiles,
        origin=Origin(doc),
    )


def _profile(doc: Document, name: str, raw: Mapping[str, Any]) -> UserProfile:
    storage = raw.get("space_storage")
    apps = raw.get("apps")
    return UserProfile(
        name=name,
        persona=raw["persona"],
        sso_user=raw.get("sso_user"),
        apps=None if apps is None else {app: _app(s) for app, s in apps.items()},
        space_storage=None if storage is None else SpaceStorage(**storage),
        tags=dict(raw.get("tags", {})),
        origin=Origin(doc, ("profiles", name)),
    )


def _app(settings: Mapping[str, Any] | None) -> AppSettings | None:
    return None if settings is None else AppSettings(**settings)

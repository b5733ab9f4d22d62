"""What git wants in each Studio domain: its user profiles, each with its persona's role as
execution role and the settings its file gives, as SageMaker's UserSettings.

The exporters and the deployer read the same UserSettings, so a profile is the same in a
CloudFormation template, a Terraform file and the account after `roles apply`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from governance.deploy.desired import OWNER_TAG, DesiredRole
from governance.findings import MlgovError
from governance.iam.compiler import PERSONA_TAG
from governance.studio import APP_TYPES, AppSettings, StudioDomain, UserProfile

# Which UserSettings key holds each editor app's settings.
EDITOR_SETTINGS = {"jupyterlab": "JupyterLabAppSettings", "code-editor": "CodeEditorAppSettings"}


@dataclass(frozen=True)
class DesiredProfile:
    domain: str
    account: str
    region: str
    name: str
    persona_id: str
    role: DesiredRole
    role_arn: str
    settings: dict[str, Any]  # the UserSettings mlgov sets, ExecutionRole included
    tags: dict[str, str]
    sso_user: str | None

    @property
    def key(self) -> str:
        return f"{self.domain}/{self.name}"


def desired_profiles(
    domains: Mapping[str, StudioDomain], roles: list[DesiredRole], partition: str
) -> list[DesiredProfile]:
    by_persona = {r.persona_id: r for r in roles}
    found = []
    for domain_id in sorted(domains):
        domain = domains[domain_id]
        for name in sorted(domain.profiles):
            found.append(_desired(domain, domain.profiles[name], by_persona, partition))
    return found


def _desired(
    domain: StudioDomain,
    profile: UserProfile,
    roles: Mapping[str, DesiredRole],
    partition: str,
) -> DesiredProfile:
    role = roles.get(profile.persona)
    if role is None:  # lint reports why (REF010, or the persona's own errors)
        raise MlgovError(
            f"user profile {domain.id}/{profile.name} is bound to persona '{profile.persona}',"
            " which has no compiled role; fix the repository first (`mlgov lint`)"
        )
    arn = role_arn(role, partition, domain.account)
    tags = {**profile.tags, OWNER_TAG[0]: OWNER_TAG[1], PERSONA_TAG: profile.persona}
    return DesiredProfile(
        domain=domain.id,
        account=domain.account,
        region=domain.region,
        name=profile.name,
        persona_id=profile.persona,
        role=role,
        role_arn=arn,
        settings=user_settings(profile, arn),
        tags=dict(sorted(tags.items())),
        sso_user=profile.sso_user,
    )


def role_arn(role: DesiredRole, partition: str, account: str) -> str:
    return f"arn:{partition}:iam::{account}:role{role.path}{role.name}"


def user_settings(profile: UserProfile, execution_role: Any) -> dict[str, Any]:
    """SageMaker's UserSettings for `profile`: only what its file says, so what the file leaves
    out stays the domain's (and is neither set nor compared)."""
    settings: dict[str, Any] = {"ExecutionRole": execution_role}
    if profile.apps is not None:
        hidden = sorted(kind for app, kind in APP_TYPES.items() if app not in profile.apps)
        settings["StudioWebPortalSettings"] = {"HiddenAppTypes": hidden}
        for app, key in EDITOR_SETTINGS.items():
            chosen = profile.apps.get(app)
            if chosen is not None and (editor := _editor(chosen)):
                settings[key] = editor
    if profile.space_storage is not None:
        storage = profile.space_storage
        settings["SpaceStorageSettings"] = {
            "DefaultEbsStorageSettings": {
                "DefaultEbsVolumeSizeInGb": storage.default_gb,
                "MaximumEbsVolumeSizeInGb": storage.max_gb,
            }
        }
    return settings


def _editor(app: AppSettings) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if app.instance_type:
        settings["DefaultResourceSpec"] = {"InstanceType": app.instance_type}
    return settings


def single_location(profiles: Sequence[DesiredProfile]) -> tuple[str, str] | None:
    """The one (account, region) every profile is in, for an export that deploys into one
    place; None without profiles. Several places are refused: a stack or a Terraform
    provider block would create some profiles in the wrong region."""
    places = sorted({(p.account, p.region) for p in profiles})
    if len(places) > 1:
        where = ", ".join(f"{a}/{r}" for a, r in places)
        raise MlgovError(
            f"the Studio domains are in several accounts or regions ({where}); an export "
            "deploys into one: keep one domain's account and region per repository, or use "
            "`mlgov roles apply`, which handles each domain in its region"
        )
    return places[0] if places else None

"""Reading what the Studio domains git names hold: their user profiles, with the settings and
tags of those git lists and the tags of the others (to tell mlgov's from the rest). Only read
calls; an error becomes one clear MlgovError. Apps and private spaces are read only for the
profiles `--prune` would delete, since a profile cannot be deleted while it has them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from governance.deploy.desired import OWNER_TAG
from governance.deploy.observe import error_text
from governance.findings import MlgovError
from governance.studio import StudioDomain

PAGE = 100  # the maximum for SageMaker's list calls
NOT_FOUND = ("ResourceNotFound",)
GONE = "Deleted"  # an app's status once deleted; list_apps still shows it for a while


@dataclass(frozen=True)
class ActualProfile:
    domain: str
    name: str
    arn: str
    status: str
    settings: dict[str, Any]  # UserSettings; read for the profiles git lists only
    tags: dict[str, str]
    owned: bool
    apps: tuple[str, ...] = ()  # apps not yet deleted ("JupyterLab default"); prune only
    spaces: tuple[str, ...] = ()  # private spaces it owns; prune only


@dataclass(frozen=True)
class DomainState:
    id: str
    region: str
    exists: bool
    sso: bool  # the domain signs users in with IAM Identity Center
    profiles: dict[str, ActualProfile]  # by name


@dataclass(frozen=True)
class StudioState:
    account: str
    partition: str
    domains: dict[str, DomainState]  # the domains git names in this account, by id
    elsewhere: tuple[str, ...] = ()  # git's domains in other accounts: not read


def read_studio(
    sagemaker: Callable[[str], Any],
    domains: Mapping[str, StudioDomain],
    account: str,
    partition: str,
    prune: bool = False,
) -> StudioState:
    """`sagemaker(region)` gives the client of a region."""
    states, elsewhere = {}, []
    for domain_id in sorted(domains):
        domain = domains[domain_id]
        if domain.account != account:
            elsewhere.append(domain_id)
            continue
        reader = _Reader(sagemaker(domain.region), partition, account, domain.region)
        states[domain_id] = reader.domain(domain, prune)
    return StudioState(account, partition, states, tuple(elsewhere))


class _Reader:
    def __init__(self, sm: Any, partition: str, account: str, region: str) -> None:
        self.sm, self.region = sm, region
        self.arn_prefix = f"arn:{partition}:sagemaker:{region}:{account}:user-profile/"

    def call(self, operation: str, **params: Any) -> Any:
        try:
            return getattr(self.sm, operation)(**params)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in NOT_FOUND:
                return None
            raise self._failed(operation, error) from None
        except BotoCoreError as error:
            raise self._failed(operation, error) from None

    def _failed(self, operation: str, error: ClientError | BotoCoreError) -> MlgovError:
        return MlgovError(
            f"reading the account failed: sagemaker.{operation} ({self.region}): "
            f"{error_text(error)}"
        )

    def pages(self, operation: str, key: str, **params: Any) -> Iterator[dict[str, Any]]:
        params["MaxResults"] = PAGE
        while True:
            page = self.call(operation, **params) or {}
            yield from page.get(key, [])
            if not page.get("NextToken"):
                return
            params["NextToken"] = page["NextToken"]

    def domain(self, domain: StudioDomain, prune: bool) -> DomainState:
        described = self.call("describe_domain", DomainId=domain.id)
        if described is None:
            return DomainState(domain.id, domain.region, False, False, {})
        listed = [
            p["UserProfileName"]
            for p in self.pages("list_user_profiles", "UserProfiles", DomainIdEquals=domain.id)
        ]
        profiles = {}
        for name in sorted(set(listed)):
            profile = self.profile(domain.id, name, wanted=name in domain.profiles)
            if profile is not None:
                profiles[name] = profile
        if prune:
            profiles = self._leftovers(domain.id, profiles, set(domain.profiles))
        sso = described.get("AuthMode") == "SSO"
        return DomainState(domain.id, domain.region, True, sso, profiles)

    def profile(self, domain_id: str, name: str, wanted: bool) -> ActualProfile | None:
        arn, status = f"{self.arn_prefix}{domain_id}/{name}", "InService"
        settings: dict[str, Any] = {}
        if wanted:  # settings matter only where git says what they should be
            found = self.call("describe_user_profile", DomainId=domain_id, UserProfileName=name)
            if found is None:  # deleted since the list
                return None
            arn = found.get("UserProfileArn", arn)
            settings, status = found.get("UserSettings") or {}, found.get("Status", status)
        tags = {t["Key"]: t["Value"] for t in self.pages("list_tags", "Tags", ResourceArn=arn)}
        owned = tags.get(OWNER_TAG[0]) == OWNER_TAG[1]
        return ActualProfile(domain_id, name, arn, status, settings, tags, owned)

    def _leftovers(
        self, domain_id: str, profiles: dict[str, ActualProfile], wanted: set[str]
    ) -> dict[str, ActualProfile]:
        """Profiles --prune would delete, with what still stands in the way."""
        doomed = [p for n, p in profiles.items() if p.owned and n not in wanted]
        if not doomed:
            return profiles
        spaces: dict[str, list[str]] = {}
        for space in self.pages("list_spaces", "Spaces", DomainIdEquals=domain_id):
            owner = (space.get("OwnershipSettingsSummary") or {}).get("OwnerUserProfileName")
            if owner and space.get("Status") != "Deleting":
                spaces.setdefault(owner, []).append(space["SpaceName"])
        out = dict(profiles)
        for profile in doomed:
            apps = self.pages(
                "list_apps", "Apps", DomainIdEquals=domain_id, UserProfileNameEquals=profile.name
            )
            live = sorted(f"{a['AppType']} {a['AppName']}" for a in apps if a["Status"] != GONE)
            owned_spaces = tuple(sorted(spaces.get(profile.name, [])))
            out[profile.name] = replace(profile, apps=tuple(live), spaces=owned_spaces)
        return out

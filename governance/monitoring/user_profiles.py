"""The `user_profiles` section: every SageMaker Studio user profile of the account and region,
with the role its apps run as, so lint can flag access no persona documents.

Only DescribeUserProfile gives a profile's execution role, so the section costs one call per
profile (plus a list and a describe per domain); a profile that sets none runs as its domain's
default role, which the record says."""

from __future__ import annotations

from typing import Any

from governance.monitoring.calls import Caller, SectionUnreadable

GONE = "ResourceNotFound"  # deleted between the list and the describe: not there any more


def user_profiles(caller: Caller, sm: Any) -> list[dict[str, Any]]:
    found = []
    for domain in caller.pages(sm, "list_domains", "Domains"):
        domain_id = domain["DomainId"]
        described = caller.call(sm, "describe_domain", DomainId=domain_id)
        default = _role(described.get("DefaultUserSettings"))
        pages = caller.pages(sm, "list_user_profiles", "UserProfiles", DomainIdEquals=domain_id)
        for summary in pages:
            record = _profile(caller, sm, domain_id, summary["UserProfileName"], default)
            if record is not None:
                found.append(record)
    return sorted(found, key=lambda p: (p["domain"], p["name"]))


def _profile(
    caller: Caller, sm: Any, domain_id: str, name: str, default: str
) -> dict[str, Any] | None:
    try:
        described = caller.call(
            sm, "describe_user_profile", DomainId=domain_id, UserProfileName=name
        )
    except SectionUnreadable as error:
        if error.code == GONE:
            return None
        raise
    own = _role(described.get("UserSettings"))
    return {
        "domain": domain_id,
        "name": name,
        "execution_role": own or default,
        "from_domain": not own,
        "status": described.get("Status", "InService"),
    }


def _role(settings: dict[str, Any] | None) -> str:
    return str((settings or {}).get("ExecutionRole") or "")

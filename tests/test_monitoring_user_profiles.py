"""The snapshot's user_profiles section (governance/monitoring/user_profiles.py) on botocore's
Stubber: the exact calls in order, paging, the domain's default role, a profile deleted between
the list and the describe, and a denied read recorded as the section's error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from governance.monitoring.calls import Caller, SectionUnreadable
from governance.monitoring.sections import record
from governance.monitoring.user_profiles import user_profiles

ROLE = "arn:aws:iam::111122223333:role/"


@pytest.fixture
def stubbed() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "sagemaker",
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _domain(stubber: Stubber, domain: str, default: str | None) -> None:
    settings = {"ExecutionRole": ROLE + default} if default else {}
    stubber.add_response(
        "describe_domain",
        {"DomainId": domain, "DefaultUserSettings": settings},
        {"DomainId": domain},
    )


def _profile(stubber: Stubber, domain: str, name: str, role: str | None) -> None:
    settings = {"ExecutionRole": ROLE + role} if role else {}
    stubber.add_response(
        "describe_user_profile",
        {
            "DomainId": domain,
            "UserProfileName": name,
            "Status": "InService",
            "UserSettings": settings,
        },
        {"DomainId": domain, "UserProfileName": name},
    )


def test_every_profile_of_every_domain_with_its_role(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "list_domains",
        {"Domains": [{"DomainId": "d-one"}, {"DomainId": "d-two"}]},
        {"MaxResults": 100},
    )
    _domain(stubber, "d-one", "console-default")
    stubber.add_response(
        "list_user_profiles",
        {"UserProfiles": [{"UserProfileName": "zoe"}], "NextToken": "page-2"},
        {"DomainIdEquals": "d-one", "MaxResults": 100},
    )
    _profile(stubber, "d-one", "zoe", "mlgov/mlgov-ds-team-a")
    stubber.add_response(
        "list_user_profiles",
        {"UserProfiles": [{"UserProfileName": "adam"}]},
        {"DomainIdEquals": "d-one", "MaxResults": 100, "NextToken": "page-2"},
    )
    _profile(stubber, "d-one", "adam", None)  # no role of its own: the domain's
    _domain(stubber, "d-two", None)
    stubber.add_response(
        "list_user_profiles",
        {"UserProfiles": [{"UserProfileName": "gone"}, {"UserProfileName": "nobody"}]},
        {"DomainIdEquals": "d-two", "MaxResults": 100},
    )
    stubber.add_client_error(  # deleted between the list and the describe
        "describe_user_profile",
        "ResourceNotFound",
        "User profile gone does not exist",
        expected_params={"DomainId": "d-two", "UserProfileName": "gone"},
    )
    _profile(stubber, "d-two", "nobody", None)
    caller = Caller()
    found = user_profiles(caller, client)
    assert found == [
        {
            "domain": "d-one",
            "name": "adam",
            "execution_role": ROLE + "console-default",
            "from_domain": True,
            "status": "InService",
        },
        {
            "domain": "d-one",
            "name": "zoe",
            "execution_role": ROLE + "mlgov/mlgov-ds-team-a",
            "from_domain": False,
            "status": "InService",
        },
        {
            "domain": "d-two",
            "name": "nobody",
            "execution_role": "",
            "from_domain": True,
            "status": "InService",
        },
    ]
    assert dict(caller.counts) == {
        "sagemaker.list_domains": 1,
        "sagemaker.describe_domain": 2,
        "sagemaker.list_user_profiles": 3,
        "sagemaker.describe_user_profile": 4,
    }


def test_a_denied_read_is_the_sections_error(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response("list_domains", {"Domains": [{"DomainId": "d-one"}]}, {"MaxResults": 100})
    _domain(stubber, "d-one", None)
    stubber.add_client_error(
        "list_user_profiles", "AccessDeniedException", "not authorized", http_status_code=400
    )
    out: dict[str, Any] = {"errors": [], "user_profiles": []}
    record(out, "user_profiles", lambda: user_profiles(Caller(), client))
    assert out["errors"] == [
        {
            "section": "user_profiles",
            "operation": "sagemaker.list_user_profiles",
            "code": "AccessDeniedException",
            "message": "not authorized",
        }
    ]
    assert out["user_profiles"] == []  # with the error beside it: unknown, not "nobody"


def test_other_describe_errors_are_not_swallowed(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response("list_domains", {"Domains": [{"DomainId": "d-one"}]}, {"MaxResults": 100})
    _domain(stubber, "d-one", None)
    stubber.add_response(
        "list_user_profiles",
        {"UserProfiles": [{"UserProfileName": "ana"}]},
        {"DomainIdEquals": "d-one", "MaxResults": 100},
    )
    stubber.add_client_error("describe_user_profile", "ThrottlingException", "slow down")
    with pytest.raises(SectionUnreadable, match="ThrottlingException"):
        user_profiles(Caller(), client)


def test_the_demo_snapshot_records_the_studio_users() -> None:
    import json

    from tests.conftest import ROOT

    data = json.loads((ROOT / "snapshots" / "demo.json").read_text("utf-8"))
    users = {(u["name"], u["from_domain"]) for u in data["user_profiles"]}
    assert users == {
        ("ana-garcia", False),
        ("ben-okafor", False),
        ("chen-wei", False),
        ("contractor-1", True),
    }
    assert not [e for e in data["errors"] if e["section"] == "user_profiles"]

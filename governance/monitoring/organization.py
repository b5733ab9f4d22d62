"""The accounts of an AWS Organization as snapshot targets: `mlgov snapshot --organization ROLE`.

`organizations:ListAccounts` answers only in the management account or for a delegated
administrator, so it runs with the caller's own credentials, never the per-account reader role;
each ACTIVE account (State, or the older Status, is ACTIVE; suspended and closing ones have
nothing to read) becomes `arn:<partition>:iam::<account>:role/<ROLE>`, the partition taken from
the account's ARN. ROLE may carry the role's path (`mlgov/mlgov-governance-reader`).
"""

from __future__ import annotations

import re
from typing import Any

from governance.findings import MlgovError
from governance.monitoring.budget import Budget
from governance.monitoring.calls import Caller, SectionUnreadable
from governance.monitoring.session import client_config

PAGE_SIZE = 20  # ListAccounts' maximum
ROLE_NAME = re.compile(r"([\w+=,.@-]+/)*[\w+=,.@-]{1,64}")


def check_role_name(name: str) -> str:
    if not ROLE_NAME.fullmatch(name):
        raise MlgovError(
            f"--organization {name!r} is not a role name: give the name (with its path, if "
            "any) of the role to assume in each account, e.g. mlgov/mlgov-governance-reader"
        )
    return name


def active_accounts(client: Any, caller: Caller) -> list[tuple[str, str]]:
    """(account id, partition) of each ACTIVE account, sorted by id."""
    found = {}
    for account in caller.pages(client, "list_accounts", "Accounts", page_size=PAGE_SIZE):
        if account.get("State", account.get("Status")) == "ACTIVE":
            found[account["Id"]] = account["Arn"].split(":")[1]
    return sorted(found.items())


def organization_roles(
    role: str,
    *,
    profile: str | None,
    region: str | None,
    endpoint_url: str | None,
    credentials: dict[str, str] | None = None,
    timeout: float,
    read_timeout: float,
) -> list[str]:
    """The role ARN to assume in each ACTIVE account. Listing the accounts is a precondition
    of the run, so its failure is a configuration error (exit 2), not an unreadable target."""
    import boto3

    budget = Budget(timeout)
    session = boto3.Session(profile_name=profile, region_name=region, **(credentials or {}))
    config = client_config(read_timeout=min(read_timeout, timeout))
    client = session.client("organizations", endpoint_url=endpoint_url, config=config)
    budget.attach(client)
    try:
        accounts = active_accounts(client, Caller(budget))
    except SectionUnreadable as error:
        raise MlgovError(
            f"--organization: cannot list the organization's accounts: {error.operation} "
            f"{error.code}: {error.message} (run with credentials of the management account "
            "or of a delegated administrator, allowed organizations:ListAccounts)"
        ) from error
    if not accounts:
        raise MlgovError("--organization: the organization has no ACTIVE account")
    return [f"arn:{partition}:iam::{account}:role/{role}" for account, partition in accounts]

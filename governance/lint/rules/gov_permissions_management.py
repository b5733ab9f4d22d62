"""GOV001: a persona granted actions that change who may access what."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from governance.findings import JsonPath, Severity
from governance.iam.actiondata import ActionCatalog
from governance.iam.analysis.grants import POSITIVE, base_operator, conditions
from governance.iam.analysis.statement import PolicyUnderTest, as_list
from governance.lint.context import LintContext, RoleUnderTest
from governance.lint.rule import Hit, Rule

LEVEL = "Permissions management"
SETTING = "permissions_management_allow"
LISTED = 5  # actions named in one message
EVERYTHING = ("*", "*:*")


def check(role: RoleUnderTest, ctx: LintContext) -> Iterator[Hit]:
    allowed = tuple(str(p).lower() for p in as_list(ctx.config.lint.get(SETTING, [])))
    for policy in role.policies:
        for path, statement in policy.statements():
            if statement.get("Effect") != "Allow" or {"Principal", "NotPrincipal"} & set(statement):
                continue
            for where, actions in _granted(path, statement, ctx.catalog):
                shown = [a for a in actions if not _allowed(a, allowed, statement)]
                if shown:
                    yield _hit(role, policy, where, shown)


def _granted(
    path: JsonPath, statement: dict[str, Any], catalog: ActionCatalog
) -> Iterator[tuple[JsonPath, list[str]]]:
    """Each Action item with the permissions-management actions it grants; `*` and NotAction
    grant them all, which is said without listing thousands of names."""
    if "Action" not in statement:
        if "NotAction" in statement:
            yield (*path, "NotAction"), ["every action not listed in NotAction"]
        return
    value = statement["Action"]
    for index, item in enumerate(as_list(value)):
        if not isinstance(item, str):
            continue
        where = (*path, "Action", index) if isinstance(value, list) else (*path, "Action")
        if item in EVERYTHING:
            yield where, ["every action"]
        elif names := _permissions_management(catalog, item.lower()):
            yield where, list(names)


@lru_cache(maxsize=4096)  # bounded: patterns and ARNs come from the input
def _permissions_management(catalog: ActionCatalog, pattern: str) -> tuple[str, ...]:
    service, _, name = pattern.partition(":")
    services = fnmatch.filter(sorted(catalog.services), service) if "*" in service else [service]
    names = [
        found
        for svc in services
        for found in (catalog.expand(f"{svc}:{name}") if "*" in name or "?" in name else [pattern])
    ]
    return tuple(
        info.full_name
        for info in (catalog.action(n) for n in names)
        if info is not None and LEVEL in info.access_levels
    )


def _allowed(action: str, allowed: tuple[str, ...], statement: dict[str, Any]) -> bool:
    if any(fnmatch.fnmatchcase(action.lower(), pattern) for pattern in allowed):
        return True
    usual = USUAL.get(action.lower())
    return usual is not None and usual(statement)


def _hit(role: RoleUnderTest, policy: PolicyUnderTest, where: JsonPath, names: list[str]) -> Hit:
    listed = ", ".join(names[:LISTED])
    more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
    message = (
        f"persona '{role.persona.id}' is granted permissions-management actions: {listed}{more}"
    )
    hint = (
        "these change who may access what; if the persona needs them, list them under "
        f"[tool.mlgov.lint] {SETTING}, or waive this finding with the reason"
    )
    return Hit(policy.doc, where, message, hint)


# -- the usual, harmless forms of some permissions-management actions ------------------------


def _values(statement: dict[str, Any], key: str, operators: set[str]) -> list[list[Any]]:
    """The value lists of every test of `key` with one of `operators` (no IfExists)."""
    out = []
    for operator, found, values in conditions(statement):
        base, if_exists = base_operator(operator)
        if found == key and base in operators and not if_exists:
            out.append(values)
    return out


def _pass_to_named_roles(statement: dict[str, Any]) -> bool:
    """PassRole on named roles, to named services: the compiler's compute-role grant."""
    resources = as_list(statement.get("Resource"))
    named = bool(resources) and all(
        isinstance(r, str) and "*" not in r and "?" not in r for r in resources
    )
    services = _values(statement, "iam:passedtoservice", POSITIVE)
    return (
        named
        and "NotResource" not in statement
        and any(all(isinstance(v, str) and "*" not in v for v in vs) for vs in services)
    )


def _grant_for_aws_resource(statement: dict[str, Any]) -> bool:
    """kms:CreateGrant only for AWS services acting for the caller (SageMaker's volumes)."""
    return any(
        values and all(str(v).lower() == "true" for v in values)
        for values in _values(statement, "kms:grantisforawsresource", {"bool"})
    )


def _owner_only_acl(statement: dict[str, Any]) -> bool:
    """ACL changes limited to canned ACLs that give no one else access."""
    harmless = {"bucket-owner-full-control", "private"}
    return any(
        values and all(v in harmless for v in values)
        for values in _values(statement, "s3:x-amz-acl", {"stringequals"})
    )


def _always(statement: dict[str, Any]) -> bool:
    return True


USUAL: dict[str, Callable[[dict[str, Any]], bool]] = {
    "iam:passrole": _pass_to_named_roles,
    "kms:creategrant": _grant_for_aws_resource,
    "s3:putbucketacl": _owner_only_acl,
    "s3:putobjectacl": _owner_only_acl,
    # What SageMaker's VPC mode documents for execution roles: the permission lets an AWS
    # service attach its network interfaces in the VPC (only AWS-authorized accounts can be
    # given it); it opens no data and no identity to anyone.
    "ec2:createnetworkinterfacepermission": _always,
    "ec2:deletenetworkinterfacepermission": _always,
}


RULE = Rule(
    id="GOV001",
    title="Persona granted permissions-management actions",
    rationale=(
        "Actions of IAM's access level *Permissions management* change who may access what: "
        "IAM policies and roles, bucket and key policies, grants, ACLs, resource shares. A "
        "reviewer should know of every persona that has them. The usual harmless forms are "
        "not reported: `iam:PassRole` on named roles with `iam:PassedToService`, "
        "`kms:CreateGrant` with `kms:GrantIsForAWSResource`, ACLs limited to "
        "`bucket-owner-full-control`, and the network-interface permissions of SageMaker's "
        "VPC mode. Actions a repository accepts can be listed under `[tool.mlgov.lint] "
        "permissions_management_allow` (patterns such as `kms:CreateGrant`)."
    ),
    severity=Severity.WARNING,
    scope="role",
    check=check,
    bad="policies: [policies/bucket-admin.json]  # s3:PutBucketPolicy\n",
    good="policies: [policies/bucket-read.json]  # s3:GetBucketPolicy\n",
)

"""GOV002: a data-scientist persona that can delete or change endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import JsonPath, Severity
from governance.iam.analysis.grants import collect
from governance.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from governance.iam.analysis.statement import PolicyUnderTest
    from governance.lint.context import LintContext, RoleUnderTest
    from governance.repository import Repository

BASE = "data-scientist"  # the built-in persona, builtin:data-scientist
# Endpoints serve production traffic: deleting one, or its configuration, or switching it to
# another configuration changes what production answers.
ENDPOINT_ACTIONS = {
    "sagemaker:deleteendpoint": "sagemaker:DeleteEndpoint",
    "sagemaker:deleteendpointconfig": "sagemaker:DeleteEndpointConfig",
    "sagemaker:updateendpoint": "sagemaker:UpdateEndpoint",
}


def check(role: RoleUnderTest, ctx: LintContext) -> Iterator[Hit]:
    if ctx.repo is None or not _is_data_scientist(role, ctx.repo):
        return
    grants = collect(role.policies, frozenset(ENDPOINT_ACTIONS), ctx.catalog, ctx.today)
    places: dict[tuple[str, JsonPath], tuple[PolicyUnderTest, list[str]]] = {}
    for action in ENDPOINT_ACTIONS:
        for grant in grants.granted(action):
            key = (grant.policy.doc.path, grant.path)
            places.setdefault(key, (grant.policy, []))[1].append(ENDPOINT_ACTIONS[action])
    for (_, path), (policy, actions) in places.items():
        message = (
            f"data-scientist persona '{role.persona.id}' may {', '.join(actions)}: "
            "actions that change or remove production endpoints"
        )
        hint = (
            "leave endpoints to an MLOps persona (drop the activity that grants this, e.g. "
            "with `without:`), or waive it with the reason"
        )
        yield Hit(policy.doc, path, message, hint)


def _is_data_scientist(role: RoleUnderTest, repo: Repository) -> bool:
    """Whether the persona's `extends` chain reaches the built-in data scientist (a title
    saying "data scientist" is not enough: the chain is what the role is made of)."""
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.iam.resolve import chain

    return any(p.builtin and p.id == BASE for p in chain(repo, role.persona))


RULE = Rule(
    id="GOV002",
    title="Data scientist can delete or update endpoints",
    rationale=(
        "Personas built on `builtin:data-scientist` experiment, train and register models; "
        "deploying to production is MLOps' job. A data scientist allowed "
        "`sagemaker:DeleteEndpoint`, `DeleteEndpointConfig` or `UpdateEndpoint` can take "
        "down or silently replace a production model. It may be intended (a team that runs "
        "its own endpoints), so this is a warning: a reviewer should know and decide."
    ),
    severity=Severity.WARNING,
    scope="role",
    check=check,
    bad="extends: builtin:data-scientist\nactivities: [manage-endpoints]\n",
    good="extends: builtin:data-scientist\nactivities: [manage-models]\n",
)

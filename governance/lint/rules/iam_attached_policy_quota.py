"""IAM022: a role with more attached policies than the configured quota allows."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext, RoleUnderTest
from governance.lint.rule import Hit, Rule


def check(role: RoleUnderTest, ctx: LintContext) -> Iterator[Hit]:
    # The compiler refuses to build such a role (CMP003), so this is a guard against a
    # compiler bug or a bundle built some other way: the count is taken from the bundle's
    # contents, not from its own quota summary.
    bundle = role.bundle
    compiled = 0 if bundle.policy_style == "inline" else len(bundle.policies)
    count = len(bundle.managed_policy_arns) + compiled
    limit = _limit(role, ctx)
    if count <= limit:
        return
    doc = role.persona.origin.doc
    where = ("managed_policies",) if "managed_policies" in (doc.data or {}) else ()
    message = (
        f"role '{bundle.role_name}' would have {count} attached policies "
        f"({len(bundle.managed_policy_arns)} AWS managed, {compiled} compiled); "
        f"the limit is {limit}"
    )
    hint = "drop managed policies or activities, or raise max_managed_policies to your quota"
    yield Hit(doc, where, message, hint, at_key=bool(where))


def _limit(role: RoleUnderTest, ctx: LintContext) -> int:
    attached = role.bundle.quotas.get("attached_managed_policies")
    if isinstance(attached, dict) and isinstance(attached.get("limit"), int):
        return attached["limit"]
    return ctx.config.max_managed_policies


RULE = Rule(
    id="IAM022",
    title="Role has more attached policies than its quota",
    rationale=(
        "IAM attaches at most `max_managed_policies` managed policies to a role (10 by "
        "default; the quota can be raised to 20). AWS managed policies and, with "
        '`policy_style = "managed"`, each compiled policy take one slot; a role over the '
        "quota fails to deploy. The compiler already refuses such a role (CMP003); this rule "
        "re-checks every compiled role so that no bundle over the quota is ever passed on."
    ),
    severity=Severity.ERROR,
    scope="role",
    check=check,
    waivable=False,
)

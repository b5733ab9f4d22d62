"""IAM021: a policy file that by itself allows a known privilege-escalation method."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.iam.analysis import escalation
from governance.lint.rule import Hit, Rule
from governance.lint.rules.escalation_common import hits as escalation_hits

if TYPE_CHECKING:
    from governance.iam.analysis.statement import PolicyUnderTest
    from governance.lint.context import LintContext, RoleUnderTest


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    # Compiled policies and the policy files of compiled personas are analysed with the rest
    # of their role by IAM020, where a persona's waivers apply; reporting them here as well
    # would give every such problem twice.
    if policy.kind != "file" or policy.doc.path in _role_policy_files(ctx):
        return
    yield from escalation_hits(escalation.find([policy], ctx.catalog, ctx.today))


# The answer for the last context's roles: every policy file asks, and the roles are the same.
_last: tuple[tuple[RoleUnderTest, ...], frozenset[str]] | None = None


def _role_policy_files(ctx: LintContext) -> frozenset[str]:
    global _last
    if ctx.repo is None:
        return frozenset()
    if _last is None or _last[0] is not ctx.roles:
        # Imported when run, not when registered: see governance/lint/registry.py.
        from governance.iam.resolve import chain

        names = frozenset(
            name
            for role in ctx.roles
            for persona in chain(ctx.repo, role.persona)
            for name in persona.policies
        )
        _last = (ctx.roles, names)
    return _last[1]


RULE = Rule(
    id="IAM021",
    title="Policy file allows privilege escalation",
    rationale=(
        "The analysis of IAM020 applied to one policy file alone, such as a file named on the "
        "command line (`mlgov lint some-policy.json`) or a policy file no persona uses. A "
        "policy file a persona uses is analysed together with the persona's other policies, "
        "by IAM020."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    bad=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",\n'
        '  "Action": ["iam:CreatePolicyVersion", "iam:AttachRolePolicy"], "Resource": "*"}]}'
    ),
    good=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",\n'
        '  "Action": ["iam:GetPolicyVersion", "iam:ListAttachedRolePolicies"], "Resource": "*"}]}'
    ),
)

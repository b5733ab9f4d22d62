"""IAM003: an Allow of every action of one service (`s3:*`)."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.actions import action_entries
from governance.iam.analysis.statement import PolicyUnderTest, is_allow
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        if not is_allow(statement):
            continue
        for entry in action_entries(path, statement, ctx.catalog):
            service, _, name = entry.text.lower().partition(":")
            # `*:*` is IAM002's; an unknown service is IAM001's.
            if name == "*" and service != "*" and entry.actions:
                message = f"'{entry.text}' allows all {len(entry.actions)} {service} actions"
                yield Hit(policy.doc, entry.path, message + ", and any AWS adds", _hint(service))


def _hint(service: str) -> str:
    return f"list the {service} actions the role needs, or a narrower pattern like '{service}:Get*'"


RULE = Rule(
    id="IAM003",
    title="Action is a service wildcard",
    rationale=(
        "`service:*` grants every action of a service, including its permissions-management "
        "actions (bucket policies, key policies) and actions AWS adds later. Listing the "
        "actions keeps the grant reviewable and stable."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    bad='{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::ml-data/*"}',
    good=(
        '{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], '
        '"Resource": "arn:aws:s3:::ml-data/*"}'
    ),
)

"""IAM013: a resource covered by another resource pattern of the same statement."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.redundant_common import redundant_hits


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    return redundant_hits(policy, ("Resource", "NotResource"), ignore_case=False)


RULE = Rule(
    id="IAM013",
    title="Redundant resource",
    rationale=(
        "A resource that another pattern of the same statement already matches adds nothing: "
        "'arn:aws:s3:::data/*' covers 'arn:aws:s3:::data/train/*'. ARNs are compared "
        "case-sensitively, as IAM does."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": "s3:GetObject", '
        '"Resource": ["arn:aws:s3:::data/*", "arn:aws:s3:::data/train/*"]}'
    ),
    good='{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::data/*"]}',
)

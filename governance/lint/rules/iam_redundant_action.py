"""IAM012: an action listed twice in a statement, or covered by a wildcard of the same one."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.redundant_common import redundant_hits


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    return redundant_hits(policy, ("Action", "NotAction"), ignore_case=True)


RULE = Rule(
    id="IAM012",
    title="Redundant action",
    rationale=(
        "An action listed twice (IAM compares actions case-blind) or covered by a wildcard of "
        "the same statement adds nothing but length: reviews get harder and the policy nears "
        "IAM's size quota sooner."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad='{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "*"}',
    good='{"Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*"}',
)

"""IAM011: an Allow with NotAction or NotResource."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.statement import PolicyUnderTest, is_allow
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

MESSAGES = {
    "NotAction": (
        "Allow with NotAction grants every action except the listed ones, including actions "
        "AWS adds later",
        "list the allowed actions in Action instead",
    ),
    "NotResource": (
        "Allow with NotResource grants the actions on every resource except the listed ones, "
        "including resources created later",
        "list the allowed resources in Resource instead",
    ),
}


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        if not is_allow(statement):
            continue  # Deny with NotAction is a common, sound guard
        for key, (message, hint) in MESSAGES.items():
            if key in statement:
                yield Hit(policy.doc, (*path, key), message, hint, at_key=True)


RULE = Rule(
    id="IAM011",
    title="Allow with NotAction or NotResource",
    rationale=(
        "An Allow with NotAction or NotResource grants by exclusion: everything not listed, now "
        "and in the future. Such grants are hard to review and grow silently as AWS adds "
        "services and accounts add resources."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad='{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}',
    good='{"Effect": "Allow", "Action": "sagemaker:ListTrainingJobs", "Resource": "*"}',
)

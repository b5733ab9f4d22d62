"""IAM009: a Resource or NotResource that is not an ARN."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.arns import arn_problem
from governance.iam.analysis.statement import PolicyUnderTest, entries
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        for key in ("Resource", "NotResource"):
            for entry in entries(path, statement, key):
                problem = arn_problem(entry.text)
                if problem:
                    yield Hit(
                        policy.doc,
                        entry.path,
                        f"'{entry.text}' is not a valid ARN: it {problem}",
                        "write arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (REGION and ACCOUNT "
                        "may be empty, e.g. arn:aws:s3:::bucket/*), or '*'",
                    )


RULE = Rule(
    id="IAM009",
    title="Malformed ARN",
    rationale=(
        "IAM rejects a policy whose resources are not ARNs, and a wrong but well-formed field "
        "(partition, region, account) makes the statement match nothing. Wildcards and policy "
        "variables such as ${aws:username} are allowed in every field."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    bad='{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3::ml-data/*"}',
    good='{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ml-data/*"}',
)

"""IAM002: an Allow of every action of every service."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.statement import EVERYTHING, PolicyUnderTest, entries, is_allow
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        if not is_allow(statement):
            continue
        for entry in entries(path, statement, "Action"):
            if entry.text in EVERYTHING:
                yield Hit(
                    policy.doc,
                    entry.path,
                    f"Action '{entry.text}' allows every action of every AWS service",
                    "list the actions the role needs; `mlgov explain` shows activities that do",
                )


RULE = Rule(
    id="IAM002",
    title="Action is a full wildcard",
    rationale=(
        '`Action: "*"` makes the role an administrator on whatever resources the statement '
        "names, including IAM itself, so it can grant itself anything else. ML roles never "
        "need it: every Role Manager activity lists its actions."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    bad='{"Effect": "Allow", "Action": "*", "Resource": "*"}',
    good='{"Effect": "Allow", "Action": "sagemaker:DescribeTrainingJob", "Resource": "*"}',
)

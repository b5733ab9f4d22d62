"""IAM023: a condition operator IAM does not have."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.operators import parse_operator, suggest_operator
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        block = statement.get("Condition")
        if not isinstance(block, dict):
            continue
        for text in block:
            operator = parse_operator(str(text))
            if operator.known:
                continue
            suggestion = suggest_operator(str(text))
            hint = f"did you mean '{suggestion}'?" if suggestion else _HINT
            message = f"'{text}' is not a condition operator: {operator.problem}"
            yield Hit(policy.doc, (*path, "Condition", text), message, hint, at_key=True)


_HINT = (
    "operators are StringEquals, NumericLessThan, DateGreaterThan, Bool, IpAddress, ArnLike, "
    "Null and the like, optionally with IfExists and a ForAllValues: or ForAnyValue: prefix"
)

RULE = Rule(
    id="IAM023",
    title="Unknown condition operator",
    rationale=(
        "IAM refuses a policy whose Condition uses an operator it does not have "
        "(`StringEqualz`, `NullIfExists`, `ForEachValue:StringEquals`): the deployment fails, "
        "or, in tools that skip the check, the test is meaningless. The grammar is IAM's: a "
        "base operator of the String, Numeric, Date, Bool, Binary, IpAddress or Arn family or "
        "Null, an `IfExists` suffix on any but Null, and an optional `ForAllValues:` or "
        "`ForAnyValue:` qualifier."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    waivable=False,
    bad=(
        '{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", '
        '"Condition": {"StringEqualz": {"aws:RequestedRegion": "eu-west-1"}}}'
    ),
    good=(
        '{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", '
        '"Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}'
    ),
)

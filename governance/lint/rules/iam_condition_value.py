"""IAM024: a condition value the operator's type cannot take."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.conditions import conditions
from governance.iam.analysis.statement import PolicyUnderTest
from governance.iam.analysis.values import value_problem
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

HINTS = {
    "Bool": 'write "true" or "false"',
    "Null": 'write "true" (the key is absent) or "false" (it is present)',
    "Numeric": "write a number",
    "Date": "write a real date: 2026-01-31, 2026-01-31T12:00:00Z, or epoch seconds",
    "IPAddress": "write an IPv4 or IPv6 address or CIDR range, such as 192.0.2.0/24",
    "Binary": "write the value base64-encoded",
    "ARN": "write an ARN (arn:aws:...), or use a String operator",
}


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        for entry in conditions(path, statement):
            family = entry.operator.family
            for where, value in entry.values():
                problem = value_problem(family, value)
                if problem:
                    yield Hit(
                        policy.doc,
                        where,
                        f"'{entry.operator.text}' compares {family} values, but {problem}: "
                        f"{_effect(entry.operator.negated)}",
                        HINTS.get(family or "", ""),
                    )


def _effect(negated: bool) -> str:
    if negated:
        return "the value never matches, so this negated test is always true"
    return "the value never matches a request"


RULE = Rule(
    id="IAM024",
    title="Condition value of the wrong form for its operator",
    rationale=(
        "IAM compares a condition's values as the operator's type: a date that is not a date "
        "of the calendar (`2020-13-45`, `bad`), an IP address with an octet over 255 or a "
        "prefix over 32, a number that is a word, a Bool or Null value that is not true or "
        "false, binary that is not base64, an Arn operator's value that is not an ARN. Such a "
        "value matches no request, so the test it is in is never true (a negated one always "
        "is): an Allow grants nothing, a Deny protects nothing or everything."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": "sagemaker:DeleteEndpoint", "Resource": "*", '
        '"Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}}'
    ),
    good=(
        '{"Effect": "Allow", "Action": "sagemaker:DeleteEndpoint", "Resource": "*", '
        '"Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}'
    ),
)

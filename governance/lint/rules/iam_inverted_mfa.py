"""IAM025: an MFA condition that does the opposite of requiring MFA."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.conditions import ConditionEntry, conditions
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

PRESENT = "aws:multifactorauthpresent"
AGE = "aws:multifactorauthage"
HINT_ALLOW = (
    'to require MFA, Allow with "Bool": {"aws:MultiFactorAuthPresent": "true"}, or Deny with '
    '"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}'
)


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        effect = statement.get("Effect")
        for entry in conditions(path, statement):
            problem = _allow_problem(entry) if effect == "Allow" else None
            if effect == "Deny":
                problem = _deny_problem(entry)
            if problem:
                message, hint = problem
                yield Hit(policy.doc, entry.path, message, hint, at_key=True)


def _texts(entry: ConditionEntry) -> set[str]:
    return {str(v).lower() for _, v in entry.values()}


def _allow_problem(entry: ConditionEntry) -> tuple[str, str] | None:
    key, base, texts = entry.key.lower(), entry.operator.base, _texts(entry)
    positive = base in ("Bool", "StringEquals", "StringEqualsIgnoreCase")
    if key == PRESENT and positive and texts == {"false"}:
        who = "sessions without MFA" + (
            " and long-term access keys" if entry.operator.if_exists else ""
        )
        return f"this Allow applies only to {who}: it grants nothing to MFA users", HINT_ALLOW
    negated = base in ("StringNotEquals", "StringNotEqualsIgnoreCase")
    if key == PRESENT and negated and texts == {"true"}:
        return "this Allow applies to every request without MFA", HINT_ALLOW
    if key in (PRESENT, AGE) and base == "Null" and texts == {"true"}:
        return (
            f"'Null: true' on {entry.key} holds only for long-term access keys, which never "
            "carry MFA: this Allow grants to them alone",
            HINT_ALLOW,
        )
    return None


def _deny_problem(entry: ConditionEntry) -> tuple[str, str] | None:
    key, base, texts = entry.key.lower(), entry.operator.base, _texts(entry)
    if key != PRESENT or base != "Bool":
        return None
    if texts == {"true"}:
        return (
            "this Deny applies only to sessions with MFA: the users who did sign in with MFA "
            "are refused",
            'deny without MFA: "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}',
        )
    if texts == {"false"} and not entry.operator.if_exists:
        return (
            "requests with long-term access keys have no aws:MultiFactorAuthPresent, so 'Bool: "
            "false' is not true for them and they escape this Deny",
            "use BoolIfExists, which also denies requests that lack the key",
        )
    return None


RULE = Rule(
    id="IAM025",
    title="MFA condition that does the opposite of requiring MFA",
    rationale=(
        "aws:MultiFactorAuthPresent is true for sessions signed in with MFA, false for other "
        "temporary credentials, and absent for long-term access keys. An Allow tested with "
        "`Bool ... false` (or `Null ... true`) grants only to requests without MFA, the "
        "opposite of the usual intent; a Deny tested with `Bool ... false` misses long-term "
        "keys, which lack the key altogether. AWS's own pattern is a Deny with "
        "`BoolIfExists ... false`, or an Allow with `Bool ... true`."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": "sagemaker:DeleteEndpoint", "Resource": "*", '
        '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}'
    ),
    good=(
        '{"Effect": "Allow", "Action": "sagemaker:DeleteEndpoint", "Resource": "*", '
        '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}'
    ),
)

"""IAM008: a condition operator that does not fit its key's type (values of the wrong form are
IAM024's, operators IAM does not have IAM023's)."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.conditions import ConditionEntry, conditions, key_type
from governance.iam.analysis.operators import FAMILY_OF
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        for entry in conditions(path, statement):
            typed = key_type(ctx.catalog, entry.key)
            yield from _set_operator(policy, entry, typed)
            mismatch = _family_mismatch(policy, entry, typed)
            if mismatch is not None:
                yield mismatch


def _set_operator(
    policy: PolicyUnderTest, entry: ConditionEntry, typed: str | None
) -> Iterator[Hit]:
    qualifier = entry.operator.qualifier
    if qualifier not in ("ForAllValues", "ForAnyValue") or typed is None:
        return
    if typed.startswith("ArrayOf"):
        return
    message = (
        f"ForAllValues on a single-valued key matches when the key is absent: '{entry.key}' "
        "is a single value, and a request without it passes the test"
        if qualifier == "ForAllValues"
        else f"ForAnyValue is for multi-valued keys; '{entry.key}' is a single value"
    )
    yield Hit(policy.doc, entry.path, message, f"drop the '{qualifier}:' prefix", at_key=True)


def _family_mismatch(
    policy: PolicyUnderTest, entry: ConditionEntry, typed: str | None
) -> Hit | None:
    family = FAMILY_OF.get(entry.operator.base) if entry.operator.known else None
    if family in (None, "Null") or typed is None:
        return None
    base_type = typed.removeprefix("ArrayOf")
    if family == base_type or (family == "ARN" and base_type == "String"):
        return None  # ARN operators on String keys: their values are checked instead
    return Hit(
        policy.doc,
        entry.path,
        f"'{entry.operator.text}' compares {family} values, but '{entry.key}' is of type {typed}",
        f"use {_suggest(entry.operator.base, base_type)}",
        at_key=True,
    )


def _suggest(base: str, key_type_name: str) -> str:
    negated = "Not" in base
    like = "Like" in base
    choices = {
        "String": "StringNotLike" if negated and like else "StringLike" if like else
                  "StringNotEquals" if negated else "StringEquals",
        "ARN": "ArnNotLike" if negated and like else "ArnLike" if like else
               "ArnNotEquals" if negated else "ArnEquals",
        "Numeric": "NumericNotEquals" if negated else "NumericEquals or another Numeric operator",
        "Date": "DateNotEquals" if negated else "DateEquals or another Date operator",
        "Bool": "Bool",
        "IPAddress": "NotIpAddress" if negated else "IpAddress",
    }  # fmt: skip
    return choices.get(key_type_name, f"an operator for {key_type_name} values")


RULE = Rule(
    id="IAM008",
    title="Condition operator does not fit the key's type",
    rationale=(
        "IAM compares condition values as the operator's type. A String operator on an ARN, "
        "number or date key compares text, not meaning: `StringEquals` on "
        "aws:MultiFactorAuthPresent tests the text 'true', a Date key compared as a string "
        "never orders. ForAllValues on a single-valued key is true when the key is absent, so "
        "the condition admits requests that lack it. Key types come from the IAM data, and for "
        "global keys from IAM's documentation."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", '
        '"Condition": {"StringEquals": {"sagemaker:NetworkIsolation": "true"}}}'
    ),
    good=(
        '{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", '
        '"Condition": {"Bool": {"sagemaker:NetworkIsolation": "true"}}}'
    ),
)

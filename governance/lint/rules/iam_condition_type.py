"""IAM008: a condition operator that does not fit its key's type or its values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from governance.findings import Severity
from governance.iam.analysis.conditions import ConditionEntry, conditions, key_type
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

# Operator families named by the key type they compare.
FAMILIES = {
    "String": ("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
               "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"),
    "Numeric": ("NumericEquals", "NumericNotEquals", "NumericLessThan",
                "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"),
    "Date": ("DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
             "DateGreaterThan", "DateGreaterThanEquals"),
    "ARN": ("ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike"),
    "IPAddress": ("IpAddress", "NotIpAddress"),
    "Bool": ("Bool",),
}  # fmt: skip
FAMILY_OF = {op: family for family, ops in FAMILIES.items() for op in ops}
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        for entry in conditions(path, statement):
            typed = key_type(ctx.catalog, entry.key)
            yield from _set_operator(policy, entry, typed)
            mismatch = _family_mismatch(policy, entry, typed)
            if mismatch is not None:
                yield mismatch
            else:
                yield from _values(policy, entry, typed)


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
    family = FAMILY_OF.get(entry.operator.base)
    if family is None or typed is None:
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


def _values(policy: PolicyUnderTest, entry: ConditionEntry, typed: str | None) -> Iterator[Hit]:
    base = entry.operator.base
    for where, value in entry.values():
        problem = _value_problem(base, value, typed)
        if problem:
            yield Hit(policy.doc, where, problem[0], problem[1])


def _value_problem(base: str, value: Any, typed: str | None) -> tuple[str, str] | None:
    if isinstance(value, str) and "${" in value:
        return None  # a policy variable: its type shows only at request time
    if base in ("Bool", "Null") and not _boolean(value):
        return f"'{base}' takes true or false, not {value!r}", 'write "true" or "false"'
    if FAMILY_OF.get(base) == "Numeric" and not _numeric(value):
        return f"'{base}' compares numbers, but {value!r} is not one", "write a number"
    if FAMILY_OF.get(base) == "ARN" and typed == "String" and not _arn_like(value):
        return (
            f"'{base}' compares ARNs, but {value!r} is not one",
            "use a String operator, or write the ARN",
        )
    return None


def _boolean(value: Any) -> bool:
    # Strictly: 1 == True in Python, but IAM wants true/false, as JSON booleans or strings.
    return isinstance(value, bool) or value in ("true", "false")


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float) or (
        isinstance(value, str) and bool(NUMBER.fullmatch(value))
    )


def _arn_like(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith("arn:") or value == "*")


RULE = Rule(
    id="IAM008",
    title="Condition operator does not fit the key's type or the values",
    rationale=(
        "IAM compares condition values as the operator's type. A String operator on an ARN, "
        "number or date key compares text, not meaning; Bool and Null take only true or false; "
        "Numeric operators need numbers. ForAllValues on a single-valued key is true when the "
        "key is absent, so the condition admits requests that lack it. Key types come from the "
        "IAM data, and for global keys from IAM's documentation."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", '
        '"Condition": {"StringEquals": {"sagemaker:NetworkIsolation": "yes"}}}'
    ),
    good=(
        '{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", '
        '"Condition": {"Bool": {"sagemaker:NetworkIsolation": "true"}}}'
    ),
)

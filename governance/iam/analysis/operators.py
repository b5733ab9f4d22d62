"""Condition operators as IAM's grammar has them: a base operator of a value type, an optional
`...IfExists` suffix (every base but Null), an optional `ForAllValues:` / `ForAnyValue:`
qualifier, and what each makes of a key the request does not have.

Source: IAM User Guide, "IAM JSON policy elements: Condition operators" and "Single-valued vs.
multivalued context keys" (https://docs.aws.amazon.com/IAM/latest/UserGuide/
reference_policies_elements_condition_operators.html)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

__all__ = ["BASES", "FAMILIES", "QUALIFIERS", "Operator", "parse_operator", "suggest_operator"]

# Base operator -> the value type it compares.
FAMILIES: dict[str, tuple[str, ...]] = {
    "String": (
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
    ),
    "Numeric": (
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
    ),
    "Date": (
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
    ),
    "Bool": ("Bool",),
    "Binary": ("BinaryEquals",),
    "IPAddress": ("IpAddress", "NotIpAddress"),
    "ARN": ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"),
    "Null": ("Null",),
}
BASES: dict[str, str] = {op.lower(): op for ops in FAMILIES.values() for op in ops}
FAMILY_OF: dict[str, str] = {op: family for family, ops in FAMILIES.items() for op in ops}
# "Not" operators are true when the key is absent: nothing is there to match.
NEGATED = frozenset(
    {
        "StringNotEquals",
        "StringNotEqualsIgnoreCase",
        "StringNotLike",
        "NumericNotEquals",
        "DateNotEquals",
        "NotIpAddress",
        "ArnNotEquals",
        "ArnNotLike",
    }
)
QUALIFIERS: dict[str, str] = {"forallvalues": "ForAllValues", "foranyvalue": "ForAnyValue"}
IF_EXISTS = "IfExists"


@dataclass(frozen=True)
class Operator:
    """`ForAnyValue:StringLikeIfExists` is qualifier ForAnyValue, base StringLike, if_exists.
    `base` is IAM's spelling when the operator is known, else as written; `problem` says why
    IAM would reject it ("" when it is valid)."""

    text: str
    qualifier: str
    base: str
    if_exists: bool
    problem: str = ""

    @property
    def known(self) -> bool:
        return not self.problem

    @property
    def family(self) -> str | None:
        return FAMILY_OF.get(self.base) if self.known else None

    @property
    def negated(self) -> bool:
        return self.base in NEGATED

    @property
    def canonical(self) -> str:
        qualifier = f"{self.qualifier}:" if self.qualifier else ""
        return f"{qualifier}{self.base}{IF_EXISTS if self.if_exists else ''}"

    def holds_without_key(self) -> bool:
        """What the test gives for a request without the key: IfExists and ForAllValues (an
        empty set has no value that fails) are true, so are the "Not" operators; Null is true
        only for "true" (decided by the caller); everything else is false."""
        if self.if_exists or self.qualifier == "ForAllValues":
            return True
        if self.qualifier == "ForAnyValue":
            return False
        return self.negated


@cache
def parse_operator(text: str) -> Operator:
    """The operator `text` names, with a problem when IAM has no such operator. Names are
    compared case-blind, as keys are; the messages give IAM's spelling."""
    qualifier, colon, rest = text.rpartition(":")
    if colon and qualifier.lower() not in QUALIFIERS:
        return Operator(text, qualifier, rest, False, f"'{qualifier}:' is not a set qualifier")
    canonical_qualifier = QUALIFIERS.get(qualifier.lower(), "")
    if_exists = rest.lower().endswith(IF_EXISTS.lower()) and rest.lower() not in BASES
    base = rest[: -len(IF_EXISTS)] if if_exists else rest
    known = BASES.get(base.lower())
    if known is None:
        return Operator(text, canonical_qualifier, base, if_exists, "IAM has no such operator")
    if if_exists and known == "Null":
        return Operator(text, canonical_qualifier, known, True, "Null has no IfExists form")
    return Operator(text, canonical_qualifier, known, if_exists)


def suggest_operator(text: str) -> str | None:
    """The nearest valid operator to a misspelt one: `StringEqualz` -> `StringEquals`."""
    operator = parse_operator(text)
    if operator.known:
        return None
    if operator.problem.startswith("Null has"):
        return "Null"
    candidates = [*BASES.values(), *(f"{b}{IF_EXISTS}" for b in BASES.values() if b != "Null")]
    tail = text.rpartition(":")[2]
    close = difflib.get_close_matches(tail, candidates, n=1, cutoff=0.6)
    if not close:
        return None
    qualifier = QUALIFIERS.get(operator.qualifier.lower(), "")
    if not qualifier and ":" in text:
        near = difflib.get_close_matches(text.rpartition(":")[0], list(QUALIFIERS.values()), n=1)
        qualifier = near[0] if near else ""
    return f"{qualifier}:{close[0]}" if qualifier else close[0]

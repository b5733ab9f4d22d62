"""IAM014: a statement another statement of the policy already grants (or denies) entirely."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from governance.findings import JsonPath, Severity
from governance.iam.analysis.globs import glob_covers
from governance.iam.analysis.statement import PolicyUnderTest, has_wildcard, sid_label
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

COMPARED = ("Action", "Resource")
SKIPPED = ("Sid", *COMPARED)


@dataclass(frozen=True)
class Shape:
    """What a statement grants: everything but its actions and resources must be equal (effect,
    conditions, principals) for one statement to cover another."""

    path: JsonPath
    label: str
    context: str
    actions: tuple[str, ...]  # lower-cased: IAM compares actions case-blind
    resources: tuple[str, ...]


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    statements = list(policy.statements())
    if len(statements) < 2:  # no other statement to cover it: spare the shapes' JSON
        return
    shapes = [s for path, st in statements if (s := _shape(path, st)) is not None]
    owners = _owners(policy, ctx)
    for i, shape in enumerate(shapes):
        cover = next(
            (
                o
                for j, o in enumerate(shapes)
                if j != i and _redundant(shape, i, o, j) and _same_source(owners, shape, o)
            ),
            None,
        )
        if cover is not None:
            yield Hit(
                policy.doc,
                shape.path,
                f"{shape.label} is redundant: {cover.label} has the same effect and conditions "
                "and covers all of its actions and resources",
                f"remove {shape.label}",
            )


def _owners(policy: PolicyUnderTest, ctx: LintContext) -> dict[JsonPath, frozenset[str]]:
    """For a compiled policy, the activities and policy files behind each statement."""
    compiled = getattr(ctx, "compiled", {}).get(policy.doc.path)
    if compiled is None or compiled.doc is not policy.doc:
        return {}
    return {
        ("Statement", i): frozenset(s.owner for s in sources)
        for i, sources in enumerate(compiled.sources)
    }


def _same_source(owners: dict[JsonPath, frozenset[str]], a: Shape, b: Shape) -> bool:
    """Two activities may well grant the same access; each keeps its own statement, and the
    redundancy is no one's mistake. Within one activity or file it is."""
    mine, theirs = owners.get(a.path), owners.get(b.path)
    return mine is None or theirs is None or bool(mine & theirs)


def _shape(path: JsonPath, statement: dict[str, Any]) -> Shape | None:
    if "NotAction" in statement or "NotResource" in statement:
        return None
    actions, resources = (_strings(statement.get(key)) for key in COMPARED)
    if not actions or not resources:
        return None
    # json, not orjson: a policy file may hold integers beyond 64 bits
    context = json.dumps({k: v for k, v in statement.items() if k not in SKIPPED}, sort_keys=True)
    lowered = tuple(a.lower() for a in actions)
    return Shape(path, sid_label(path, statement), context, lowered, resources)


def _strings(value: Any) -> tuple[str, ...]:
    """The value's strings, or () when anything in it is not a string (the schema reports it)."""
    items = value if isinstance(value, list) else [value]
    return tuple(items) if items and all(isinstance(i, str) for i in items) else ()


def _redundant(shape: Shape, i: int, other: Shape, j: int) -> bool:
    """`other` covers `shape`; of two statements covering each other, the later is redundant."""
    if shape.context != other.context or not _covers(other, shape):
        return False
    return j < i or not _covers(shape, other)


def _covers(general: Shape, specific: Shape) -> bool:
    return _all_covered(specific.actions, general.actions) and _all_covered(
        specific.resources, general.resources
    )


def _all_covered(items: tuple[str, ...], by: tuple[str, ...]) -> bool:
    literal = set(by)
    wildcards = [b for b in by if has_wildcard(b)]
    return all(item in literal or any(glob_covers(w, item) for w in wildcards) for item in items)


RULE = Rule(
    id="IAM014",
    title="Redundant statement",
    rationale=(
        "A statement whose actions and resources another statement with the same effect and "
        "conditions already covers changes nothing. It usually means two edits drifted apart: "
        "one was narrowed while the other still grants the old access. In a compiled policy, "
        "statements of different activities are not compared: two activities may each need "
        "the same access."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Version": "2012-10-17", "Statement": ['
        '{"Sid": "ReadAll", "Effect": "Allow", "Action": "s3:Get*", '
        '"Resource": "arn:aws:s3:::data/*"}, '
        '{"Sid": "ReadTrain", "Effect": "Allow", "Action": "s3:GetObject", '
        '"Resource": "arn:aws:s3:::data/train/*"}]}'
    ),
    good=(
        '{"Version": "2012-10-17", "Statement": ['
        '{"Sid": "ReadAll", "Effect": "Allow", "Action": "s3:Get*", '
        '"Resource": "arn:aws:s3:::data/*"}]}'
    ),
)

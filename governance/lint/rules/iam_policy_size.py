"""IAM015: a policy larger than IAM's size quota."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from governance.findings import Severity
from governance.iam.analysis.statement import PolicyUnderTest
from governance.iam.canonical import WHITESPACE, iam_size
from governance.iam.packing import INLINE_TOTAL_LIMIT, MANAGED_POLICY_LIMIT
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    if policy.doc.data is None:
        return
    size, limit = _size(policy.doc.data), _limit(policy, ctx)
    if size > limit:
        what = (
            "a role's inline policies together"
            if limit == INLINE_TOTAL_LIMIT
            else "a managed policy"
        )
        yield Hit(
            policy.doc,
            (),
            f"the policy is {size:,} characters without whitespace; IAM allows {limit:,} for "
            f"{what}",
            "split it into several policies, or merge statements with the same resources",
        )


def _size(data: Any) -> int:
    try:
        return iam_size(data)
    except TypeError:  # orjson refuses integers beyond 64 bits; the characters still count
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return len(WHITESPACE.sub("", text))


def _limit(policy: PolicyUnderTest, ctx: LintContext) -> int:
    """A role compiled with policy_style inline has one quota for all its inline policies."""
    for role in ctx.roles:
        if role.bundle.policy_style == "inline" and any(p is policy for p in role.policies):
            return INLINE_TOTAL_LIMIT
    return MANAGED_POLICY_LIMIT


RULE = Rule(
    id="IAM015",
    title="Policy exceeds IAM's size quota",
    rationale=(
        "IAM refuses a managed policy over 6,144 characters (whitespace not counted), and a "
        "role's inline policies over 10,240 together, so the deployment fails. mlgov compile "
        "packs its own output below the quotas; this rule catches policy files written by hand."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    waivable=False,
)

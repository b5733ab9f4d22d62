"""Rules the engine itself emits: about waivers, and a rule that crashed."""

from __future__ import annotations

from governance.codes import Code
from governance.findings import Severity
from governance.lint.rule import Rule

E, W = Severity.ERROR, Severity.WARNING

LNT001 = Code(
    "LNT001",
    "A rule crashed",
    "A bug in a rule must not stop the run or hide other findings; it is reported as a "
    "finding so that the gate fails visibly. Please report it.",
)
WVR001 = Code(
    "WVR001",
    "Waiver for an unknown rule",
    "A waiver naming no known rule waives nothing; probably a typo.",
    bad="waivers: [{rule: IAM099, reason: legacy bucket layout}]\n",
    good="waivers: [{rule: IAM004, reason: legacy bucket layout}]\n",
)
WVR002 = Code(
    "WVR002",
    "Unused waiver",
    "A waiver that matches no finding is stale: the problem was fixed, or the waiver "
    "never matched. Remove it, so that it cannot hide a future finding.",
    W,
)
WVR003 = Code(
    "WVR003",
    "Expired waiver",
    "The waiver's expiry date has passed: the finding it covered counts again.",
    bad="waivers: [{rule: IAM004, reason: bucket migration to ARNs, expires: 2020-01-31}]\n",
)
WVR004 = Code(
    "WVR004",
    "Waiver for a rule that cannot be waived",
    "Some findings (unknown actions, unresolved placeholders, schema errors) mean the "
    "file is wrong, not risky; they cannot be waived.",
)

RULES = tuple(Rule.from_code(c, "engine") for c in (LNT001, WVR001, WVR002, WVR003, WVR004))

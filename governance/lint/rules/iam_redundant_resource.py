"""IAM013: a resource covered by another resource pattern of the same statement."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext, PolicyUnderTest
from governance.lint.policyutil import Entry, entries, redundant_entries
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        for key in ("Resource", "NotResource"):
            listed = entries(path, statement, key)
            for entry, cover in redundant_entries(listed, ignore_case=False):
                yield Hit(policy.doc, entry.path, _message(entry, cover), f"remove '{entry.text}'")


def _message(entry: Entry, cover: Entry) -> str:
    if entry.text == cover.text:
        return f"'{entry.text}' is listed twice in this statement"
    return f"'{entry.text}' is already covered by '{cover.text}' in this statement"


RULE = Rule(
    id="IAM013",
    title="Redundant resource",
    rationale=(
        "A resource that another pattern of the same statement already matches adds nothing: "
        "'arn:aws:s3:::data/*' covers 'arn:aws:s3:::data/train/*'. ARNs are compared "
        "case-sensitively, as IAM does."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": "s3:GetObject", '
        '"Resource": ["arn:aws:s3:::data/*", "arn:aws:s3:::data/train/*"]}'
    ),
    good='{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::data/*"]}',
)

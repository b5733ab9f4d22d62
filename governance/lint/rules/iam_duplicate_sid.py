"""IAM016: two statements of a policy with the same Sid."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import JsonPath, Severity
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    first: dict[str, JsonPath] = {}
    for path, statement in policy.statements():
        sid = statement.get("Sid")
        if not isinstance(sid, str) or not sid:
            continue
        if sid in first:
            yield Hit(
                policy.doc,
                (*path, "Sid"),
                f"Sid '{sid}' is already used by the statement at {_where(first[sid])}",
                "give each statement its own Sid",
            )
        else:
            first[sid] = path


def _where(path: JsonPath) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else p for p in path)


RULE = Rule(
    id="IAM016",
    title="Duplicate Sid",
    rationale=(
        "Sids name statements in reviews, CloudTrail-driven tooling and waivers. IAM rejects "
        "duplicate Sids in some policy types and Access Analyzer flags them in the others; two "
        "statements with one name are also easy to confuse when editing."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Version": "2012-10-17", "Statement": ['
        '{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", '
        '"Resource": "arn:aws:s3:::data/*"}, '
        '{"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", '
        '"Resource": "arn:aws:s3:::data"}]}'
    ),
    good=(
        '{"Version": "2012-10-17", "Statement": ['
        '{"Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", '
        '"Resource": "arn:aws:s3:::data/*"}, '
        '{"Sid": "ListBucket", "Effect": "Allow", "Action": "s3:ListBucket", '
        '"Resource": "arn:aws:s3:::data"}]}'
    ),
)

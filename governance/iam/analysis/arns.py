"""ARNs: malformed ones, policy variables, and overlap with the IAM data's ARN formats."""

from __future__ import annotations

import re
from functools import cache

from governance.iam.analysis.globs import globs_overlap
from governance.iam.analysis.statement import has_wildcard

_VARIABLE = re.compile(r"\$\{[^}]*\}")  # IAM policy variables such as ${aws:username}

PARTITIONS = frozenset(
    {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}
)
_SERVICE = re.compile(r"[a-z0-9][a-z0-9-]*")
_REGION = re.compile(r"[a-z]{2,4}(-[a-z]+)+-\d+")
_ACCOUNT = re.compile(r"\d{12}|aws")  # `aws` owns AWS managed policies


def without_variables(arn: str) -> str:
    """The ARN with each policy variable as `*`: a variable may stand for any text."""
    return _VARIABLE.sub("*", arn)


def arn_problem(arn: str) -> str | None:
    """What makes `arn` malformed as a Resource, or None. Wildcards and variables are fine."""
    if arn == "*":
        return None
    if not arn.startswith("arn:"):
        return "does not start with 'arn:'"
    plain = without_variables(arn)
    if any(c.isspace() for c in plain):
        return "contains whitespace"
    fields = plain.split(":", 5)
    if len(fields) < 6:
        return f"has {len(fields)} of the 6 fields arn:partition:service:region:account:resource"
    return _field_problem(*fields[1:])


def _field_problem(
    partition: str, service: str, region: str, account: str, rest: str
) -> str | None:
    checks = (
        (partition, PARTITIONS.__contains__, f"has an unknown partition '{partition}'"),
        (service, _SERVICE.fullmatch, f"has a malformed service '{service}'"),
        (region, lambda r: not r or _REGION.fullmatch(r), f"has a malformed region '{region}'"),
        (
            account,
            lambda a: not a or _ACCOUNT.fullmatch(a),
            f"has an account '{account}' that is not 12 digits",
        ),
    )
    for value, valid, problem in checks:
        if not has_wildcard(value) and not valid(value):
            return problem
    return None if rest else "has an empty resource part"


@cache
def arn_format_glob(arn_format: str) -> str:
    """An IAM data ARN format (`arn:${Partition}:s3:::${BucketName}`) as a glob."""
    return _VARIABLE.sub("*", arn_format)


def arn_overlaps(arn: str, glob: str) -> bool:
    """Whether the (possibly wildcarded) ARN could name a resource the glob matches. Fields are
    compared one by one when both have all six, which keeps the matching cheap."""
    ours, theirs = arn.split(":", 5), glob.split(":", 5)
    if len(ours) == len(theirs) == 6:
        return all(globs_overlap(x, y) for x, y in zip(ours, theirs, strict=True))
    return globs_overlap(arn, glob)

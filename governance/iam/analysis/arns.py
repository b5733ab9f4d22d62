"""ARNs: malformed ones, policy variables, and overlap with the IAM data's ARN formats."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache, lru_cache
from pathlib import Path

from governance.iam.analysis.globs import glob_covers, globs_overlap
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


@lru_cache(maxsize=8192)  # bounded: ARNs come from the input; several rules ask about each
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
    if region and not has_wildcard(region) and not has_wildcard(partition):
        unknown = _region_problem(partition, region)
        if unknown:
            return unknown
    return None if rest else "has an empty resource part"


def _region_problem(partition: str, region: str) -> str | None:
    known = regions()
    if not known:
        return None  # no region list to compare with
    if region in known.get(partition, ()):
        return None
    home = next((p for p, names in known.items() if region in names), None)
    if home:
        return f"has region '{region}', which belongs to partition '{home}', not '{partition}'"
    return f"has region '{region}', which partition '{partition}' does not have"


@cache
def regions() -> dict[str, frozenset[str]]:
    """The regions of each partition, from botocore's partitions.json (botocore is installed
    with boto3, and upgraded as AWS opens regions); {} when it cannot be read. Read from the
    file, without importing botocore, which would slow every lint down."""
    spec = importlib.util.find_spec("botocore")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "data" / "partitions.json"
        try:
            raw = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        return {
            p["id"]: frozenset(r for r in p.get("regions", {}) if not r.endswith("-global"))
            for p in raw.get("partitions", [])
            if isinstance(p, dict) and "id" in p
        }
    return {}


@cache
def arn_format_glob(arn_format: str) -> str:
    """An IAM data ARN format (`arn:${Partition}:s3:::${BucketName}`) as a glob."""
    return _VARIABLE.sub("*", arn_format)


def fits_format(arn: str, arn_format: str) -> bool:
    """Whether the (possibly wildcarded) ARN could name a resource of the IAM data's format.
    A bucket name holds no `/`, so `bucket/*` names objects, never a bucket."""
    if arn_format.endswith(":::${BucketName}") and "/" in arn.split(":", 5)[-1]:
        return False
    return arn_overlaps(without_variables(arn), arn_format_glob(arn_format))


@lru_cache(maxsize=8192)
def every_resource_of(arn: str, arn_format: str) -> bool:
    """Whether the ARN names every resource of the format's type, in every region and account
    (of its partition): `arn:*:cloudtrail:*:*:trail/*`, `arn:aws:s3:::*/*`, `arn:*:*:*:*:*`.
    Such an ARN grants what `*` grants, for that type. A policy variable is one value per
    request (`user/${aws:username}` is the caller's own user), never every one."""
    ours = _VARIABLE.sub("\x02", arn).split(":", 5)
    if len(ours) != 6 or any(set(ours[i]) - {"*"} for i in (3, 4)):
        return False  # a region or an account named: not every one (the common case, fast)
    theirs = arn_format_glob(arn_format).split(":", 5)
    if len(theirs) != 6:
        return False
    return all(glob_covers(ours[i], theirs[i], ignore_case=i == 2) for i in (2, 3, 4, 5))


def arn_overlaps(arn: str, glob: str) -> bool:
    """Whether the (possibly wildcarded) ARN could name a resource the glob matches. Fields are
    compared one by one when both have all six, which keeps the matching cheap."""
    ours, theirs = arn.split(":", 5), glob.split(":", 5)
    if len(ours) == len(theirs) == 6:
        return all(globs_overlap(x, y) for x, y in zip(ours, theirs, strict=True))
    return globs_overlap(arn, glob)

"""IAM010: a resource ARN that none of the statement's actions can act on.

Resource-oriented on purpose: a resource is reported only when it fits NO action of the
statement, while another resource fits one (an Allow that nothing fits grants nothing: IAM027
names each action). Mixing bucket and object ARNs for ListBucket and GetObject in one statement
is normal and stays clean (parliament's RESOURCE_MISMATCH fired per action and flagged exactly
that)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from governance.findings import JsonPath, Severity
from governance.iam.actiondata import ActionCatalog
from governance.iam.analysis.actions import ActionEntry, action_entries, capped, known_actions
from governance.iam.analysis.arns import arn_format_glob, arn_problem, fits_format
from governance.iam.analysis.statement import PolicyUnderTest, entries, is_allow
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

# ARN glob -> (service:type, IAM data ARN format, required by the action)
ResourceTypes = dict[str, tuple[str, str, bool]]


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        items = action_entries(path, statement, ctx.catalog)
        if any(item.everything for item in items):
            continue  # every action: any resource fits one
        types = _resource_types(items, ctx)
        if not types:
            continue  # only actions that need "*", or unknown ones (IAM001)
        listed = [e for e in entries(path, statement, "Resource") if not arn_problem(e.text)]
        misfits = [e for e in listed if e.text != "*" and not _fits(e.text, types)]
        if is_allow(statement) and len(misfits) == len(listed):
            continue  # nothing fits: IAM027 names each action that grants nothing
        for entry in misfits:
            yield _hit(policy, entry.path, entry.text, types)


def _fits(resource: str, types: ResourceTypes) -> bool:
    return any(fits_format(resource, arn_format) for _, arn_format, _ in types.values())


def _resource_types(items: list[ActionEntry], ctx: LintContext) -> ResourceTypes:
    return _types_of(ctx.catalog, tuple(known_actions(items)))


@lru_cache(maxsize=1024)  # policies repeat their action lists (`s3:*` is 170 actions)
def _types_of(catalog: ActionCatalog, actions: tuple[str, ...]) -> ResourceTypes:
    types: ResourceTypes = {}
    for action in actions:
        info = catalog.action(action)
        if info is None:
            continue  # known_actions gives known ones; this keeps the type checker sure
        formats = catalog.resource_arns(action)
        required = catalog.required_resource_types(action)
        for name, arn_format in zip(info.resource_types, formats, strict=True):
            label = f"{info.service}:{name}"
            types.setdefault(arn_format_glob(arn_format), (label, arn_format, name in required))
    return types


def _hit(policy: PolicyUnderTest, where: JsonPath, arn: str, types: ResourceTypes) -> Hit:
    labels = sorted({label for label, _, _ in types.values()})
    label, example, _ = max(types.values(), key=lambda t: _likeness(arn, t[1], t[2]))
    return Hit(
        policy.doc,
        where,
        f"no action of this statement acts on '{arn}': its actions take {capped(labels)}",
        f"{label} ARNs look like {example}; fix the ARN, or drop it",
    )


def _likeness(arn: str, arn_format: str, required: bool) -> tuple[bool, int, bool]:
    """How well a format suits the hint: same service, then the same empty region/account
    fields (s3:::bucket suggests the object format, not the access point one), then required."""
    ours, theirs = arn.split(":", 5), arn_format.split(":", 5)
    same_service = len(ours) > 2 and ours[2] == theirs[2]
    empties = sum(
        (ours[i] == "") == (theirs[i] == "") for i in (3, 4) if len(ours) > i and len(theirs) > i
    )
    return same_service, empties, required


RULE = Rule(
    id="IAM010",
    title="Resource ARN of a type no action in the statement takes",
    rationale=(
        "A resource ARN only counts for actions that take its resource type: s3:GetObject on a "
        "bucket ARN (no /key), or sagemaker:CreateTrainingJob on an S3 ARN, grants nothing. The "
        "ARN is matched against the resource types' ARN formats in the IAM data; wildcards are "
        "read generously, so an ARN is reported only when no action could use it."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad='{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ml-data"}',
    good='{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ml-data/*"}',
)

"""Which resources an action can act on: the IAM data's resource types and their ARN formats.
An action with no resource type is authorised against `*` alone, so a statement that names
ARNs grants it nothing; one whose resources match none of its types grants it nothing either."""

from __future__ import annotations

from functools import cache

from governance.iam.actiondata import ActionCatalog
from governance.iam.analysis.arns import fits_format

__all__ = ["acts_on", "type_labels"]


def acts_on(catalog: ActionCatalog, action: str, resources: list[str]) -> bool:
    """Whether some resource pattern can name a resource the action acts on."""
    if "*" in resources:
        return True
    return any(_fits(catalog, action, r) for r in resources)


@cache
def _fits(catalog: ActionCatalog, action: str, resource: str) -> bool:
    return any(fits_format(resource, f) for f in catalog.resource_arns(action))


def type_labels(catalog: ActionCatalog, action: str) -> list[str]:
    """`s3:bucket (arn:${Partition}:s3:::${BucketName})` for each resource type of the action."""
    info = catalog.action(action)
    if info is None:
        return []
    formats = catalog.resource_arns(action)
    return [f"{info.service}:{t} ({f})" for t, f in zip(info.resource_types, formats, strict=True)]

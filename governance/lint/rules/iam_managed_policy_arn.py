"""IAM028: an AWS managed policy ARN that names no policy in AWS's list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.iam.managed_policies import managed_policies
from governance.lint.rule import Hit, Rule

if TYPE_CHECKING:
    from governance.lint.context import LintContext
    from governance.model import Activity, Persona


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if ctx.repo is None:
        return
    known = managed_policies()
    owners: list[Persona | Activity] = [*ctx.repo.personas.values(), *ctx.repo.activities.values()]
    for owner in sorted(owners, key=lambda o: o.origin.doc.path):
        for index, arn in enumerate(owner.managed_policies):
            problem = known.problem(arn)
            if problem:
                yield Hit(owner.origin.doc, ("managed_policies", index), *problem)
    for persona in ctx.repo.personas.values():
        boundary = persona.role.permissions_boundary
        problem = known.problem(boundary) if boundary else None
        if problem:
            where = ("role", "permissions_boundary")
            yield Hit(persona.origin.doc, where, f"permissions boundary: {problem[0]}", problem[1])


RULE = Rule(
    id="IAM028",
    title="AWS managed policy ARN that names no policy",
    rationale=(
        "AWS files many managed policies under a path (`policy/service-role/...`, "
        "`policy/job-function/...`): an ARN with the right name but another path, a misspelt "
        "name, or a policy AWS has deprecated names nothing, and attaching it fails, so the "
        "whole role fails to deploy. mlgov compares every `arn:...:iam::aws:policy/...` a "
        "persona or activity attaches (and a persona's permissions boundary) with a pinned, "
        "dated copy of AWS's own list of managed policies (`aws iam list-policies --scope "
        "AWS`, as MAMIP republishes it; scripts/refresh_managed_policies.py refreshes it)."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad=(
        "managed_policies:\n  - arn:aws:iam::aws:policy/AmazonSageMakerCanvasDirectDeployAccess\n"
    ),
    good=(
        "managed_policies:\n"
        "  - arn:aws:iam::aws:policy/service-role/AmazonSageMakerCanvasDirectDeployAccess\n"
    ),
)

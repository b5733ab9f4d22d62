"""MON007: a Studio user profile in a snapshot that runs as a role no persona has."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    partition = ctx.config.partition
    for item in ctx.snapshots:
        snapshot = item.snapshot
        roles = {
            f"arn:{partition}:iam::{snapshot.account}:role{r.bundle.path}{r.bundle.role_name}"
            for r in ctx.roles
        }
        for index, user in enumerate(snapshot.user_profiles or ()):
            if user.execution_role in roles:
                continue
            role = user.execution_role or "no role at all"
            how = "inherits the domain's default role " if user.from_domain else "runs as "
            yield Hit(
                item.doc,
                ("user_profiles", index, "execution_role"),
                f"Studio user profile {user.domain}/{user.name} in "
                f"{snapshot.account}/{snapshot.region} {how}{role}, which is no persona's role",
                "bind the profile to a persona in studio/ and run `mlgov roles apply`, or "
                "delete the profile",
            )


RULE = Rule(
    id="MON007",
    title="Studio user with undocumented access",
    rationale=(
        "A user profile whose execution role is no persona's was set up by hand, in the "
        "console: nobody reviewed what its user may do, and the site's persona pages do not "
        "show it. Bind it to a persona in git (mlgov then manages it) or remove it. A "
        "warning, pointing at the snapshot file, so that a committed snapshot never blocks "
        "unrelated changes."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    waivable=False,  # no studio profile to carry a waiver: select, ignore or re-rate it
    bad="# snapshot user_profiles: contractor runs as .../AmazonSageMaker-ExecutionRole-1\n",
    good="# snapshot user_profiles: ana runs as .../mlgov/mlgov-ds-team-a (a persona's)\n",
)

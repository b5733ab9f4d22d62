"""STU001: a Studio user profile bound to a persona that cannot run Studio applications."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.studio_common import bound_profiles

ACTIVITY = "run-studio-apps"  # governance/catalog/activities/run-studio-apps.yaml


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for bound in bound_profiles(ctx):
        if ACTIVITY in bound.role.bundle.activities:
            continue
        persona = bound.role.persona.id
        yield bound.hit(
            f"{bound.where} is bound to persona '{persona}', whose activities lack "
            f"{ACTIVITY} (Run Studio applications): the user could not open Studio",
            f"bind a persona with {ACTIVITY}, or add the activity to '{persona}'",
        )


RULE = Rule(
    id="STU001",
    title="Studio user's persona cannot run Studio applications",
    rationale=(
        "A user profile's execution role is its persona's role. Without the run-studio-apps "
        "activity (presigned URL, apps and spaces of one's own profile) the user cannot open "
        "Studio at all, so the binding is a mistake: usually the wrong persona, such as an "
        "auditor's or a reader's, was picked."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    waivable=False,  # a studio file has no waivers: select, ignore or re-rate it in config
    bad="profiles:\n  ana:\n    persona: ml-auditor   # search-experiments only\n",
    good="profiles:\n  ana:\n    persona: data-scientist   # has run-studio-apps\n",
)

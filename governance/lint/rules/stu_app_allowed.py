"""STU003: a Studio user profile shows an app its persona's activities do not grant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.studio_common import bound_profiles

if TYPE_CHECKING:
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if ctx.repo is None:  # no Studio domains (a run over policy files alone)
        return
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.studio import APP_ACTIVITIES

    for bound in bound_profiles(ctx):
        activities = bound.role.bundle.activities
        for app in bound.profile.apps or {}:
            needed = APP_ACTIVITIES.get(app)
            if needed is None or needed in activities:
                continue
            persona = bound.role.persona.id
            yield bound.hit(
                f"{bound.where} shows app {app}, but persona '{persona}' lacks the {needed} "
                "activity it needs: the user would see the app and fail to use it",
                f"add {needed} to persona '{persona}', or remove {app} from the profile's apps",
                "apps",
                app,
            )


RULE = Rule(
    id="STU003",
    title="Studio app the persona does not grant",
    rationale=(
        "Some Studio apps need permissions of their own beyond running Studio: Canvas needs "
        "the canvas-core-access activity (AWS's AmazonSageMakerCanvasFullAccess). A profile "
        "that shows such an app to a persona without them offers the user a button that "
        "fails; either the persona or the profile is wrong."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    waivable=False,
    bad="profiles:\n  ana:\n    persona: mlops   # no canvas-core-access\n    apps: {canvas: }\n",
    good="profiles:\n  ana:\n    persona: mlops\n    apps: {jupyterlab: }\n",
)

"""STU002: a Studio user profile bound to a compute-role persona."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.studio_common import bound_profiles

if TYPE_CHECKING:
    from governance.lint.context import LintContext

BASE = "compute-role"  # the built-in preset, builtin:compute-role


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if ctx.repo is None:
        return
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.iam.resolve import chain, resolve

    repo = ctx.repo
    passed = {resolve(repo, p).compute_role for p in repo.personas.values()}
    for bound in bound_profiles(ctx):
        persona = bound.role.persona
        built_on = any(p.builtin and p.id == BASE for p in chain(repo, persona))
        if persona.id not in passed and not built_on:
            continue
        why = "other personas pass it to jobs" if persona.id in passed else f"it extends {BASE}"
        yield bound.hit(
            f"{bound.where} is bound to compute-role persona '{persona.id}' ({why}): the user "
            "would act with the data access of every job, without a user persona's limits",
            "bind the profile to a user persona (one built on builtin:data-scientist or "
            "builtin:mlops, for instance)",
        )


RULE = Rule(
    id="STU002",
    title="Compute-role persona used as a Studio user's role",
    rationale=(
        "The compute role is what training jobs, pipelines and endpoints run as: it reads "
        "every team bucket and ECR image the jobs need, and user personas may pass only it. "
        "A person given it directly bypasses the separation Role Manager's personas make "
        "between who starts work and what the work may touch."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    waivable=False,
    bad="profiles:\n  ana:\n    persona: compute   # extends builtin:compute-role\n",
    good="profiles:\n  ana:\n    persona: data-scientist\n",
)

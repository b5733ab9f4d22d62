"""MON012: production's MLflow alias points at a version whose card is not Approved."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.mon_registry_common import documenting, registered


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for r in registered(ctx):
        served = r.model.production(r.ref.alias)
        if served is None or served[0] != r.ref.version or r.card.status == "Approved":
            continue
        number, how = served
        approved = [
            c for c in documenting(ctx, r.registry, r.model.name, number) if c.status == "Approved"
        ]
        if approved:
            continue  # another card of the same version is approved
        yield Hit(
            r.card.origin.doc,
            ("status",),
            f"{how} of {r.model.name} in {r.where} serves version {number}, and its card "
            f"{r.card.id} is {r.card.status}",
            "review and approve the card (`mlgov cards approve`), or point the alias back at an "
            "approved version",
        )


RULE = Rule(
    id="MON012",
    title="MLflow alias on a version without an Approved card",
    rationale=(
        "Moving the production alias is how an MLflow team ships a model; it should wait for "
        "the card's approval, as an endpoint must (MON001). The registry snapshot says which "
        "version the alias points at; the card that documents that version says whether it was "
        "approved. A version no card documents is MON010's (or MON011's) finding instead."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    bad="status: PendingReview\nmlflow: {registered_model: churn, version: 4}  # champion: 4\n",
    good="status: Approved\nmlflow: {registered_model: churn, version: 4}  # champion: 4\n",
)

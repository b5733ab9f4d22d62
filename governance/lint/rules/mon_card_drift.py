"""MON008: the SageMaker model card of a card (same name) says another status or risk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import JsonPath, Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if not ctx.snapshots:  # nothing to compare with (a run over policy files alone)
        return
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.monitoring.drift import card_differences, sagemaker_cards
    from governance.monitoring.index import SnapshotIndex

    indexes = [SnapshotIndex(item.snapshot) for item in ctx.snapshots]
    for card in cards(ctx):
        for snapshot, aws in sagemaker_cards(indexes, card.id):
            differences = card_differences(card, aws)
            if differences:
                yield Hit(
                    card.origin.doc,
                    _path(card.origin.doc.data or {}, differences),
                    f"the SageMaker model card {aws.name} in {snapshot.account}/{snapshot.region} "
                    f"({snapshot.file}) differs from git: {'; '.join(differences)}",
                    "push the card with `mlgov cards push`, or bring git in line with SageMaker",
                )


def _path(data: dict, differences: tuple[str, ...]) -> JsonPath:
    """The field that differs first: the status, else the risk rating where it is written."""
    if differences[0].startswith("status") or "risk_rating" not in data.get("intended_uses", {}):
        return ("status",)
    return ("intended_uses", "risk_rating")


RULE = Rule(
    id="MON008",
    title="Card differs from its SageMaker model card",
    rationale=(
        "`mlgov cards push` writes each card to SageMaker under its id; the SageMaker Model "
        "Dashboard shows that copy's status and risk rating. When someone changes one side "
        "only, reviewers in the console and readers of the governance site see different "
        "facts. The snapshot's `model_cards` are compared with git's card on every lint."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    bad="status: Approved  # the SageMaker card of the same name says Draft\n",
    good="status: Approved  # and so does the SageMaker card\n",
)

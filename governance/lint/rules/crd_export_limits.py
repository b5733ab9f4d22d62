"""CRD006: content that SageMaker would refuse once exported: a Content string over
SageMaker's 100,000-character limit. Per-field limits of the SageMaker sections are the
schema's (SCH006); governance fields longer than one custom_details value (1,024 characters)
are split over several keys on export, so only the total can be too large."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.cards.model import Card
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        yield from _limits(card)


def _limits(card: Card) -> Iterator[Hit]:
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.cards.sagemaker import CONTENT_LIMIT, SYNC_KEY, to_sagemaker

    # The most push's marker adds: `"additional_information": {"custom_details": {"mlgov.sync":
    # "sha256:<64 hex digits>"}}` with the separators around it.
    marker = (
        f'"additional_information": {{"custom_details": {{"{SYNC_KEY}": "sha256:{"0" * 64}"}}}}, '
    )
    # What push sends: the export and push's marker (governance/cards/sync.py).
    size = len(to_sagemaker(card).content_json()) + len(marker)
    if size > CONTENT_LIMIT:
        message = f"exported content would be {size} characters; SageMaker accepts {CONTENT_LIMIT}"
        yield Hit(card.origin.doc, (), message, "move long text to linked documents")


RULE = Rule(
    id="CRD006",
    title="Card content exceeds SageMaker's limits on export",
    rationale=(
        "SageMaker accepts at most 100,000 characters of card content, governance fields "
        "(mapped into custom_details) included. A card that passes its own schema can still be "
        "refused on push; this finds it before."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="out_of_scope_uses: [<100 uses of 1,000 characters each>]\n",
    good="out_of_scope_uses: [Pricing decisions.]\n",
)

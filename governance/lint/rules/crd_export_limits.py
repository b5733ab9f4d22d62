"""CRD006: content that SageMaker would refuse once exported: a governance field too long for
custom_details, or a Content string over SageMaker's size limit. Per-field limits of the
SageMaker sections are the schema's (SCH006); these appear only after mapping."""

from __future__ import annotations

from collections.abc import Iterator

from governance.cards.model import Card
from governance.cards.sagemaker import CONTENT_LIMIT, DETAIL_LIMIT, PREFIX, to_sagemaker
from governance.findings import JsonPath, Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        yield from _limits(card)


def _limits(card: Card) -> Iterator[Hit]:
    export = to_sagemaker(card)
    details = export.content.get("additional_information", {}).get("custom_details", {})
    for key in export.mapped:
        size = len(details[key])
        if size > DETAIL_LIMIT:
            message = (
                f"'{key}' would be {size} characters in custom_details; SageMaker accepts "
                f"{DETAIL_LIMIT}"
            )
            yield Hit(card.origin.doc, _source_path(key), message, "shorten it")
    size = len(export.content_json())
    if size > CONTENT_LIMIT:
        message = f"exported content would be {size} characters; SageMaker accepts {CONTENT_LIMIT}"
        yield Hit(card.origin.doc, (), message, "move long text to linked documents")


def _source_path(key: str) -> JsonPath:
    """The top-level field a mapped key came from (metric extras point at the card)."""
    name = key.removeprefix(PREFIX)
    return () if name.startswith("evaluation_details[") else (name,)


RULE = Rule(
    id="CRD006",
    title="Card content exceeds SageMaker's limits on export",
    rationale=(
        "SageMaker keeps governance fields only in custom_details, whose values hold 1,024 "
        "characters, and accepts at most 100,000 characters of content. A card that passes its "
        "own schema can still be refused on push; this finds it before."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="out_of_scope_uses: [<1,100 characters of text>]\n",
    good="out_of_scope_uses: [Pricing decisions.]\n",
)

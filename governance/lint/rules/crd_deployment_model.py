"""CRD012: a deployment that names a model the card does not describe."""

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
        described = described_models(card)
        # An Archived card is a record that cannot be edited any more (CRD003); a card that
        # names no model of its own cannot be contradicted.
        if card.status == "Archived" or not described:
            continue
        for deployment in card.deployments:
            if deployment.model is None or deployment.model in described:
                continue
            message = (
                f"endpoint {deployment.endpoint} serves model '{deployment.model}', but the card "
                f"describes {' and '.join(repr(m) for m in sorted(described))}"
            )
            hint = "update the deployment, or the card's model_overview (did an import swap it?)"
            yield Hit(deployment.origin.doc, (*deployment.origin.path, "model"), message, hint)


def described_models(card: Card) -> set[str]:
    """The SageMaker model names the card's overview gives: model_name, and model_id (a name,
    or an ARN ending in model/<name>)."""
    overview = card.section("model_overview")
    names = {str(overview["model_name"])} if overview.get("model_name") else set()
    model_id = str(overview.get("model_id") or "")
    if model_id:
        names.add(model_id.rsplit(":model/", 1)[-1] if ":model/" in model_id else model_id)
    return names


RULE = Rule(
    id="CRD012",
    title="Deployment of a model the card does not describe",
    rationale=(
        "A card's deployments join it to what runs (the monitoring snapshots); a deployment "
        "naming another model than the card's overview means the card documents one model while "
        "the endpoint serves another, typically after an import swapped the model."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="model_overview: {model_name: churn-v4}\ndeployments: [{endpoint: e, model: churn-v3}]\n",
    good="model_overview: {model_name: churn-v4}\ndeployments: [{endpoint: e, model: churn-v4}]\n",
)

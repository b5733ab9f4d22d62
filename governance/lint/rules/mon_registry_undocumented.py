"""MON011: a registered model in an MLflow registry snapshot that no card documents."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.mon_registry_common import documenting


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for item in ctx.registries:
        registry = item.registry
        for i, model in enumerate(registry.registered_models):
            if documenting(ctx, registry, model.name):
                continue
            yield Hit(
                item.doc,
                ("registered_models", i, "name"),
                f"registered model {model.name} in MLflow {registry.tracking_server} is not "
                "documented by any card",
                f"import it into a card (`mlgov cards import --mlflow-model {model.name} "
                "--alias champion --card ID`), or delete it from the registry",
            )


RULE = Rule(
    id="MON011",
    title="Registered model without a card",
    rationale=(
        "A registered model is one step from serving: an alias or a deployment job away. One "
        "that no card documents has no owner, no intended use and no review on record. The "
        "finding points at the registry snapshot, since no card exists to point at; a warning, "
        "so a committed snapshot never blocks unrelated changes."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    waivable=False,  # no card to carry a waiver: select, ignore or re-rate it in [tool.mlgov.lint]
    bad="# registry snapshot: registered model upsell; no card has mlflow.registered_model\n",
    good="mlflow: {registered_model: upsell, version: 2}\n",
)

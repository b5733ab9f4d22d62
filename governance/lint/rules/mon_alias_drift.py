"""MON010: a card documents another version of its MLflow model than production serves."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.mon_registry_common import documenting, registered


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for r in registered(ctx):
        served = r.model.production(r.ref.alias)
        if served is None or served[0] == r.ref.version:
            continue
        number, how = served
        if documenting(ctx, r.registry, r.model.name, number):
            continue  # another card documents the served version: this one is history
        yield Hit(
            r.card.origin.doc,
            ("mlflow", "version"),
            f"card {r.card.id} documents {r.model.name} version {r.ref.version}, but {how} in "
            f"{r.where} serves version {number}, which no card documents",
            f"import the served version (`mlgov cards import --mlflow-model {r.model.name} "
            f"--version {number} --card {r.card.id}`) and have it approved, or point the "
            "alias back",
        )


RULE = Rule(
    id="MON010",
    title="MLflow alias serves another version than the card documents",
    rationale=(
        "Teams move an MLflow alias such as `champion` to promote a version; the card still "
        "describes the version it was imported from, so reviewers approved a model that is no "
        "longer the one served. The registry snapshot (`mlgov snapshot --mlflow`) says which "
        "version the card's alias (`mlflow.alias`, default champion; else the legacy "
        "Production stage) points at. A warning: the alias may move ahead of the paperwork."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    bad="mlflow: {registered_model: churn, version: 3}  # champion points at version 4\n",
    good="mlflow: {registered_model: churn, version: 4}  # champion points at version 4\n",
)

"""What the MLflow registry rules share: each card's MLflow version joined with the registry
snapshots that hold its registered model, and which cards document which version."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.cards.model import Card, MlflowVersion
    from governance.lint.context import LintContext
    from governance.monitoring.load import RegistryFile
    from governance.monitoring.registry import RegisteredModel, RegistrySnapshot


@dataclass(frozen=True)
class Registered:
    """A card's MLflow version and a registry snapshot's record of its registered model."""

    card: Card
    ref: MlflowVersion
    file: RegistryFile
    model: RegisteredModel

    @property
    def registry(self) -> RegistrySnapshot:
        return self.file.registry

    @property
    def where(self) -> str:
        return f"{self.registry.tracking_server} ({self.registry.file})"


def registered(ctx: LintContext) -> Iterator[Registered]:
    for card in cards(ctx):
        ref = card.mlflow
        if ref is None:
            continue
        for item in ctx.registries:
            if ref.tracking_server not in (None, item.registry.tracking_server):
                continue
            model = item.registry.model(ref.registered_model)
            if model is not None:
                yield Registered(card, ref, item, model)


def documents(card: Card, registry: RegistrySnapshot, model: str, version: int | None) -> bool:
    """Whether the card documents this registered model (at this version, when given) of
    this registry."""
    ref = card.mlflow
    return (
        ref is not None
        and ref.registered_model == model
        and ref.tracking_server in (None, registry.tracking_server)
        and (version is None or ref.version == version)
    )


def documenting(
    ctx: LintContext, registry: RegistrySnapshot, model: str, version: int | None = None
) -> list[Card]:
    return [c for c in cards(ctx) if documents(c, registry, model, version)]

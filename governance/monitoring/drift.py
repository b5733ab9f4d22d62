"""The git card against the SageMaker model card of the same name (`mlgov cards push` names the
SageMaker card after the card id): what the snapshot's `model_cards` say that git does not."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from governance.cards.model import Card
from governance.monitoring.index import SnapshotIndex
from governance.monitoring.model import ModelCard, Snapshot

__all__ = ["card_differences", "sagemaker_cards"]


def sagemaker_cards(
    indexes: Iterable[SnapshotIndex], card_id: str
) -> Iterator[tuple[Snapshot, ModelCard]]:
    """Every SageMaker card named `card_id`, with the snapshot (account, region) holding it."""
    for index in indexes:
        for aws in index.model_cards(card_id):
            yield index.snapshot, aws


def card_differences(card: Card, aws: ModelCard) -> tuple[str, ...]:
    """Status and risk rating, each said as "git X, SageMaker Y"; () when they agree. Case is
    ignored: SageMaker's Search returns risk ratings in lower case."""
    pairs = (("status", card.status, aws.status), ("risk", card.risk_rating, aws.risk))
    return tuple(
        f"{what}: git {mine}, SageMaker {theirs}"
        for what, mine, theirs in pairs
        if mine.casefold() != theirs.casefold()
    )

"""What the monitoring rules share: card deployments joined with the snapshot that sees them,
the lint run's clock, and what counts as production."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from governance.config import pinned_today
from governance.lint.rule import Hit
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.cards.model import Card, Deployment
    from governance.lint.context import LintContext
    from governance.monitoring.model import Endpoint, Snapshot


@dataclass(frozen=True)
class Deployed:
    """A card's deployment entry and the endpoint a snapshot found for it."""

    card: Card
    deployment: Deployment
    snapshot: Snapshot
    endpoint: Endpoint

    def hit(self, message: str, hint: str = "") -> Hit:
        origin = self.deployment.origin
        return Hit(origin.doc, origin.path, message, hint)

    @property
    def in_production(self) -> bool:
        # Imported when run, not when registered: see governance/lint/registry.py.
        from governance.monitoring.status import in_production

        return in_production(self.endpoint, self.deployment.stage)

    @property
    def where(self) -> str:
        return f"endpoint {self.endpoint.name} ({self.snapshot.file})"


def deployed(ctx: LintContext) -> Iterator[Deployed]:
    """Every card deployment that a snapshot of its account and region shows; deployments in
    accounts without a snapshot, or endpoints the snapshot lacks, have nothing to check. The
    snapshot given is cut down to that endpoint (SnapshotIndex.around): the same statuses,
    without every card's check reading every endpoint of the account."""
    if not ctx.snapshots:  # nothing deployed is known (a run over policy files alone)
        return
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.monitoring.index import SnapshotIndex

    by_key = {
        (f.snapshot.account, f.snapshot.region): SnapshotIndex(f.snapshot) for f in ctx.snapshots
    }
    for card in cards(ctx):
        for deployment in card.deployments:
            index = by_key.get((deployment.account, deployment.region))
            endpoint = index.endpoint(deployment.endpoint) if index else None
            if index is not None and endpoint is not None:
                yield Deployed(card, deployment, index.around([endpoint.name]), endpoint)


def documented(ctx: LintContext, snapshot: Snapshot) -> set[str]:
    return {
        d.endpoint
        for card in cards(ctx)
        for d in card.deployments
        if (d.account, d.region) == (snapshot.account, snapshot.region)
    }


def now(ctx: LintContext) -> datetime:
    """A pinned `today` at 00:00 UTC (governance.config.pinned_today: tests and reproducible
    runs pin it), else the clock."""
    pinned = pinned_today(ctx.config.lint)
    if pinned is not None:
        return datetime(pinned.year, pinned.month, pinned.day, tzinfo=UTC)
    return datetime.now(UTC)

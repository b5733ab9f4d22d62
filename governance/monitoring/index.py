"""A snapshot indexed by endpoint and by model, made once, so that asking about one card's
deployment costs the same at 10 endpoints as at 10,000.

The status functions (status.py) read whole snapshots. `around` gives them a snapshot holding
only the named endpoints and what hangs on them (schedules, alarms, lineage of their models):
the same answers, without scanning every endpoint of the account for every card, which made
lint and the site quadratic in the number of cards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar

from governance.monitoring.model import (
    Alarm,
    Endpoint,
    Lineage,
    ModelCard,
    Schedule,
    Snapshot,
    TransformJob,
)

__all__ = ["SnapshotIndex"]


class SnapshotIndex:
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._endpoints = {e.name: e for e in snapshot.endpoints}
        self._serving: dict[str, list[str]] = {}
        for e in snapshot.endpoints:
            for model in e.models:
                self._serving.setdefault(model, []).append(e.name)
        self._schedules = _group(snapshot.monitoring_schedules, lambda s: s.endpoint)
        self._alarms = _group(snapshot.alarms, lambda a: a.endpoint)
        self._jobs = _group(snapshot.transform_jobs, lambda j: j.model)
        self._cards = _group(snapshot.model_cards, lambda c: c.name)
        self._lineage = _group(snapshot.lineage, lambda link: link.model)
        self._cut: dict[tuple[str, ...], Snapshot] = {}  # `around`, by endpoint names

    def endpoint(self, name: str) -> Endpoint | None:
        return self._endpoints.get(name)

    def endpoints_of(self, model: str) -> tuple[str, ...]:
        return tuple(sorted(self._serving.get(model, ())))

    def transform_jobs(self, model: str) -> tuple[TransformJob, ...]:
        return self._jobs.get(model, ())

    def model_cards(self, name: str) -> tuple[ModelCard, ...]:
        return self._cards.get(name, ())

    def lineage(self, model: str) -> tuple[Lineage, ...]:
        return self._lineage.get(model, ())

    def schedules(self, endpoint: str) -> tuple[Schedule, ...]:
        return self._schedules.get(endpoint, ())

    def alarms(self, endpoint: str) -> tuple[Alarm, ...]:
        return self._alarms.get(endpoint, ())

    def around(self, endpoints: Iterable[str]) -> Snapshot:
        """The snapshot cut down to these endpoints (those it has) and what concerns them;
        its account, region, time, file and read errors stay."""
        key = tuple(sorted({n for n in endpoints if n in self._endpoints}))
        if key not in self._cut:  # a card's views ask about the same endpoints several times
            self._cut[key] = self._around(key)
        return self._cut[key]

    def _around(self, names: tuple[str, ...]) -> Snapshot:
        found = [self._endpoints[n] for n in names]
        models = sorted({m for e in found for m in e.models})
        return replace(
            self.snapshot,
            endpoints=tuple(found),
            monitoring_schedules=tuple(s for n in names for s in self.schedules(n)),
            alarms=tuple(a for n in names for a in self.alarms(n)),
            transform_jobs=tuple(j for m in models for j in self.transform_jobs(m)),
            model_cards=(),
            lineage=tuple(link for m in models for link in self.lineage(m)),
        )

    def serving(self, models: Iterable[str]) -> Snapshot:
        """`around` the endpoints that serve any of these models."""
        return self.around(n for m in models for n in self._serving.get(m, ()))


T = TypeVar("T")


def _group(items: Iterable[T], key: Callable[[T], str]) -> dict[str, tuple[T, ...]]:
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(key(item), []).append(item)
    return {k: tuple(v) for k, v in grouped.items()}

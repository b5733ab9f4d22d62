"""The demo's MLflow registry: a local tracking server (mlflow_server.py), seeded with the
`demo` scenario (mlflow_seed.py: upsell-propensity, versions 1 and 2, champion on 2), read
with mlgov's own client code, and made reproducible.

MLflow draws run and logged-model ids at random and stamps everything with the clock; the demo
replaces each id with one derived from what it names (the run's name, the model and version)
and each time with a fixed one, so `mlgov snapshot --demo-mlflow` and `mlgov cards import
--demo-mlflow` write the same bytes on every run (with the server release `make mlflow-server`
pins). The tracking server is called `demo` (its port is drawn at random too).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from governance.demo.fleet import NOW
from governance.demo.mlflow_server import missing_server, running_server, seed, server_python
from governance.findings import MlgovError
from governance.monitoring.calls import SectionUnreadable
from governance.monitoring.mlflow_client import Registry, connect
from governance.monitoring.mlflow_collect import collect_registry
from governance.monitoring.mlflow_read import read_version
from governance.monitoring.model import format_time

__all__ = ["DEMO_FILE", "DEMO_SERVER", "demo_record", "demo_registry"]

DEMO_SERVER = "demo"
DEMO_FILE = "mlflow-demo.json"
FIRST = NOW - timedelta(days=57)  # the demo registry's first version: 2026-10-02


@dataclass(frozen=True)
class _Ids:
    """The random ids the seed made → stable ones."""

    replace: dict[str, str]
    label: str  # the server's real label (127.0.0.1:<port>)

    @classmethod
    def of(cls, made: dict[str, dict[str, str]], label: str) -> _Ids:
        ids = {real: _digest(f"run:{name}") for name, real in made.get("runs", {}).items()}
        for key, real in made.get("models", {}).items():
            ids[real] = "m-" + _digest(f"model:{key}")
        return cls(ids, label)

    def apply(self, data: Any) -> Any:
        text = json.dumps(data, sort_keys=True)
        for real, stable in self.replace.items():
            text = text.replace(real, stable)
        return json.loads(text.replace(json.dumps(self.label)[1:-1], DEMO_SERVER))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@contextmanager
def _demo_server(root: Path) -> Iterator[tuple[Registry, _Ids]]:
    python = server_python(root)
    if python is None:
        raise MlgovError(f"--demo-mlflow: {missing_server(root)}")
    with running_server(python) as server:
        made = seed(server, "demo")
        registry = connect(server.uri)
        yield registry, _Ids.of(made, registry.label)


def demo_registry(root: Path) -> dict[str, Any]:
    """The registry snapshot of the demo server, ids and times fixed."""
    with _demo_server(root) as (registry, ids):
        data = collect_registry(registry, NOW, source="demo")
    data = ids.apply(data)
    _fixed_times(data)
    return data


def demo_record(root: Path, name: str, version: int | None, alias: str | None) -> dict[str, Any]:
    """A version record of the demo server (for `cards import --demo-mlflow`), ids fixed."""
    with _demo_server(root) as (registry, ids):
        try:
            record = read_version(registry, name, version, alias)
        except SectionUnreadable as error:
            raise MlgovError(f"demo MLflow: {error}") from error
    return ids.apply(record)


def _fixed_times(data: dict[str, Any]) -> None:
    """Each version seven weeks after the one before, from FIRST; a model as its versions."""
    for model in data["registered_models"]:
        versions = model["versions"] or []
        for version in versions:
            version["created"] = format_time(FIRST + timedelta(days=49 * (version["version"] - 1)))
        times = [v["created"] for v in versions] or [format_time(FIRST)]
        model["created"], model["updated"] = times[0], times[-1]

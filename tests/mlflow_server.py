"""A real MLflow tracking server for the session (conftest imports the fixture): `mlflow
server` with SQLite and a local artifact root on 127.0.0.1, seeded through MLflow's own client
by governance/demo/mlflow_seed.py (the `tests` scenario), stopped when the session ends.

The server is full MLflow in its own virtual environment (`make mlflow-server`, which .ci/run
runs): without it these tests skip and say how to get it, unless MLGOV_REQUIRE_MLFLOW is set
(CI), where a missing server fails them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from governance.demo.mlflow_server import INSTALL, running_server, seed, server_python

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Seeded:
    uri: str
    runs: dict[str, str]  # run id by run name
    models: dict[str, str]  # logged model id by "name/version"


def _unavailable(why: str) -> None:
    if os.environ.get("MLGOV_REQUIRE_MLFLOW"):
        pytest.fail(f"MLGOV_REQUIRE_MLFLOW is set, but {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def mlflow_server() -> Iterator[Seeded]:
    try:
        import mlflow  # noqa: F401  (the client mlgov reads with: mlgov[mlflow])
    except ImportError:
        _unavailable("the MLflow client is not installed: pip install -e '.[dev]'")
    python = server_python(ROOT)
    if python is None:
        _unavailable(f"no MLflow server to test against: {INSTALL}")
    assert python is not None
    with running_server(python) as server:
        made = seed(server, "tests")
        yield Seeded(server.uri, made["runs"], made["models"])

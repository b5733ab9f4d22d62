from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.mlflow_server import mlflow_server  # noqa: F401  (one MLflow server per session)

ROOT = Path(__file__).resolve().parent.parent
CONFIG = '[tool.mlgov]\npartition = "aws"\naccount = "111122223333"\nregion = "eu-west-1"\n'

MakeRepo = Callable[..., Path]


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test's document cache in a folder of its own: the suite never writes to
    ~/.cache, and no test sees another's entries."""
    monkeypatch.setenv("MLGOV_CACHE_DIR", str(tmp_path_factory.mktemp("mlgov-cache")))
    monkeypatch.delenv("MLGOV_NO_CACHE", raising=False)


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """A repository in a temporary folder from {relative path: text}; texts are dedented."""

    def make(files: dict[str, str], config: str = CONFIG) -> Path:
        (tmp_path / "pyproject.toml").write_text(config, "utf-8")
        for name, text in files.items():
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")
        return tmp_path

    return make

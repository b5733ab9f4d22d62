"""`mlgov new persona`: a scaffold per preset that compiles and lints clean as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from governance.lint.run import lint_repository
from governance.repository import Repository
from mlgov.cli import main

ROOT = Path(__file__).resolve().parents[1]
PRESETS = ("data-scientist", "mlops", "compute-role", "custom")


def example(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for folder in ("personas", "policies"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


@pytest.mark.parametrize("preset", PRESETS)
def test_scaffold_lints_clean(tmp_path: Path, preset: str) -> None:
    root = example(tmp_path)
    assert main(["-C", str(root), "new", "persona", f"new-{preset}", "--preset", preset]) == 0
    text = (root / "personas" / f"new-{preset}.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/persona.schema.json")
    result = lint_repository(Repository.load(root), [])
    mine = [f for f in result.findings if f"new-{preset}" in f.file]
    assert mine == []
    if preset != "compute-role":
        assert "compute_role: compute" in text  # the repository's compute persona, found


def test_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = example(tmp_path)
    before = (root / "personas" / "mlops.yaml").read_bytes()
    assert main(["-C", str(root), "new", "persona", "mlops"]) == 2
    assert "never overwrites" in capsys.readouterr().err
    assert (root / "personas" / "mlops.yaml").read_bytes() == before


def test_bad_id_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = example(tmp_path)
    assert main(["-C", str(root), "new", "persona", "Bad_Id"]) == 2
    assert "cannot be a persona id" in capsys.readouterr().err
    assert not (root / "personas" / "Bad_Id.yaml").exists()

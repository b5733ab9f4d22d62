"""The JSON Schemas committed in schemas/ (what editors read through the modelines) are those
`mlgov schema` writes today: a schema change without `mlgov schema` fails here."""

from __future__ import annotations

from pathlib import Path

from mlgov.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schemas_are_current() -> None:
    assert main(["-C", str(ROOT), "schema", "--check"]) == 0

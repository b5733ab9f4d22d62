"""The `mlgov` command: one module per command group, wired explicitly in `main`."""

from __future__ import annotations

from mlgov.cli.main import main

__all__ = ["main"]

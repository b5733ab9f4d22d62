"""Parsed command lines for tests that call a handler directly (to hand it a moto client):
the real parser makes the arguments, so a handler sees exactly what `mlgov ...` gives it."""

from __future__ import annotations

import argparse
from pathlib import Path

from mlgov.cli.main import build_parser


def parse(root: Path, *argv: str | Path) -> argparse.Namespace:
    return build_parser().parse_args(["-C", str(root), *map(str, argv)])

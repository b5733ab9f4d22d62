"""Writing snapshot files: sorted keys and a fixed layout, so equal data gives equal bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from governance.atomic import write_text_atomic


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_snapshot(data: dict[str, Any], path: Path) -> None:
    """A reader, or a run killed midway, never sees half a snapshot."""
    write_text_atomic(path, render(data))

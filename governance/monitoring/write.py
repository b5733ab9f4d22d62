"""Writing snapshot files: sorted keys and a fixed layout, so equal data gives equal bytes."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_snapshot(data: dict[str, Any], path: Path) -> None:
    """Write through a temporary file and rename, so a reader never sees half a snapshot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes it private; a snapshot is meant to be shared
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(render(data))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

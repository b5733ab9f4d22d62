"""Hard limits that keep hostile or broken files from exhausting time or memory."""

from __future__ import annotations

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 100
MAX_NODES = 100_000

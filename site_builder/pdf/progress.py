"""A one-line progress bar for PDF rendering, drawn only on a terminal: in CI logs and pipes
a carriage-return bar is noise, so there nothing is printed until the summary line."""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 30


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stdout
        self.enabled = self.stream.isatty() if enabled is None else enabled

    def advance(self, label: str = "") -> None:
        self.done += 1
        if self.enabled and self.total:
            filled = WIDTH * self.done // self.total
            bar = "#" * filled + "." * (WIDTH - filled)
            self.stream.write(f"\rPDFs [{bar}] {self.done}/{self.total} {label[:30]:<30}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.total:
            self.stream.write("\r" + " " * (WIDTH + 50) + "\r")
            self.stream.flush()

"""Where commands put what they print: standard output, or a file named with --out."""

from __future__ import annotations

import sys
from pathlib import Path

from governance.findings import MlgovError


def write_output(out: Path | None, text: str) -> None:
    """Text ends with one newline; a file that cannot be written is a user error, not a bug."""
    text = text if text.endswith("\n") else text + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, "utf-8")
    except OSError as error:
        raise MlgovError(f"cannot write {out}: {error.strerror or error}") from None
    print(f"wrote {out}", file=sys.stderr)

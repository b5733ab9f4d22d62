"""load_path: pick the loader by suffix, and refuse oversized files before reading them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from governance.codes import SRC000
from governance.source.document import START, Document, make_finding
from governance.source.json_loader import load_json_bytes
from governance.source.limits import MAX_FILE_BYTES
from governance.source.text import too_large
from governance.source.yaml_loader import load_yaml_bytes

Loader = Callable[[bytes, str], Document]


def load_path(path: Path, display: str | None = None) -> Document:
    """Load a .json file as JSON and anything else (.yaml, .yml) as YAML."""
    display = path.as_posix() if display is None else display
    raw = read_source(path, display)
    return raw if isinstance(raw, Document) else loader_for(path)(raw, display)


def loader_for(path: Path) -> Loader:
    return load_json_bytes if path.suffix.lower() == ".json" else load_yaml_bytes


def read_source(path: Path, display: str) -> bytes | Document:
    """The file's bytes, or the Document that says why they cannot be loaded."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Document(display, None, findings=(too_large(display, size),))
        with path.open("rb") as stream:
            return stream.read(MAX_FILE_BYTES + 1)  # a file may grow after stat()
    except OSError as error:
        return _unreadable(display, error)


def _unreadable(display: str, error: OSError) -> Document:
    message = f"the file cannot be read: {error.strerror or error}"
    hint = "check that the file exists and is readable"
    finding = make_finding(display, SRC000, START, message, hint)
    return Document(display, None, findings=(finding,))

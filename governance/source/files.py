"""Opening a user's file: the one way mlgov reads what a repository holds.

Every file of a pull request is written by whoever opened it, so reading one must neither hang
nor leak. `read_regular` opens without blocking (a FIFO has no writer to wait for), checks on
the open descriptor that it is a regular file (not a FIFO, a device, a socket or a folder), and
reads at most a limit. `read_source` adds the repository's boundary: a file that resolves
outside it (a link to /etc/passwd, to a runner's secrets) is refused unread, as SRC013, so no
part of it can appear in a finding. Each problem is a finding naming the file, never a hang or
a traceback.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from governance.codes import SRC000, SRC013
from governance.source.document import START, Document, make_finding
from governance.source.json_loader import load_json_bytes
from governance.source.limits import MAX_FILE_BYTES
from governance.source.text import too_large
from governance.source.yaml_loader import load_yaml_bytes

Loader = Callable[[bytes, str], Document]
# O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (reading a regular
# file is unaffected). O_NOCTTY: a terminal device never becomes the controlling terminal.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotARegularFile(OSError):
    """The path is a folder, a FIFO, a device or a socket: nothing mlgov reads."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a file")
        self.kind = kind


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, at most `limit + 1` of them (so a caller can tell it is too large);
    OSError (NotARegularFile among them) when it cannot or must not be read."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, _kind(mode))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def within(path: Path, boundary: Path) -> bool:
    """Whether `path`, links followed, stays inside `boundary` (itself resolved). Strings,
    not Path objects: this runs once per file loaded, and pathlib was most of its cost."""
    resolved = os.path.realpath(path)
    base = _resolved(os.fspath(boundary))
    return resolved == base or resolved.startswith(base.rstrip(os.sep) + os.sep)


@lru_cache(maxsize=64)
def _resolved(boundary: str) -> str:
    """The boundary (a repository's root) resolved once, not once per file it holds."""
    return os.path.realpath(boundary)


def load_path(path: Path, display: str | None = None, boundary: Path | None = None) -> Document:
    """Load a .json file as JSON and anything else (.yaml, .yml) as YAML."""
    display = path.as_posix() if display is None else display
    raw = read_source(path, display, boundary)
    return raw if isinstance(raw, Document) else loader_for(path)(raw, display)


def loader_for(path: Path) -> Loader:
    return load_json_bytes if path.suffix.lower() == ".json" else load_yaml_bytes


def read_source(path: Path, display: str, boundary: Path | None = None) -> bytes | Document:
    """The file's bytes, or the Document that says why they cannot be loaded. With a
    `boundary` (the repository), a file that resolves outside it is refused unread."""
    if boundary is not None and not within(path, boundary):
        return _outside(display, path)
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except NotARegularFile as error:
        return _not_a_file(display, error.kind)
    except OSError as error:
        return _unreadable(display, error)
    if len(raw) > MAX_FILE_BYTES:
        return Document(display, None, findings=(too_large(display, len(raw)),))
    return raw


def _outside(display: str, path: Path) -> Document:
    target = os.path.realpath(path)
    message = f"the file is a link to {target}, outside the repository; it was not read"
    hint = "keep governance files inside the repository (links within it are fine)"
    finding = make_finding(display, SRC013, START, message, hint)
    return Document(display, None, findings=(finding,))


def _not_a_file(display: str, kind: str) -> Document:
    message = f"this is {kind}, not a file; mlgov reads only regular files"
    hint = "replace it with a file, or remove it"
    finding = make_finding(display, SRC000, START, message, hint)
    return Document(display, None, findings=(finding,))


def _unreadable(display: str, error: OSError) -> Document:
    message = f"the file cannot be read: {error.strerror or error}"
    hint = "check that the file exists and is readable"
    finding = make_finding(display, SRC000, START, message, hint)
    return Document(display, None, findings=(finding,))

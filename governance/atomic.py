"""Writing one file so that a reader, or a run killed midway, sees the old file or the new one,
never half of one: a temporary file in the same folder, flushed, then renamed over the target.
Every single-file write of mlgov goes through here."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["create_atomic", "write_atomic", "write_text_atomic"]


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """The old file's permissions are kept; a new file gets the umask's. `durable=False` skips
    the fsync, for caches, which may be lost but never be torn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.is_file() else 0o666 & ~_umask()
    handle, temp = _mkstemp(path)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def create_atomic(path: Path, data: bytes) -> None:
    """A new file, whole or not at all, never over an existing one (FileExistsError, even in
    a race): written aside, then hard-linked into place, which fails if the name is taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = _mkstemp(path)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        try:
            os.link(temp, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive create instead
            with open(path, "xb") as out:
                out.write(data)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mkstemp(path: Path) -> tuple[int, str]:
    # Imported here: tempfile brings shutil, random and the compression modules, which a
    # command that writes nothing (`mlgov lint`) would otherwise import at start-up.
    import tempfile

    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)

"""One run at a time writes a repository's outputs: a lock on `build/mlgov.lock`.

`mlgov build` and `mlgov compile` share build/docs, the PDF cache, compiled/ and the site, so a
second run waits for the first (up to MLGOV_LOCK_TIMEOUT seconds, default 120), then refuses
with exit 2 and says which process holds the lock. The lock is fcntl.flock on an open file: the
kernel releases it when the holder ends, even when it is killed, so a stale lock file never
blocks anyone. Where flock does not exist (Windows) runs are not serialised.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from governance.findings import MlgovError

try:
    import fcntl
except ImportError:  # Windows: no flock, nothing to serialise with
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "build/mlgov.lock"
DEFAULT_WAIT = 120.0
POLL = 0.1


def lock_wait(env: dict[str, str] | None = None) -> float:
    text = (os.environ if env is None else env).get("MLGOV_LOCK_TIMEOUT", "").strip()
    if not text:
        return DEFAULT_WAIT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise MlgovError(f"MLGOV_LOCK_TIMEOUT={text!r}: give the seconds to wait, such as 120")
    return value


@contextlib.contextmanager
def repository_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Held for the block; waits up to `wait` seconds (default: lock_wait()) for another run."""
    if fcntl is None:
        yield
        return
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as error:
        raise MlgovError(f"cannot open the lock {LOCK_FILE}: {error.strerror}") from None
    try:
        _acquire(fd, lock_wait() if wait is None else wait)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, wait: float) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder(fd)
        if time.monotonic() >= deadline:
            raise MlgovError(
                f"another mlgov run ({holder}) is writing this repository's outputs and holds "
                f"{LOCK_FILE}; nothing was done: run again when it has finished (waited "
                f"{wait:g} s; MLGOV_LOCK_TIMEOUT sets how long)"
            )
        if not told:
            print(f"mlgov: waiting for another mlgov run ({holder}) to finish", file=sys.stderr)
            told = True
        time.sleep(POLL)


def _holder(fd: int) -> str:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f"process {text}" if text.isdigit() else "a process"

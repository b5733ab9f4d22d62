"""Card files as git's HEAD has them, when the repository is a git checkout. Only lint's
Archived rule needs history; outside git (or without git installed) there is none, silently.
All files come from one `git cat-file --batch` process: one git call per card would cost
seconds on a thousand cards. A file whose bytes hash to HEAD's blob is unchanged, so it is not
parsed again: only the files changed since HEAD are."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from pathlib import Path

from governance.source import Document, load_yaml_bytes
from governance.source.files import read_regular


def changed_at_head(root: Path, relatives: Iterable[str]) -> dict[str, Document]:
    """The committed version of each path (relative to root) that HEAD has and that differs
    from the file in the working tree; a path missing here is unchanged or new."""
    wanted = sorted(set(relatives))
    top = _git(root, ["rev-parse", "--show-toplevel"]) if wanted else None
    if top is None:
        return {}
    try:
        base = Path(top.decode().strip()).resolve()
        inside = {r: (root / r).resolve().relative_to(base).as_posix() for r in wanted}
    except (UnicodeDecodeError, ValueError):
        return {}
    query = "".join(f"HEAD:{p}\n" for p in inside.values()).encode()
    out = _git(root, ["cat-file", "--batch"], query)
    if out is None:
        return {}
    blobs = _parse_batch(out, len(wanted))
    return {
        r: load_yaml_bytes(blob, r)
        for r, (sha, blob) in zip(wanted, blobs, strict=True)
        if blob is not None and sha != _working_id(root / r, len(sha))
    }


def _working_id(path: Path, length: int) -> bytes:
    """The blob id git would give the file as it is now (SHA-1, or SHA-256 in repositories of
    that object format; b"" when unreadable). A file git filters on checkout (line endings)
    hashes differently and is compared in full: slower, still right."""
    try:
        raw = read_regular(path)
    except OSError:
        return b""
    algorithm = hashlib.sha256 if length == 64 else hashlib.sha1
    header = b"blob %d\0" % len(raw)
    return algorithm(header + raw, usedforsecurity=False).hexdigest().encode()


def _parse_batch(out: bytes, count: int) -> list[tuple[bytes, bytes | None]]:
    """`<sha> blob <size>\\n<content>\\n` per object found, `<name> missing\\n` otherwise."""
    blobs: list[tuple[bytes, bytes | None]] = []
    at = 0
    for _ in range(count):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs.append((header[0], out[at : at + size]))
            at += size + 1
        else:
            blobs.append((b"", None))
    return blobs


def _git(root: Path, args: list[str], stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None

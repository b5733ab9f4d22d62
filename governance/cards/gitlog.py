"""The git calls card history needs, each one process however many cards: where a governance
root sits in its repository, one `git log` over the cards folder (every commit, with the blob
ids of each change), one `git cat-file --batch` for the blobs, one `git ls-tree` for the cards
at a commit. Outside git, or without git installed, there is no history: None, silently."""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

__all__ = [
    "GitSource",
    "LoggedChange",
    "blob_id",
    "blobs",
    "cards_at",
    "is_ancestor",
    "log",
    "ref_source",
    "working_source",
]

NULL_BLOB = frozenset({"0" * 40, "0" * 64})
# Settings a user's git configuration could set that would change what `git log` prints.
LOG_OPTIONS = (
    "--topo-order",  # parents after all their children, so reversed it is oldest first
    "--no-renames",  # a move is a deletion and an addition; cards are followed by their id
    "--raw",
    "-z",
    "--no-abbrev",
    "--no-color",
    "--no-show-signature",
    "--root",  # the first commit (or a shallow clone's boundary) shows its files as added
    "--format=%x01%H%x02%aI%x02%aN",
)
TIMEOUT = 120


@dataclass(frozen=True)
class GitSource:
    """Where a governance root's committed history is: the repository's top folder, the commit
    whose history counts (None: a repository without commits), the root's folder inside the
    repository ('' or ending in '/'), and whether the clone is shallow (history cut off)."""

    top: Path
    commit: str | None
    prefix: str
    shallow: bool
    label: str = "HEAD"  # how messages name the commit: HEAD, or a ref as the user wrote it

    def folder(self, relative: str) -> str | None:
        """A folder of the governance root as a path from the repository's top; None when it
        leaves the root (`..`)."""
        parts = PurePosixPath(relative.strip("/") or ".").parts
        if ".." in parts or PurePosixPath(relative).is_absolute():
            return None
        inner = "/".join(p for p in parts if p != ".")
        return (self.prefix + inner).strip("/")


@dataclass(frozen=True)
class LoggedChange:
    commit: str
    date: str  # the author date, ISO 8601
    author: str
    path: str  # from the repository's top
    before: str | None  # blob ids; None: added, or deleted
    after: str | None


def working_source(root: Path) -> GitSource | None:
    """The git repository holding `root`, at HEAD."""
    where = _git(root, ["rev-parse", "--show-toplevel", "--show-prefix"])
    if where is None:
        return None
    top, _, prefix = where.decode("utf-8", "surrogateescape").partition("\n")
    head = _git(root, ["rev-parse", "--verify", "-q", "HEAD"])
    commit = head.decode().strip() if head else None
    return GitSource(Path(top), commit or None, prefix.strip(), _shallow(root))


def ref_source(top: Path, commit: str, prefix: str, label: str) -> GitSource:
    """A commit of the repository at `top` (a review's base, a baseline)."""
    return GitSource(top, commit, prefix, _shallow(top), label)


def _shallow(folder: Path) -> bool:
    answer = _git(folder, ["rev-parse", "--is-shallow-repository"])
    return answer is not None and answer.strip() == b"true"


def log(source: GitSource, folder: str) -> list[LoggedChange] | None:
    """Every change of a file in `folder` (from the top) reachable from the source's commit,
    newest first; None when git cannot tell."""
    if source.commit is None:
        return []
    out = _git(source.top, ["log", *LOG_OPTIONS, source.commit, "--", folder or "."])
    return None if out is None else _parse_log(out)


def _parse_log(out: bytes) -> list[LoggedChange]:
    changes: list[LoggedChange] = []
    for record in out.split(b"\x01")[1:]:
        header, _, body = record.partition(b"\0")
        fields = header.decode("utf-8", "replace").split("\x02")
        if len(fields) != 3:
            continue  # not what the format asks for: nothing to read from it
        commit, date, author = fields
        tokens = body.lstrip(b"\n").split(b"\0")
        for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
            parts = meta.decode("ascii", "replace").split()
            if len(parts) != 5 or not parts[0].startswith(":"):
                continue
            before, after = (None if sha in NULL_BLOB else sha for sha in parts[2:4])
            name = path.decode("utf-8", "surrogateescape")
            changes.append(LoggedChange(commit, date, author, name, before, after))
    return changes


def is_ancestor(source: GitSource, other: GitSource) -> bool:
    """Whether `other`'s commit is in the history of `source`'s (a base the branch is on)."""
    if source.commit is None or other.commit is None:
        return False
    args = ["merge-base", "--is-ancestor", other.commit, source.commit]
    return _git(source.top, args) is not None


def cards_at(source: GitSource, folder: str) -> dict[str, str] | None:
    """The blob id of each file in `folder` (from the top) at the source's commit."""
    if source.commit is None:
        return {}
    out = _git(source.top, ["ls-tree", "-z", "--full-tree", source.commit, "--", folder + "/"])
    if out is None:
        return None
    found = {}
    for entry in out.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob":
            found[path.decode("utf-8", "surrogateescape")] = parts[2].decode()
    return found


def blobs(source: GitSource, ids: list[str]) -> dict[str, bytes]:
    """The content of each blob id found; one `git cat-file --batch` for all of them."""
    if not ids:
        return {}
    out = _git(source.top, ["cat-file", "--batch"], "".join(f"{i}\n" for i in ids).encode())
    if out is None:
        return {}
    found, at = {}, 0
    for wanted in ids:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[wanted] = out[at : at + size]
            at += size + 1
    return found


def blob_id(raw: bytes, length: int) -> str:
    """The id git gives these bytes as a blob: SHA-1, or SHA-256 in repositories of that object
    format (`length` 64). A file git filters on checkout (line endings) has another id than its
    blob: then it is simply not recognised."""
    algorithm = hashlib.sha256 if length == 64 else hashlib.sha1
    return algorithm(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def _git(folder: Path, args: list[str], stdin: bytes | None = None) -> bytes | None:
    command = ["git", "--literal-pathspecs", "-C", str(folder), *args]
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None  # no git installed, or it hung: the same as no history
    return done.stdout if done.returncode == 0 else None

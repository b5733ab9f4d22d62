"""Each card file's git revision, for the PDF footer: the last commit touching the file, or
"uncommitted" when the working copy differs from HEAD (or the file is new), or "no git"
outside a repository. Three git calls in all, however many cards: a `git log` per card would
cost seconds on a thousand of them."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

UNCOMMITTED, NO_GIT = "uncommitted", "no git"


@dataclass(frozen=True)
class Revision:
    label: str  # short hash, UNCOMMITTED or NO_GIT
    date: str | None  # the commit's ISO 8601 date, when committed


def card_revisions(root: Path, paths: Iterable[str]) -> dict[str, Revision]:
    """By path relative to `root` (posix)."""
    wanted = sorted(set(paths))
    folders = sorted({str(PurePosixPath(p).parent) for p in wanted})
    if not wanted or _git(root, ["rev-parse", "--verify", "-q", "HEAD"]) is None:
        return dict.fromkeys(wanted, Revision(NO_GIT, None))
    last = _last_commits(root, folders)
    dirty = _changed(root, folders)
    return {
        p: last[p] if p in last and p not in dirty else Revision(UNCOMMITTED, None) for p in wanted
    }


def _last_commits(root: Path, folders: list[str]) -> dict[str, Revision]:
    """Newest first: the first commit a path shows up in is its last one."""
    out = _git(root, ["log", "--relative", "--format=%x00%h %cI", "--name-only", "--", *folders])
    found: dict[str, Revision] = {}
    for entry in (out or "").split("\0")[1:]:
        header, _, names = entry.partition("\n")
        short, _, date = header.partition(" ")
        for name in names.split("\n"):
            if name and name not in found:
                found[name] = Revision(short, date)
    return found


def _changed(root: Path, folders: list[str]) -> set[str]:
    tracked = _git(root, ["diff", "--relative", "--name-only", "-z", "HEAD", "--", *folders])
    untracked = _git(root, ["ls-files", "--others", "--exclude-standard", "-z", "--", *folders])
    return {name for out in (tracked, untracked) for name in (out or "").split("\0") if name}


def _git(root: Path, args: list[str]) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git installed: the same as no repository
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None

"""Each card file's git revision, for the PDF footer: the last commit touching the file, or
"uncommitted" when the working copy differs from HEAD (or the file is new), or "no git"
outside a repository. The last commits come from the build's card history (one `git log`
for the whole build), else from a `git log` of their own; then two git calls say what is
uncommitted, however many cards: a `git log` per card would cost seconds on a thousand."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from governance.cards.history import CardHistory

UNCOMMITTED, NO_GIT = "uncommitted", "no git"


@dataclass(frozen=True)
class Revision:
    label: str  # short hash, UNCOMMITTED or NO_GIT
    date: str | None  # the commit's ISO 8601 date, when committed


def card_revisions(
    root: Path, paths: Iterable[str], history: CardHistory | None = None
) -> dict[str, Revision]:
    """By path relative to `root` (posix)."""
    wanted = sorted(set(paths))
    folders = sorted({str(PurePosixPath(p).parent) for p in wanted})
    if not wanted or _git(root, ["rev-parse", "--verify", "-q", "HEAD"]) is None:
        return dict.fromkeys(wanted, Revision(NO_GIT, None))
    last = _from_history(history, wanted) if history else _last_commits(root, folders)
    dirty = _changed(root, folders)
    return {
        p: last[p] if p in last and p not in dirty else Revision(UNCOMMITTED, None) for p in wanted
    }


def _from_history(history: CardHistory, paths: list[str]) -> dict[str, Revision]:
    found = {}
    for path in paths:
        change = history.last_commit(path)
        if change is not None:
            found[path] = Revision(change.commit[:7], change.date)
    return found


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

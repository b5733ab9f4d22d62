"""Whether mlgov may make a folder its output: decided before any work starts, exit 2 if not.

An output folder is replaced whole by each run, so it must hold nothing else of value. Refused:
- the repository itself, or a folder holding it (`--out .`, `--out ..`, `--out /`, a home
  folder), or a link to one of them (paths are compared with links resolved);
- a source folder (personas, activities, policies, cards, snapshots, schemas, .git, mlgov's own
  build/docs), a folder inside one, or one holding one;
- a file;
- a non-empty folder mlgov did not make. mlgov marks its folders with a marker file
  (`.mlgov-site`, `.mlgov-compiled`); a folder made by an earlier mlgov, which wrote no marker,
  is recognised by what only mlgov puts there (`OutputKind.made_by_mlgov`);
- an output that is not named on the command line (the default `site/`, the configured
  `compiled`) and resolves outside the repository: a pull request could make `site` a link.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from governance.findings import MlgovError


@dataclass(frozen=True)
class OutputKind:
    what: str  # "the site", for messages
    marker: str  # the file that says mlgov made the folder
    marker_text: str
    hidden_kept: bool = False  # hidden entries are the user's (a gh-pages .git): kept, not ours
    made_by_mlgov: Callable[[Path], bool] = lambda folder: False  # before markers existed

    def ours(self, folder: Path) -> bool:
        """Whether `folder` (an existing folder) may be replaced: marked, recognised, or
        empty (hidden entries do not count where they are kept)."""
        if (folder / self.marker).is_file():
            return True
        entries = os.listdir(folder)
        if not [e for e in entries if not (self.hidden_kept and e.startswith("."))]:
            return True
        return self.made_by_mlgov(folder)


def claim_output(
    out: Path,
    kind: OutputKind,
    root: Path,
    protected: Mapping[str, Path],
    explicit: bool,
) -> Path:
    """The output folder, links resolved, or MlgovError saying why it cannot be one.
    `protected` names the folders it must neither be, be inside, nor hold; `explicit` is
    whether the person named it (`--out`), rather than a default or the configuration."""
    target = Path(os.path.realpath(out))
    repo = Path(os.path.realpath(root))
    if target == repo or repo.is_relative_to(target):
        where = "is" if target == repo else "holds"
        raise MlgovError(
            f"{out} {where} the repository; choose a folder of its own for {kind.what}"
        )
    if not explicit and not target.is_relative_to(repo):
        raise MlgovError(
            f"{out} leads outside the repository (to {target}); remove the link, or name the "
            "folder with --out"
        )
    _refuse_overlap(out, target, protected, kind)
    refuse_foreign(target, kind, shown=out)
    _refuse_unwritable(out, target, kind)
    return target


def _refuse_unwritable(out: Path, target: Path, kind: OutputKind) -> None:
    """The new folder is made beside the output: its nearest existing ancestor must be a
    folder this process may write in."""
    parent = target.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise MlgovError(f"{out} is inside {parent}, which is a file; choose a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise MlgovError(f"{out}: {parent} is not writable; choose a folder for {kind.what}")


def _refuse_overlap(
    out: Path, target: Path, protected: Mapping[str, Path], kind: OutputKind
) -> None:
    """The most telling overlap is named: being a folder, then being inside one, then
    holding one (personas/ holds personas/activities/ and is the personas folder)."""
    folders = {name: Path(os.path.realpath(p)) for name, p in sorted(protected.items())}
    checks: tuple[tuple[str, Callable[[Path], bool]], ...] = (
        ("is the {} folder", lambda folder: target == folder),
        ("is inside the {} folder", lambda folder: target.is_relative_to(folder)),
        ("holds the {} folder", lambda folder: folder.is_relative_to(target)),
    )
    for how, overlaps in checks:
        for name, folder in folders.items():
            if overlaps(folder):
                raise MlgovError(
                    f"{out} {how.format(name)}; {kind.what} cannot be written there "
                    "(choose another folder)"
                )


def refuse_foreign(target: Path, kind: OutputKind, shown: Path | None = None) -> None:
    """MlgovError when `target` is a file, or a folder mlgov did not make."""
    shown = shown or target
    if os.path.lexists(target) and not target.is_dir():
        raise MlgovError(f"{shown} is a file; choose a folder for {kind.what}")
    if target.is_dir() and not kind.ours(target):
        raise MlgovError(
            f"{shown} has files that mlgov did not make; refusing to overwrite them "
            "(choose another folder, or empty this one)"
        )


def work_folders(root: Path, *names: str) -> None:
    """mlgov's working folders (build/, build/docs, ...) must be real folders of the
    repository: a committed link `build/docs -> ../cards` would have the site's stale-page
    clean-up delete the cards."""
    for name in names:
        path = root / name
        if os.path.islink(path) or (os.path.lexists(path) and not path.is_dir()):
            raise MlgovError(
                f"{name} is a link or a file; mlgov keeps its working files in that folder "
                "(remove it: mlgov makes it again)"
            )

"""Where the cache lives: outside the repository, so a pull request cannot plant entries."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

DISABLE_VARIABLE = "MLGOV_NO_CACHE"
FOLDER_VARIABLE = "MLGOV_CACHE_DIR"


def cache_disabled(flag: bool = False) -> bool:
    """`--no-cache`, or MLGOV_NO_CACHE set to anything but '' or '0'."""
    return flag or os.environ.get(DISABLE_VARIABLE, "") not in ("", "0")


def cache_folder() -> Path | None:
    """$MLGOV_CACHE_DIR, else $XDG_CACHE_HOME/mlgov, else ~/.cache/mlgov; None without a home."""
    explicit = os.environ.get(FOLDER_VARIABLE)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec says to ignore a relative one
        return Path(xdg) / "mlgov"
    try:
        return Path.home() / ".cache" / "mlgov"
    except RuntimeError:  # no home folder to be found
        return None


def cache_file(root: Path) -> Path | None:
    """The cache file of the governance root `root`: one per root, named by its resolved path."""
    folder = cache_folder()
    if folder is None:
        return None
    name = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:32]
    return folder / f"documents-{name}.json"

"""The exit codes, one contract for every command (README "Exit codes")."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    CLEAN = 0  # nothing failing
    FINDINGS = 1  # findings at the failing severity, stale output, changes (`--check`)
    USAGE = 2  # a usage or configuration error: nothing was done
    INTERNAL = 3  # a bug in mlgov: the traceback is printed, please report it
    INTERRUPTED = 130  # Ctrl-C


def issues_url() -> str:
    """Where to report a bug: the `Issues` project URL of the installed distribution."""
    # Imported here, on the way out of a crash: importlib.metadata pulls in the email package,
    # a cost every run would otherwise pay at start-up.
    from importlib import metadata

    try:
        urls = metadata.metadata("mlgov").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "issues":
            return url.strip()
    return "https://github.com/mlgov/mlgov/issues"

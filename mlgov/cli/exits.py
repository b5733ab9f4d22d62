"""The exit codes, one contract for every command (README "Exit codes")."""

from __future__ import annotations

from enum import IntEnum

from governance.project import project_urls


class Exit(IntEnum):
    CLEAN = 0  # nothing failing
    FINDINGS = 1  # findings at the failing severity, stale output, changes (`--check`)
    USAGE = 2  # a usage or configuration error: nothing was done
    INTERNAL = 3  # a bug in mlgov: the traceback is printed, please report it
    INTERRUPTED = 130  # Ctrl-C


def issues_url() -> str:
    """Where to report a bug: the `Issues` project URL of the installed distribution."""
    return project_urls().get("issues", "https://github.com/mlgov/mlgov/issues")

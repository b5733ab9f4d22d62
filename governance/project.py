"""The installed distribution's project URLs ([project.urls] in pyproject.toml)."""

from __future__ import annotations

from functools import cache


@cache
def project_urls() -> dict[str, str]:
    """By lower-case label (`issues`, `repository`, ...); empty when mlgov is not installed."""
    # Imported here: importlib.metadata pulls in the email package, a cost every run would
    # otherwise pay at start-up; only SARIF output and a crash report ask.
    from importlib import metadata

    try:
        entries = metadata.metadata("mlgov").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        entries = []
    urls: dict[str, str] = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        if url.strip():
            urls.setdefault(label.strip().lower(), url.strip())
    return urls

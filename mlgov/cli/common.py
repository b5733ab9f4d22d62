"""What every command shares: the global options, the repository they name, and output."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from governance.findings import Finding, MlgovError, Severity

if TYPE_CHECKING:
    from governance.cache import DocumentCache
    from governance.repository import Repository


@dataclass(frozen=True)
class GlobalOptions:
    root: Path  # as given (messages show it so); an existing folder
    no_cache: bool


def global_options(args: argparse.Namespace) -> GlobalOptions:
    """The options every command takes, typed once: `-C DIR` and `--no-cache`."""
    root: Path = args.root
    if not root.is_dir():
        raise MlgovError(f"{root} is not a folder")
    return GlobalOptions(root, bool(args.no_cache))


def load_repository(args: argparse.Namespace) -> Repository:
    """The repository, loaded through the document cache (saved at once: every file this
    command reads has been loaded); an invalid configuration is refused."""
    repo, cache = load_cached(args)
    if cache is not None:
        cache.save()
    return repo


def load_cached(args: argparse.Namespace) -> tuple[Repository, DocumentCache | None]:
    """The repository and its cache (None when off): the caller saves the cache once it has
    loaded all it will."""
    from governance.cache import open_cache
    from governance.repository import Repository

    options = global_options(args)
    cache = open_cache(options.root, options.no_cache)
    repo = Repository.load(options.root, cache=cache)
    refuse_bad_config(list(repo.findings), repo.config.source)
    return repo, cache


def refuse_bad_config(findings: list[Finding], source: str) -> None:
    errors = [f for f in findings if f.file == source and f.severity is Severity.ERROR]
    if errors:
        print_findings(errors)
        raise MlgovError(f"the configuration in {source} is not valid")


def print_findings(findings: list[Finding]) -> None:
    for finding in findings:
        print(finding.format_text())
    errors = sum(f.severity is Severity.ERROR for f in findings)
    if findings:
        print(f"{len(findings)} finding(s), {errors} error(s)")


def write_output(out: Path | None, text: str) -> None:
    """Text ends with one newline; a file that cannot be written is a user error, not a bug."""
    text = text if text.endswith("\n") else text + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, "utf-8")
    except OSError as error:
        raise MlgovError(f"cannot write {out}: {error.strerror or error}") from None
    print(f"wrote {out}", file=sys.stderr)

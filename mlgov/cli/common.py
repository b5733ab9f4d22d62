"""What every command shares: the global options, the repository they name, and output."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from governance.atomic import write_text_atomic
from governance.findings import Finding, MlgovError, Severity

if TYPE_CHECKING:
    from governance.cache import DocumentCache
    from governance.config import Config
    from governance.repository import Repository


@dataclass(frozen=True)
class GlobalOptions:
    root: Path  # as given (messages show it so); an existing folder
    no_cache: bool


def add_tracking_uri(parser: Any) -> None:
    """--tracking-uri, the same for every command that reads an MLflow registry."""
    parser.add_argument(
        "--tracking-uri",
        metavar="URI",
        help="the MLflow tracking server (default: MLFLOW_TRACKING_URI; a SageMaker managed "
        "MLflow server: its ARN, with the sagemaker-mlflow plugin)",
    )


def global_options(args: argparse.Namespace) -> GlobalOptions:
    """The options every command takes, typed once: `-C DIR` and `--no-cache`."""
    root: Path = args.root
    if not root.is_dir():
        raise MlgovError(f"{root} is not a folder")
    return GlobalOptions(root, bool(args.no_cache))


def repository_root(args: argparse.Namespace, required: bool) -> Path:
    """The governance repository the command runs in: found from -C DIR (default: here) up
    (governance/config.py: find_root). `required`: exit 2 where there is none, saying where
    mlgov looked; otherwise the folder given is used as it is."""
    from governance.config import find_root

    start = global_options(args).root
    found = find_root(start)
    if found is not None:
        return found if found != start.resolve() else start
    if not required:
        return start
    where = f"in {start.resolve()} and the folders above it, up to its git repository's top"
    raise MlgovError(
        f"no governance repository found {where} (mlgov looks for mlgov.yaml, a [tool.mlgov] "
        "section in pyproject.toml, or a git repository with personas/ or cards/): run "
        "`mlgov init` to start one, or name one with -C DIR"
    )


def use_color(args: argparse.Namespace, stream: TextIO) -> bool:
    """--color: always, never, or auto: on a terminal, unless NO_COLOR is set (no-color.org)."""
    choice = getattr(args, "color", "auto")
    if choice != "auto":
        return choice == "always"
    return not os.environ.get("NO_COLOR") and stream.isatty()


COLORS = {"error": "31", "warning": "33", "info": "36", "ok": "32", "bold": "1"}


def paint(text: str, kind: str, stream: TextIO, args: argparse.Namespace) -> str:
    return f"\x1b[{COLORS[kind]}m{text}\x1b[0m" if use_color(args, stream) else text


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
    checked_config(args)
    cache = open_cache(options.root, options.no_cache)
    repo = Repository.load(options.root, cache=cache)
    return repo, cache


def checked_config(args: argparse.Namespace) -> Config:
    """The repository's configuration. Any error in it (a bad value, a path that leads out of
    the repository) ends the command with exit 2 before it does anything: one contract for
    every command (main.py checks it first; handlers called directly check it here)."""
    from governance.config import load_config

    config, problems = load_config(global_options(args).root.resolve())
    errors = [f for f in problems if f.severity is Severity.ERROR]
    if errors:  # on stderr: standard output is the report's, which a machine may read
        for finding in errors:
            print(finding.format_text(), file=sys.stderr)
        raise MlgovError(f"the configuration in {config.source or 'the repository'} is not valid")
    return config


SOURCE_KEYS = ("personas", "activities", "policies", "cards", "snapshots")


def source_folders(root: Path, config: Config) -> dict[str, Path]:
    """The folders no output may be, be inside or hold: the configured sources, the editor
    schemas, git's folder and mlgov's own working folders."""
    from governance.schemas.editor import FOLDER

    folders = {key: root / getattr(config, key) for key in SOURCE_KEYS}
    folders |= {FOLDER: root / FOLDER, ".git": root / ".git"}
    folders |= {name: root / name for name in WORK_FOLDERS[1:]}
    return folders


# mlgov's working folders: real folders of the repository, never links (outputs/claim.py)
WORK_FOLDERS = ("build", "build/docs", "build/pdf-cache")


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
        write_text_atomic(out, text)
    except OSError as error:
        raise MlgovError(f"cannot write {out}: {error.strerror or error}") from None
    print(f"wrote {out}", file=sys.stderr)

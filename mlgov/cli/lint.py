"""`mlgov lint [PATH ...]`: the CI gate over the repository, or over standalone policy files."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from governance.findings import MlgovError
from mlgov.cli.common import checked_config, global_options, load_cached
from mlgov.cli.exits import Exit

if TYPE_CHECKING:
    from governance.review.baseline import Baseline


@dataclass(frozen=True)
class LintArgs:
    paths: tuple[Path, ...]
    format: str
    baseline: str | None

    @classmethod
    def parse(cls, args: argparse.Namespace) -> LintArgs:
        return cls(tuple(args.paths), args.format, args.baseline)


def register(subparsers: Any) -> None:
    from governance.lint.reporters import REPORTERS

    lint = subparsers.add_parser("lint", help="check personas, activities and policies")
    lint.add_argument("paths", nargs="*", type=Path, help="files or folders (default: all)")
    lint.add_argument("--format", choices=sorted(REPORTERS), default="text")
    lint.add_argument(
        "--baseline",
        metavar="REF",
        help="report and fail only on findings not present at this git ref",
    )
    lint.set_defaults(handler=lint_command)


def lint_command(args: argparse.Namespace) -> int:
    from governance.lint.reporters import REPORTERS
    from governance.lint.run import (
        lint_policy_files,
        lint_repository,
        only_policy_files,
        working_lineage,
    )

    options, wanted = global_options(args), LintArgs.parse(args)
    for path in wanted.paths:
        if not path.exists():
            raise MlgovError(f"{path} does not exist")
    baseline = _start_baseline(options.root, wanted.baseline, options.no_cache)
    if only_policy_files(list(wanted.paths)):
        config = checked_config(args)
        result = lint_policy_files(options.root.resolve(), config, list(wanted.paths))
    else:
        repo, cache = load_cached(args)
        base = baseline.source if baseline is not None else None
        lineage = working_lineage(repo, options.no_cache, base)
        result = lint_repository(repo, list(wanted.paths), cache=cache, lineage=lineage)
        if lineage.note:
            print(f"mlgov: {lineage.note}", file=sys.stderr)
        if cache is not None:
            delta = baseline.cache_delta() if baseline is not None else None
            if delta is not None:
                cache.merge(delta)
            cache.save()
    if baseline is not None:
        result, hidden = baseline.apply(result)
        print(f"mlgov: {hidden} finding(s) present at {baseline.ref} hidden", file=sys.stderr)
    if wanted.format == "text":  # rule ids become links where a terminal shows them
        from governance.lint.reporters.text import report_text

        sys.stdout.write(report_text(result, links=sys.stdout.isatty()))
    else:
        sys.stdout.write(REPORTERS[wanted.format](result))
    return Exit.FINDINGS if result.failing else Exit.CLEAN


def _start_baseline(root: Path, ref: str | None, no_cache: bool) -> Baseline | None:
    """The `--baseline` ref's lint, started before this one (a bad ref fails first)."""
    if not ref:
        return None
    from governance.review.baseline import start_baseline

    return start_baseline(root, ref, no_cache)

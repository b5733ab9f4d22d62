"""`mlgov lint [PATH ...]`: the CI gate over the repository, or over standalone policy files."""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from governance.findings import MlgovError
from mlgov.cli.common import checked_config, global_options, load_cached, use_color, write_output
from mlgov.cli.exits import Exit

if TYPE_CHECKING:
    from governance.config import Config
    from governance.lint.engine import LintResult
    from governance.review.baseline import Baseline


@dataclass(frozen=True)
class LintArgs:
    paths: tuple[Path, ...]
    format: str
    baseline: str | None
    select: tuple[str, ...]  # rule id prefixes; () keeps the configuration's
    ignore: tuple[str, ...]
    exit_zero: bool
    output_file: Path | None

    @classmethod
    def parse(cls, args: argparse.Namespace) -> LintArgs:
        return cls(
            tuple(args.paths),
            args.format,
            args.baseline,
            tuple(args.select),
            tuple(args.ignore),
            args.exit_zero,
            args.output_file,
        )


RULE_PREFIX = re.compile(r"^[A-Z]+[0-9]*$")


def _rule_prefixes(text: str) -> list[str]:
    """`IAM,CRD005`: rule ids or prefixes, as [tool.mlgov.lint] select and ignore take them."""
    parts = [p.strip().upper() for p in text.split(",") if p.strip()]
    bad = [p for p in parts if not RULE_PREFIX.match(p)]
    if bad or not parts:
        raise argparse.ArgumentTypeError(f"not a rule id or prefix: {', '.join(bad) or text!r}")
    return parts


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
    lint.add_argument(
        "--select",
        type=_rule_prefixes,
        action="extend",
        default=[],
        metavar="RULES",
        help="run only these rules: ids or prefixes, comma-separated (overrides the config)",
    )
    lint.add_argument(
        "--ignore",
        type=_rule_prefixes,
        action="extend",
        default=[],
        metavar="RULES",
        help="skip these rules: ids or prefixes, comma-separated (overrides the config)",
    )
    lint.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings fail the gate"
    )
    lint.add_argument(
        "--output-file", type=Path, metavar="FILE", help="write the report here, not to stdout"
    )
    lint.set_defaults(handler=lint_command, on_failure=report_failure)


def lint_command(args: argparse.Namespace) -> int:
    from governance.lint.run import (
        lint_policy_files,
        lint_repository,
        only_policy_files,
        working_lineage,
    )

    options, wanted = global_options(args), LintArgs.parse(args)
    overrides = {k: list(v) for k, v in (("select", wanted.select), ("ignore", wanted.ignore)) if v}
    for path in wanted.paths:
        if not path.exists():
            raise MlgovError(f"{path} does not exist")
    baseline = _start_baseline(options.root, wanted.baseline, options.no_cache)
    if only_policy_files(list(wanted.paths)):
        config = _with_rules(checked_config(args), overrides)
        result = lint_policy_files(options.root.resolve(), config, list(wanted.paths))
    else:
        repo, cache = load_cached(args)
        repo = replace(repo, config=_with_rules(repo.config, overrides))
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
    _write(wanted, _report(result, wanted, args))
    return Exit.FINDINGS if result.failing and not wanted.exit_zero else Exit.CLEAN


def _report(result: LintResult, wanted: LintArgs, args: argparse.Namespace) -> str:
    from governance.lint.reporters import REPORTERS
    from governance.lint.reporters.text import report_text

    if wanted.format != "text":
        return REPORTERS[wanted.format](result)
    on_terminal = wanted.output_file is None and sys.stdout.isatty()
    return report_text(result, links=on_terminal, color=on_terminal and use_color(args, sys.stdout))


def _write(wanted: LintArgs, text: str) -> None:
    if wanted.output_file is None:
        sys.stdout.write(text)
    else:
        write_output(wanted.output_file, text)


def _with_rules(config: Config, overrides: dict[str, list[str]]) -> Config:
    """The command line's --select and --ignore over the configuration's."""
    return replace(config, lint={**config.lint, **overrides}) if overrides else config


def report_failure(args: argparse.Namespace, message: str) -> None:
    """The run failed before it could lint (a bad configuration, a bad ref, a bug): a machine
    format still gets a document of its own kind that says so, where the report would go."""
    from governance.lint.reporters.failure import failure_report

    text = failure_report(args.format, message)
    if not text:
        return
    try:
        _write(LintArgs.parse(args), text)
    except MlgovError:
        sys.stdout.write(text)


def _start_baseline(root: Path, ref: str | None, no_cache: bool) -> Baseline | None:
    """The `--baseline` ref's lint, started before this one (a bad ref fails first)."""
    if not ref:
        return None
    from governance.review.baseline import start_baseline

    return start_baseline(root, ref, no_cache)

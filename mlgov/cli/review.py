"""`mlgov review BASE [HEAD]`: what a change does to permissions, model cards and findings, as
Markdown (a pull-request comment, a GitHub step summary) or JSON.

Exit codes: 0 whatever changed; with `--fail-on-new`, 1 when the head has failing findings the
base does not (by fingerprint); 2 for a bad ref or usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mlgov.cli.common import global_options, write_output
from mlgov.cli.exits import Exit

FORMATS = ("markdown", "json")


def register(subparsers: Any) -> None:
    review = subparsers.add_parser(
        "review", help="what a change grants: permissions, cards and findings between git refs"
    )
    review.add_argument("base", metavar="BASE", help="the git ref to compare against")
    review.add_argument(
        "head", metavar="HEAD", nargs="?", help="a git ref (default: the working tree)"
    )
    review.add_argument("--format", choices=FORMATS, default="markdown")
    review.add_argument("--out", type=Path, help="the file to write (default: standard output)")
    review.add_argument(
        "--fail-on-new",
        action="store_true",
        help="exit 1 when HEAD has failing findings that BASE does not",
    )
    review.set_defaults(handler=review_command)


def review_command(args: argparse.Namespace) -> int:
    from governance.review.compare import review
    from governance.review.jsonout import review_json
    from governance.review.markdown import review_markdown

    options = global_options(args)
    result = review(options.root, args.base, args.head, options.no_cache)
    for note in result.notes:
        print(f"mlgov: {note}", file=sys.stderr)
    text = review_json(result) if args.format == "json" else review_markdown(result)
    write_output(args.out, text)
    return Exit.FINDINGS if args.fail_on_new and result.findings.new_failing else Exit.CLEAN

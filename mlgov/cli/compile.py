"""`mlgov compile [--out DIR] [--check]`: one folder of IAM JSON per persona."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from governance.findings import Severity
from mlgov.cli.common import load_repository, print_findings
from mlgov.cli.exits import Exit


def register(subparsers: Any) -> None:
    compile_ = subparsers.add_parser(
        "compile", help="compile personas into IAM role and policy JSON"
    )
    compile_.add_argument("--out", type=Path, help="output folder (default: compiled/)")
    compile_.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the output folder is not current",
    )
    compile_.set_defaults(handler=compile_command)


def compile_command(args: argparse.Namespace) -> int:
    from governance.iam.compiler import compile_repository
    from governance.iam.output import check_current, write_bundles

    repo = load_repository(args)
    bundles, problems = compile_repository(repo)
    findings = sorted(set(repo.findings) | set(problems))
    print_findings(findings)
    if any(f.severity is Severity.ERROR for f in findings):
        print("mlgov: nothing written: fix the errors above first", file=sys.stderr)
        return Exit.FINDINGS
    out: Path = args.out or repo.root / repo.config.compiled
    if args.check:
        stale = check_current(bundles, out)
        for path in stale:
            print(f"{path}: not current; run `mlgov compile`")
        return Exit.FINDINGS if stale else Exit.CLEAN
    changed = write_bundles(bundles, out)
    print(f"compiled {len(bundles)} persona(s) into {out} ({len(changed)} file(s) changed)")
    return Exit.CLEAN

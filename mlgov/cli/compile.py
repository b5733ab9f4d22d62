"""`mlgov compile [--out DIR] [--check]`: one folder of IAM JSON per persona."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from governance.findings import Severity
from mlgov.cli.common import (
    checked_config,
    global_options,
    load_repository,
    print_findings,
    source_folders,
)
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
    """The output folder is claimed before anything is loaded (exit 2 for the repository, a
    source folder, a folder mlgov did not make), and written under the repository's lock."""
    from governance.iam.output import write_bundles
    from governance.outputs import repository_lock

    config = checked_config(args)
    root = global_options(args).root.resolve()
    out: Path = args.out or root / config.compiled
    if args.check:
        return _check(args, out)
    target = claim_compiled(root, config, out, explicit=args.out is not None)
    with repository_lock(root):
        bundles = _bundles(args)
        if bundles is None:
            return Exit.FINDINGS
        changed = write_bundles(bundles, target)
    print(f"compiled {len(bundles)} persona(s) into {out} ({len(changed)} file(s) changed)")
    return Exit.CLEAN


def _check(args: argparse.Namespace, out: Path) -> int:
    from governance.iam.output import check_current

    bundles = _bundles(args)
    if bundles is None:
        return Exit.FINDINGS
    stale = check_current(bundles, out)
    for path in stale:
        print(f"{path}: not current; run `mlgov compile`")
    return Exit.FINDINGS if stale else Exit.CLEAN


def _bundles(args: argparse.Namespace) -> list[Any] | None:
    """The compiled bundles, after printing the findings; None when any is an error."""
    from governance.iam.compiler import compile_repository

    repo = load_repository(args)
    bundles, problems = compile_repository(repo)
    findings = sorted(set(repo.findings) | set(problems))
    print_findings(findings)
    if any(f.severity is Severity.ERROR for f in findings):
        print("mlgov: nothing written: fix the errors above first", file=sys.stderr)
        return None
    return bundles


def claim_compiled(root: Path, config: Any, out: Path, explicit: bool) -> Path:
    """The compiled folder, links resolved, or exit 2 (governance/outputs/claim.py)."""
    from governance.iam.output import COMPILED
    from governance.outputs import claim_output

    return claim_output(out, COMPILED, root, source_folders(root, config), explicit)

"""`mlgov schema`: the JSON Schemas, for editors (yaml-language-server) and for reading.

- `mlgov schema KIND` prints one schema.
- `mlgov schema [--out DIR]` writes every schema into DIR (default `schemas/` in the
  repository), which files point at with a modeline such as
  `# yaml-language-server: $schema=../schemas/card.schema.json`. `--check` writes nothing and
  exits 1 when DIR is not current, for CI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from governance.atomic import write_text_atomic
from governance.findings import MlgovError
from governance.schemas import KINDS
from governance.schemas.editor import FOLDER, file_name, schema_text
from governance.source.files import read_regular
from mlgov.cli.common import global_options
from mlgov.cli.exits import Exit


def register(subparsers: Any) -> None:
    schema = subparsers.add_parser("schema", help="print or write the JSON Schemas (for editors)")
    schema.add_argument(
        "kind", nargs="?", choices=sorted(KINDS), help="print this schema; none: write them all"
    )
    schema.add_argument(
        "--out", type=Path, help=f"the folder to write into (default: {FOLDER}/ in the repository)"
    )
    schema.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when the folder is not current"
    )
    schema.set_defaults(handler=schema_command)


def schema_command(args: argparse.Namespace) -> int:
    if args.kind and args.out is None and not args.check:
        sys.stdout.write(schema_text(args.kind))
        return Exit.CLEAN
    out: Path = args.out or global_options(args).root / FOLDER
    kinds = [args.kind] if args.kind else list(KINDS)
    stale = [k for k in kinds if _current(out, k) != schema_text(k)]
    if args.check:
        for kind in stale:
            print(f"{out / file_name(kind)}: not current; run `mlgov schema`")
        return Exit.FINDINGS if stale else Exit.CLEAN
    for kind in stale:
        _write(out / file_name(kind), schema_text(kind))
    print(f"{len(kinds)} schema(s) in {out} ({len(stale)} written)", file=sys.stderr)
    return Exit.CLEAN


def _current(folder: Path, kind: str) -> str | None:
    try:  # read_regular: a FIFO named like a schema is not waited on
        return read_regular(folder / file_name(kind)).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _write(path: Path, text: str) -> None:
    try:
        write_text_atomic(path, text)
    except OSError as error:
        raise MlgovError(f"cannot write {path}: {error.strerror}") from error

"""`mlgov schema`: the JSON Schemas, for editors (yaml-language-server) and for reading.

- `mlgov schema KIND` prints one schema.
- `mlgov schema [--out DIR]` writes every schema into DIR (default `schemas/` in the
  repository), which files point at with a modeline such as
  `# yaml-language-server: $schema=../schemas/card.schema.json`. `--check` writes nothing and
  exits 1 when DIR is not current, for CI.

The written files are self-contained: a schema's references to another kind (`urn:mlgov:…`,
which editors cannot fetch) become local `$defs` copies, so each file works on its own.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

from governance.findings import MlgovError

EXIT_CLEAN, EXIT_STALE = 0, 1
FOLDER = "schemas"  # where `mlgov schema` writes, relative to the repository
URN = "urn:mlgov:schema:"
DEFS = "#/$defs/"


def register(subparsers: Any) -> None:
    from governance.schemas import KINDS

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
    from governance.schemas import KINDS

    if args.kind and args.out is None and not args.check:
        sys.stdout.write(schema_text(args.kind))
        return EXIT_CLEAN
    root: Path = getattr(args, "root", Path("."))
    out = args.out or root / FOLDER
    kinds = [args.kind] if args.kind else list(KINDS)
    stale = [k for k in kinds if _current(out, k) != schema_text(k)]
    if args.check:
        for kind in stale:
            print(f"{out / file_name(kind)}: not current; run `mlgov schema`")
        return EXIT_STALE if stale else EXIT_CLEAN
    for kind in stale:
        _write(out / file_name(kind), schema_text(kind))
    print(f"{len(kinds)} schema(s) in {out} ({len(stale)} written)", file=sys.stderr)
    return EXIT_CLEAN


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def schema_ref(file: Path, root: Path, kind: str = "card") -> str:
    """The modeline's path from `file` to the schema `mlgov schema` writes in `root`."""
    import os

    target = root.resolve() / FOLDER / file_name(kind)
    return Path(os.path.relpath(target, file.resolve().parent)).as_posix()


def _current(folder: Path, kind: str) -> str | None:
    try:
        return (folder / file_name(kind)).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    except OSError as error:
        raise MlgovError(f"cannot write {path}: {error.strerror}") from error


def schema_text(kind: str) -> str:
    return json.dumps(editor_schema(kind), indent=2, ensure_ascii=False) + "\n"


def editor_schema(kind: str) -> dict[str, Any]:
    """The schema of `kind` with every reference to another kind's `$defs` replaced by a
    local copy named `<kind>.<name>` (copied with what it references in turn)."""
    from governance import schemas

    result = copy.deepcopy(schemas.schema(kind))
    defs = result.setdefault("$defs", {})
    pending: list[tuple[str, str]] = []

    def local(node: Any, origin: str) -> Any:
        if isinstance(node, list):
            return [local(item, origin) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: local(v, origin) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str):
            out["$ref"] = _relocated(ref, origin, kind, pending)
        return out

    result = local(result, kind)
    defs = result["$defs"]
    while pending:
        owner, name = pending.pop()
        key = f"{owner}.{name}"
        if key not in defs:
            defs[key] = {}  # reserved first: definitions may refer to themselves
            defs[key] = local(schemas.schema(owner)["$defs"][name], owner)
    return result


def _relocated(ref: str, origin: str, kind: str, pending: list[tuple[str, str]]) -> str:
    target, _, pointer = ref.partition("#")
    owner = target.removeprefix(URN).split(":")[0] if target.startswith(URN) else origin
    if owner == kind or not ("#" + pointer).startswith(DEFS):
        return "#" + pointer if target.startswith(URN) else ref
    name, _, rest = pointer.removeprefix(DEFS[1:]).partition("/")
    pending.append((owner, name))
    return f"{DEFS}{owner}.{name}" + (f"/{rest}" if rest else "")

"""The JSON Schemas as editors get them (yaml-language-server), and the modeline that points
a file at one.

The written files are self-contained: a schema's references to another kind (`urn:mlgov:…`,
which editors cannot fetch) become local `$defs` copies, so each file works on its own.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from governance import schemas

FOLDER = "schemas"  # where `mlgov schema` writes, relative to the repository
URN = "urn:mlgov:schema:"
DEFS = "#/$defs/"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def schema_ref(file: Path, root: Path, kind: str = "card") -> str:
    """The modeline's path from `file` to the schema `mlgov schema` writes in `root`."""
    target = root.resolve() / FOLDER / file_name(kind)
    return Path(os.path.relpath(target, file.resolve().parent)).as_posix()


def schema_text(kind: str) -> str:
    return json.dumps(editor_schema(kind), indent=2, ensure_ascii=False) + "\n"


def editor_schema(kind: str) -> dict[str, Any]:
    """The schema of `kind` with every reference to another kind's `$defs` replaced by a
    local copy named `<kind>.<name>` (copied with what it references in turn)."""
    result = copy.deepcopy(schemas.schema(kind))
    result.setdefault("$defs", {})
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

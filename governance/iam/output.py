"""Writing role bundles to disk: one folder per persona, byte-identical for the same input.

The output folder is built whole beside the old one and swapped in at once
(governance/outputs), so a compile killed midway never leaves old and new policies mixed or a
file cut short; when nothing changed nothing is written. What mlgov did not write (a README
beside the persona folders, a note inside one) is kept."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import orjson

from governance.iam.compiler import RoleBundle
from governance.outputs import OutputKind, link_tree, refuse_foreign, staged
from governance.source.files import read_regular

MARKER = ".mlgov-compiled"
MARKER_TEXT = "Written by `mlgov compile`; everything in this folder is regenerated.\n"
COMPILED = OutputKind("the compiled policies", MARKER, MARKER_TEXT)


def dumps(value: Any) -> str:
    """Indented JSON with sorted keys, byte-identical to `json.dumps(value, indent=2,
    sort_keys=True, ensure_ascii=False)`; orjson makes it about 20x faster, which was most of
    a large repository's compile time."""
    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # integers beyond 64 bits, which orjson refuses
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    return text + "\n"


def bundle_files(bundle: RoleBundle) -> dict[str, str]:
    """File name -> content for one persona's folder."""
    files = {"role.json": dumps(role_json(bundle)), "trust-policy.json": dumps(bundle.trust_policy)}
    for index, policy in enumerate(bundle.policies, start=1):
        files[f"policy-{index}.json"] = dumps(policy.document)
    files["manifest.json"] = dumps(manifest(bundle))
    return files


def role_json(bundle: RoleBundle) -> dict[str, Any]:
    role: dict[str, Any] = {
        "RoleName": bundle.role_name,
        "Path": bundle.path,
        "Description": bundle.description,
        "MaxSessionDuration": bundle.max_session_duration,
        "Tags": [{"Key": k, "Value": v} for k, v in bundle.tags],
        "ManagedPolicyArns": list(bundle.managed_policy_arns),
    }
    if bundle.permissions_boundary:
        role["PermissionsBoundary"] = bundle.permissions_boundary
    return role


def manifest(bundle: RoleBundle) -> dict[str, Any]:
    return {
        "persona": bundle.persona_id,
        "role": f"{bundle.path}{bundle.role_name}",
        "activities": list(bundle.activities),
        "policy_style": bundle.policy_style,
        "policies": [
            {"file": f"policy-{i}.json", "name": p.name}
            for i, p in enumerate(bundle.policies, start=1)
        ],
        "quotas": bundle.quotas,
    }


def write_bundles(bundles: list[RoleBundle], out: Path) -> list[Path]:
    """Every bundle under `out` (a folder claimed for it, the repository's lock held); returns
    the files that changed (written, or removed with a persona that is gone)."""
    refuse_foreign(out, COMPILED)
    files = {
        f"{b.persona_id}/{name}": text for b in bundles for name, text in bundle_files(b).items()
    }
    changed = _changes(out, files)
    if not changed and (out / MARKER).is_file():
        return []
    wanted = frozenset(b.persona_id for b in bundles)
    with staged(out, COMPILED, lambda old, new: _carry_foreign(old, new, wanted)) as stage:
        for rel, text in files.items():
            (stage / rel).parent.mkdir(exist_ok=True)
            (stage / rel).write_text(text, "utf-8")
    return changed


def _changes(out: Path, files: dict[str, str]) -> list[Path]:
    """The files compiling now would write that differ from `out`'s, and the JSON files and
    persona folders it holds that it would not write."""
    changed = [out / rel for rel, text in files.items() if _text(out / rel) != text]
    folders = {rel.split("/")[0] for rel in files}
    for old in sorted(out.iterdir()) if out.is_dir() else ():
        if old.name in folders and old.is_dir():
            changed += [
                p for p in sorted(old.glob("*.json")) if f"{old.name}/{p.name}" not in files
            ]
        elif old.is_dir() and (old / "manifest.json").is_file():  # a persona folder we wrote
            changed.append(old)
    return changed


def _text(path: Path) -> str | None:
    """The file's text; None when it is missing, not a regular file (a FIFO planted in a pull
    request is never waited on) or not UTF-8."""
    try:
        return read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _carry_foreign(old: Path, new: Path, wanted: frozenset[str]) -> None:
    """What mlgov did not write stays: entries beside the persona folders, and the files
    inside a persona folder that are not its JSON. A persona folder of a persona that is gone
    (it has a manifest.json) goes."""
    for name in sorted(os.listdir(old)):
        source = old / name
        if name == MARKER:
            continue
        if source.is_symlink() or not source.is_dir():
            link_tree(source, new / name)
        elif name in wanted:
            for inner in sorted(os.listdir(source)):
                if not inner.endswith(".json"):
                    link_tree(source / inner, new / name / inner)
        elif not (source / "manifest.json").is_file():
            link_tree(source, new / name)


def check_current(bundles: list[RoleBundle], out: Path) -> list[str]:
    """Files under `out` that differ from what compiling now would write (for CI)."""
    stale = []
    for bundle in bundles:
        for name, content in bundle_files(bundle).items():
            target = out / bundle.persona_id / name
            if _text(target) != content:
                stale.append(target.as_posix())
    return stale

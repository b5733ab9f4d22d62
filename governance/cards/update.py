"""Updating a card file in place: the new text, the diff that shows it, and an atomic write.

The existing file must load cleanly; the change is spliced in by cards/yaml_edit.py, and the
result is loaded back and must hold exactly the intended data with no new schema error.
Anything else is an error and the file is left as it was."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from governance import schemas
from governance.cards.yaml_edit import edited
from governance.findings import Finding, MlgovError, render_path
from governance.source import Document, load_yaml_bytes

BOM = b"\xef\xbb\xbf"
Change = Callable[[dict[str, Any]], dict[str, Any]]


def load_card(raw: bytes, display: str) -> Document:
    """The card as written; an error naming file:line:column when it does not load."""
    doc = load_yaml_bytes(raw, display)
    if not doc.ok:
        first = next(iter(doc.findings), None)
        where = f"{first.file}:{first.line}:{first.column}: {first.message}" if first else display
        raise MlgovError(f"cannot update {display}, it does not load: {where}")
    return doc


def updated(raw: bytes, display: str, change: Change) -> bytes:
    """The file's bytes after `change` (data in, data out) was applied to its data."""
    doc = load_card(raw, display)
    target = change(doc.data or {})
    if target == doc.data:
        return raw
    bom = BOM if raw.startswith(BOM) else b""
    text = raw[len(bom) :].decode("utf-8")
    order = list(schemas.schema("card")["properties"])
    new = bom + edited(text, doc, target, order).encode("utf-8")
    _check(doc, load_yaml_bytes(new, display), target)
    return new


def _check(before: Document, after: Document, target: dict[str, Any]) -> None:
    if after.findings or after.data != target:
        # A bug in the splicing, never the user's doing: refuse rather than write it.
        raise MlgovError(f"internal error: the update of {before.path} would not load back right")
    known = {_key(f) for f in schemas.validate("card", before)}
    new = [f for f in schemas.validate("card", after) if _key(f) not in known]
    if new:
        # The file as it is has no such line yet: name the place by its path in the card.
        first = new[0]
        raise MlgovError(
            f"{before.path}: not changed: the change would make {render_path(first.json_path)} "
            f"invalid: {first.message}"
        )


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, finding.message


def unified_diff(old: bytes, new: bytes, display: str, created: bool = False) -> str:
    """`git diff` style; a new file is shown against /dev/null."""
    before = old.decode("utf-8", "replace").splitlines(keepends=True)
    after = new.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(
        before, after, "/dev/null" if created else f"a/{display}", f"b/{display}"
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

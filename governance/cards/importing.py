"""What `mlgov cards import` would do to one card file: create it, or update it in place
changing only auto-populated fields and the imported evaluations. Planning is separate from
writing so `--dry-run` shows the same diff that a real run writes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.atomic import write_atomic
from governance.cards import merge
from governance.cards.digest import content_digest, key_digests
from governance.cards.reports import metric_groups
from governance.cards.update import load_card, unified_diff, updated
from governance.cards.writer import SCHEMA_REF, card_yaml
from governance.findings import MlgovError
from governance.source import load_yaml_bytes


@dataclass(frozen=True)
class Plan:
    path: Path
    display: str  # the path as the diff and messages show it
    old: bytes | None  # None: a new file
    new: bytes
    kept: tuple[str, ...]  # imported fields that differ but are people's to change

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def diff(self) -> str:
        return unified_diff(self.old or b"", self.new, self.display, created=self.old is None)

    def reapproval(self) -> str:
        """What to say when the change takes an Approved card away from what was approved
        (a new model, new artifacts, new metrics under an approval); "" otherwise."""
        if self.old is None or not self.changed:
            return ""
        before, after = load_yaml_bytes(self.old, self.display), load_yaml_bytes(self.new, "")
        old, new = before.data or {}, after.data or {}
        if old.get("status") != "Approved" or content_digest(old) == content_digest(new):
            return ""
        then, now, card_id = key_digests(old), key_digests(new), old.get("id")
        changed = sorted(k for k in then.keys() | now.keys() if then.get(k) != now.get(k))
        return (
            f"{card_id} is Approved, and this import changes what was approved "
            f"({', '.join(changed)}): it needs a new approval once reviewed (`mlgov cards "
            f"approve {card_id} --by NAME --role ROLE`); until then `mlgov lint` reports it"
        )

    def write(self) -> None:
        """Atomically, and only over the file as it was read: an edit saved meanwhile (an
        editor, another import) is never overwritten."""
        now = self.path.read_bytes() if self.path.exists() else None
        if now != self.old:
            raise MlgovError(f"{self.display} changed while importing; run the import again")
        write_atomic(self.path, self.new)


def plan(
    path: Path,
    display: str,
    card_id: str,
    data: Mapping[str, Any],
    evaluations: list[dict[str, Any]],
    schema_ref: str = SCHEMA_REF,
) -> Plan:
    if not path.exists():
        new = {"schema_version": 1, "status": "Draft", **data, "id": card_id}
        for evaluation in evaluations:
            new = merge.with_evaluation(new, evaluation)
        return Plan(path, display, None, card_yaml(new, schema_ref).encode("utf-8"), ())
    raw = _read(path, display)
    doc = load_card(raw, display)
    written = (doc.data or {}).get("id")
    if written is None:
        raise MlgovError(f"{display} has no `id:`; is it a card?")
    if written != card_id:
        raise MlgovError(f"{display} holds card '{written}', not '{card_id}'")
    auto = merge.auto_part(data)

    def change(card: dict[str, Any]) -> dict[str, Any]:
        card = merge.with_auto(card, auto)
        for evaluation in evaluations:
            card = merge.with_evaluation(card, evaluation)
        return card

    kept = tuple(merge.ignored(data, doc.data or {}))
    return Plan(path, display, raw, updated(raw, display, change), kept)


def _read(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise MlgovError(f"{display}: cannot read: {error.strerror}") from error


def find_card(folder: Path, card_id: str) -> Path:
    """The file holding card `card_id`: `<id>.yaml` by convention, else the one whose `id`
    says so; `<id>.yaml` (to be created) when there is none."""
    conventional = folder / f"{card_id}.yaml"
    if conventional.exists() or not folder.is_dir():
        return conventional
    for candidate in sorted(folder.glob("*.yaml")):
        doc = load_yaml_bytes(candidate.read_bytes(), candidate.name)
        if isinstance(doc.data, dict) and doc.data.get("id") == card_id:
            return candidate
    return conventional


def evaluation_from_report(path: Path, name: str) -> dict[str, Any] | None:
    """An evaluation holding the report's metric groups; None (nothing to add) for an empty
    or unrecognised report. Unreadable JSON is an error with its line and column."""
    try:
        report = json.loads(path.read_bytes())
    except OSError as error:
        raise MlgovError(f"{path}: cannot read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise MlgovError(f"{path}: not UTF-8 text (byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise MlgovError(f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from error
    except RecursionError as error:
        raise MlgovError(f"{path}: nested too deeply to be a report") from error
    groups = metric_groups(report)
    if not groups:
        return None
    return {"name": name[:63], "metric_groups": groups}

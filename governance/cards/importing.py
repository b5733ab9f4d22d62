"""What `mlgov cards import` would do to one card file: create it, or update it in place
changing only auto-populated fields and the imported evaluations. Planning is separate from
writing so `--dry-run` shows the same diff that a real run writes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from governance import schemas
from governance.atomic import write_atomic
from governance.cards import merge
from governance.cards.digest import content_digest, key_digests
from governance.cards.model import build_card
from governance.cards.reports import Imported, Threshold, parse
from governance.cards.sagemaker import CONTENT_LIMIT, to_sagemaker
from governance.cards.update import load_card, unified_diff, updated
from governance.cards.writer import SCHEMA_REF, card_yaml
from governance.findings import MlgovError
from governance.source import Document, load_path, load_yaml_bytes
from governance.source.files import read_regular


@dataclass(frozen=True)
class Report:
    """One `--report FILE`, read, and the evaluation it goes into."""

    path: Path
    evaluation: str
    parsed: Imported

    @property
    def label(self) -> str:
        return f"{self.path.name} ({self.parsed.kind})"

    def as_evaluation(self) -> dict[str, Any] | None:
        if not self.parsed.groups:
            return None
        metadata = {self.path.name: self.parsed.kind, **self.parsed.metadata}
        return {"name": self.evaluation, "metadata": metadata, "metric_groups": self.parsed.groups}


@dataclass(frozen=True)
class Plan:
    path: Path
    display: str  # the path as the diff and messages show it
    old: bytes | None  # None: a new file
    new: bytes
    kept: tuple[str, ...]  # imported fields that differ but are people's to change
    notes: tuple[str, ...] = field(default=())  # what the import changed on its own, and why

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
        now = read_regular(self.path) if self.path.exists() else None
        if now != self.old:
            raise MlgovError(f"{self.display} changed while importing; run the import again")
        write_atomic(self.path, self.new)


@dataclass(frozen=True)
class Source:
    """What an import fills: its auto-populated fields, the fields it fills only while a card
    has none (then they are people's), and its evaluations (merged by name)."""

    fields: tuple[tuple[str, ...], ...] = merge.AUTO_FIELDS
    seeds: tuple[tuple[str, ...], ...] = ()
    evaluations: tuple[dict[str, Any], ...] = ()
    mlflow_model: str | None = None  # the registered model, which the card must document


def plan(
    path: Path,
    display: str,
    card_id: str,
    data: Mapping[str, Any],
    reports: Sequence[Report] = (),
    schema_ref: str = SCHEMA_REF,
    sagemaker_name: str | None = None,
    source: Source = Source(),
) -> Plan:
    notes: list[str] = []

    def change(card: dict[str, Any]) -> dict[str, Any]:
        for given in source.evaluations:
            card = merge.with_evaluation(card, given)
        for report in reports:
            evaluation = report.as_evaluation()
            if evaluation is not None:
                card = merge.with_evaluation(card, evaluation)
        for report in reports:
            _apply_thresholds(card, report, notes)
        return card

    checked = bool(reports or source.evaluations)
    if not path.exists():
        card = change({"schema_version": 1, "status": "Draft", **data, "id": card_id})
        text = card_yaml(card, schema_ref).encode("utf-8")
        _check_size(text, display, reports, checked)
        return Plan(path, display, None, text, (), tuple(notes))
    raw = _read(path, display)
    doc = load_card(raw, display)
    _same_card(doc, display, card_id, sagemaker_name)
    _same_mlflow_model(doc, display, card_id, source.mlflow_model)
    fields = source.fields + merge.seeded(data, doc.data or {}, source.seeds)
    auto = merge.auto_part(data, fields)
    kept = tuple(merge.ignored(data, doc.data or {}, fields))
    new = updated(raw, display, lambda card: change(merge.with_auto(card, auto)))
    _check_size(new, display, reports, checked)
    return Plan(path, display, raw, new, kept, tuple(notes))


def _same_mlflow_model(doc: Document, display: str, card_id: str, model: str | None) -> None:
    documented = ((doc.data or {}).get("mlflow") or {}).get("registered_model")
    if model is not None and documented is not None and documented != model:
        raise MlgovError(
            f"{display} documents the MLflow model '{documented}', not '{model}'; pass "
            f"--card ID to import it as another card (card '{card_id}' is left as it is)"
        )


def _same_card(doc: Document, display: str, card_id: str, sagemaker_name: str | None) -> None:
    written = (doc.data or {}).get("id")
    if written is None:
        raise MlgovError(f"{display} has no `id:`; is it a card?")
    if written != card_id:
        raise MlgovError(f"{display} holds card '{written}', not '{card_id}'")
    recorded = (doc.data or {}).get("sagemaker", {}).get("model_card_name") or written
    if sagemaker_name is not None and recorded != sagemaker_name:
        raise MlgovError(
            f"{display} is SageMaker's card '{recorded}', not '{sagemaker_name}': two SageMaker "
            f"names give the card id '{card_id}'; pass --card ID to import it as another card"
        )


def _apply_thresholds(card: dict[str, Any], report: Report, notes: list[str]) -> None:
    """Model Monitor constraints as thresholds on the metrics of the same name in the report's
    evaluation; a constraint with no such metric is refused by name."""
    if not report.parsed.thresholds:
        return
    evaluation: dict[str, Any] = next(
        (e for e in card.get("evaluation_details", []) if e.get("name") == report.evaluation), {}
    )
    metrics = [
        m
        for g in evaluation.get("metric_groups", [])
        for m in g.get("metric_data", [])
        if m.get("type") == "number"
    ]
    missing = []
    for threshold in report.parsed.thresholds:
        targets = [m for m in metrics if m.get("name") == threshold.metric]
        if not targets:
            missing.append(threshold)
        for metric in targets:
            _set_threshold(metric, threshold, report, notes)
    if len(missing) == len(report.parsed.thresholds):
        raise MlgovError(_no_metrics(report, missing))
    for threshold in missing:
        notes.append(
            f"{report.label}: no metric '{threshold.metric}' in evaluation "
            f"'{report.evaluation}' for its threshold ({threshold.source}); not imported"
        )


def _set_threshold(
    metric: dict[str, Any], threshold: Threshold, report: Report, notes: list[str]
) -> None:
    old = metric.get("threshold")
    if old is not None and old != threshold.bound:
        notes.append(
            f"{report.label}: threshold of '{threshold.metric}' changed from {old} to "
            f"{threshold.bound} ({threshold.source})"
        )
    metric["threshold"] = dict(threshold.bound)


def _no_metrics(report: Report, missing: list[Threshold]) -> str:
    names = ", ".join(t.metric for t in missing)
    return (
        f"{report.label}: evaluation '{report.evaluation}' has no metric {names} to hold the "
        "thresholds; import the statistics.json of the same baseline with it (--report "
        f"statistics.json --report {report.path.name} --evaluation {report.evaluation})"
    )


def _check_size(text: bytes, display: str, reports: Sequence[Report], checked: bool) -> None:
    """The card must still fit SageMaker's content once the reports are in."""
    if not checked:
        return
    doc = load_yaml_bytes(text, display)
    if doc.data is None or schemas.validate("card", doc):
        return  # writer and update already refused an invalid card
    size = len(to_sagemaker(build_card(doc)).content_json())
    if size > CONTENT_LIMIT:
        names = ", ".join(r.label for r in reports) or "the imported metrics"
        raise MlgovError(
            f"{display}: not changed: with {names} its SageMaker content would be {size:,} "
            f"characters, and SageMaker accepts {CONTENT_LIMIT:,}"
        )


def _read(path: Path, display: str) -> bytes:
    try:
        return read_regular(path)
    except OSError as error:
        raise MlgovError(f"{display}: cannot read: {error.strerror}") from error


def find_card(folder: Path, card_id: str, boundary: Path | None = None) -> Path:
    """The file holding card `card_id`: `<id>.yaml` by convention, else the one whose `id`
    says so; `<id>.yaml` (to be created) when there is none. Cards are read as lint reads
    them: a FIFO, or a link leading outside `boundary` (the repository), is passed over."""
    conventional = folder / f"{card_id}.yaml"
    if conventional.exists() or not folder.is_dir():
        return conventional
    for candidate in sorted(folder.glob("*.yaml")):
        doc = load_path(candidate, candidate.name, boundary)
        if isinstance(doc.data, dict) and doc.data.get("id") == card_id:
            return candidate
    return conventional


def read_report(path: Path, evaluation: str, budget: int) -> Report:
    """A report file, recognised and converted. Unreadable JSON is an error with its line and
    column; a file that is no report this import knows is an error that says why."""
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
    parsed = parse(report, budget)
    read = Report(path, evaluation, parsed)
    errors = _evaluation_errors(read)
    if errors:
        raise MlgovError(f"{path} ({parsed.kind}): the evaluation would not be valid: {errors[0]}")
    return read


def _evaluation_errors(report: Report) -> list[str]:
    evaluation = report.as_evaluation()
    if evaluation is None:
        return []
    return schemas.value_errors("card", ("$defs", "evaluation"), evaluation)


def content_budget(path: Path) -> int:
    """Characters of SageMaker content the card at `path` has left for imported reports."""
    if not path.exists():
        return CONTENT_LIMIT
    try:
        doc = load_yaml_bytes(read_regular(path), path.name)
    except OSError:
        return CONTENT_LIMIT
    if doc.data is None or not doc.ok or schemas.validate("card", doc):
        return CONTENT_LIMIT  # the import reports the card's own problem
    return CONTENT_LIMIT - len(to_sagemaker(build_card(doc)).content_json())

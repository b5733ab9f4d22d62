"""Card fields from an MLflow model version (monitoring/mlflow_read.read_version's record:
plain data in, card data out).

Where each fact goes:
- registered model and version → model_overview.model_name, model_version and model_id
  (`models:/<name>/<version>`), and the card's `mlflow:` record (the join key with registry
  snapshots), with the flavors, the signature, the run, its dataset inputs and the tags;
- the version's download URI → model_overview.model_artifact;
- the run's parameters → training_job_details.hyper_parameters; its metrics not measured on a
  dataset → training_metrics; its training datasets' sources → training_datasets;
- the metrics MLflow 3 links to an evaluation dataset (`mlflow.evaluate`) → one evaluation per
  dataset, named after it, with the dataset's source;
- the version's description, the signature as text and the datasets → model_description,
  input_format, output_format and datasets, only while the card has none (SEEDED): after that
  they are people's text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import isfinite
from typing import Any

__all__ = ["MLFLOW_FIELDS", "SEEDED", "MlflowImport", "from_mlflow"]

MLFLOW_FIELDS: tuple[tuple[str, ...], ...] = (
    ("model_overview", "model_id"),
    ("model_overview", "model_name"),
    ("model_overview", "model_version"),
    ("model_overview", "model_artifact"),
    ("training_details", "training_job_details", "training_datasets"),
    ("training_details", "training_job_details", "training_metrics"),
    ("training_details", "training_job_details", "hyper_parameters"),
    ("mlflow", "tracking_server"),
    ("mlflow", "registered_model"),
    ("mlflow", "version"),
    ("mlflow", "alias"),
    ("mlflow", "model_id"),
    ("mlflow", "run_id"),
    ("mlflow", "run_name"),
    ("mlflow", "experiment_id"),
    ("mlflow", "flavors"),
    ("mlflow", "signature"),
    ("mlflow", "datasets"),
    ("mlflow", "tags"),
)
SEEDED: tuple[tuple[str, ...], ...] = (
    ("model_overview", "model_description"),
    ("input_format",),
    ("output_format",),
    ("datasets",),
)
EVALUATION_GROUP = "mlflow.evaluate"
TAG_KEY, TAG_VALUE = 250, 1024  # the card schema's limits on mlflow.tags
TEXT = 256  # mlflow_text


@dataclass(frozen=True)
class MlflowImport:
    data: dict[str, Any]  # the card fields
    evaluations: tuple[dict[str, Any], ...]  # one per evaluation dataset
    notes: tuple[str, ...]  # what was left out, and why


def from_mlflow(record: Mapping[str, Any], alias: str | None = None) -> MlflowImport:
    notes: list[str] = list(record.get("notes", ()))
    version, run = record["version"], record.get("run") or {}
    number = int(version["version"])
    name = version["name"]
    evaluations, evaluated = _evaluations(record, notes)
    judged = {e["name"] for e in evaluations}  # datasets evaluated on: not training data
    data: dict[str, Any] = {
        "model_overview": _overview(record, name, number),
        "mlflow": _mlflow(record, name, number, alias, notes),
    }
    job = _training(run, evaluated, judged, notes)
    if job:
        data["training_details"] = {"training_job_details": job}
    for key, value in _seeds(record, judged).items():
        data[key] = {**data[key], **value} if isinstance(data.get(key), dict) else value
    return MlflowImport(data, tuple(evaluations), tuple(notes))


def _overview(record: Mapping[str, Any], name: str, number: int) -> dict[str, Any]:
    overview: dict[str, Any] = {
        "model_id": f"models:/{name}/{number}"[:1024],
        "model_name": name[:1024],
        "model_version": number,
    }
    if record.get("artifact"):
        overview["model_artifact"] = [record["artifact"][:1024]]
    return overview


def _mlflow(
    record: Mapping[str, Any], name: str, number: int, alias: str | None, notes: list[str]
) -> dict[str, Any]:
    version, run = record["version"], record.get("run") or {}
    out: dict[str, Any] = {"tracking_server": record["server"][:TEXT], "registered_model": name}
    out["version"] = number
    if alias:
        out["alias"] = alias
    for key, value in (
        ("model_id", version.get("model_id")),
        ("run_id", version.get("run_id")),
        ("run_name", run.get("name")),
        ("experiment_id", run.get("experiment_id")),
    ):
        if value:
            out[key] = str(value)[:TEXT]
    model = record.get("mlmodel") or {}
    flavors = sorted(str(f)[:TEXT] for f in (model.get("flavors") or {}) if str(f))
    if flavors:
        out["flavors"] = flavors
    signature = _signature(model.get("signature"), notes)
    if signature:
        out["signature"] = signature
    datasets = [_dataset(d) for d in run.get("datasets", ())]
    if datasets:
        out["datasets"] = datasets
    tags = _tags(version.get("tags", {}), run.get("tags", {}), notes)
    if tags:
        out["tags"] = tags
    return out


def _signature(raw: Any, notes: list[str]) -> dict[str, Any]:
    """MLmodel's signature: each part is a JSON string of column or tensor specs."""
    if not isinstance(raw, Mapping):
        return {}
    out: dict[str, Any] = {}
    for part in ("inputs", "outputs", "params"):
        text = raw.get(part)
        if not text:
            continue
        try:
            specs = json.loads(text) if isinstance(text, str) else text
        except ValueError:
            notes.append(f"not imported: the signature's {part} (not JSON)")
            continue
        if isinstance(specs, list):
            out[part] = [_column(s) for s in specs if isinstance(s, Mapping)]
    return {k: v for k, v in out.items() if v}


def _column(spec: Mapping[str, Any]) -> dict[str, Any]:
    column: dict[str, Any] = {}
    if spec.get("name"):
        column["name"] = str(spec["name"])[:TEXT]
    column["type"] = _type(spec)[:TEXT]
    if spec.get("required") is False or ("default" in spec and spec.get("required") is None):
        column["optional"] = True
    return column


def _type(spec: Mapping[str, Any]) -> str:
    kind = str(spec.get("type") or "unknown")
    tensor = spec.get("tensor-spec")
    if kind == "tensor" and isinstance(tensor, Mapping):
        return f"tensor {tensor.get('dtype', '?')} {list(tensor.get('shape') or [])}"
    items = spec.get("items")
    if kind == "array" and isinstance(items, Mapping):
        return f"array of {_type(items)}"
    return kind


def _dataset(d: Mapping[str, str]) -> dict[str, str]:
    out = {"name": d["name"][:TEXT]}
    for key in ("digest", "source_type", "context"):
        if d.get(key):
            out[key] = d[key][:TEXT]
    if d.get("source"):
        out["source"] = d["source"][:1024]
    return out


def _tags(version: Mapping[str, str], run: Mapping[str, str], notes: list[str]) -> dict[str, str]:
    """The version's tags over the run's own; MLflow's system tags (mlflow.*) say where the
    code ran (a user, a file path of that machine), not what the model is."""
    merged = {k: v for k, v in run.items() if not k.startswith("mlflow.")} | dict(version)
    kept = {}
    for key, value in sorted(merged.items()):
        if len(key) > TAG_KEY or len(value) > TAG_VALUE:
            notes.append(f"not imported: tag {key[:40]!r} (longer than the card allows)")
        elif key and not key.startswith("mlflow."):
            kept[key] = value
    return kept


def _training(
    run: Mapping[str, Any], evaluated: set[str], judged: set[str], notes: list[str]
) -> dict[str, Any]:
    job: dict[str, Any] = {}
    params = sorted(run.get("params", {}).items())
    if params:
        job["hyper_parameters"] = [{"name": k, "value": str(v)} for k, v in params]
    metrics = []
    for key, value in sorted(run.get("metrics", {}).items()):
        if key in evaluated:
            continue
        if _finite(value):
            metrics.append({"name": key, "value": value})
        else:
            notes.append(f"not imported: metric {key} = {value} (not a finite number)")
    if metrics:
        job["training_metrics"] = metrics
    sources = [
        d["source"][:1024]
        for d in run.get("datasets", ())
        if d.get("source")
        and d.get("context") in ("training", "train", "")
        and d["name"] not in judged
    ]
    if sources:
        job["training_datasets"] = list(dict.fromkeys(sources))
    return job


def _evaluations(
    record: Mapping[str, Any], notes: list[str]
) -> tuple[list[dict[str, Any]], set[str]]:
    """One evaluation per dataset the logged model's metrics were measured on (the latest
    value of each metric), and the metric keys measured only that way."""
    logged = record.get("logged_model") or {}
    by_dataset: dict[tuple[str, str], dict[str, tuple[int, float]]] = {}
    plain: set[str] = set()
    for m in logged.get("metrics", ()):
        if not m.get("dataset_name"):
            plain.add(m["key"])
            continue
        values = by_dataset.setdefault((m["dataset_name"], m.get("dataset_digest", "")), {})
        if m["key"] not in values or m["timestamp"] >= values[m["key"]][0]:
            values[m["key"]] = (m["timestamp"], m["value"])
    run = record.get("run") or {}
    sources = {(d["name"], d["digest"]): d.get("source", "") for d in run.get("datasets", ())}
    evaluations = [
        _evaluation(name, digest, values, sources.get((name, digest), ""), record, notes)
        for (name, digest), values in sorted(by_dataset.items())
    ]
    measured = {k for values in by_dataset.values() for k in values}
    return [e for e in evaluations if e["metric_groups"]], measured - plain


def _evaluation(
    name: str,
    digest: str,
    values: Mapping[str, tuple[int, float]],
    source: str,
    record: Mapping[str, Any],
    notes: list[str],
) -> dict[str, Any]:
    metrics = []
    for key, (_, value) in sorted(values.items()):
        if _finite(value):
            metrics.append({"name": key, "type": "number", "value": value})
        else:
            notes.append(f"not imported: {name} metric {key} = {value} (not a finite number)")
    version = record["version"]
    metadata = {
        "mlflow_dataset": f"{name}@{digest}" if digest else name,
        "mlflow_model_version": f"models:/{version['name']}/{version['version']}",
    }
    if version.get("run_id"):
        metadata["mlflow_run"] = version["run_id"]
    evaluation: dict[str, Any] = {"name": name, "metadata": _capped(metadata)}
    if source:
        evaluation["datasets"] = [source[:1024]]
    groups = [{"name": EVALUATION_GROUP, "metric_data": metrics}] if metrics else []
    evaluation["metric_groups"] = groups
    return evaluation


def _seeds(record: Mapping[str, Any], judged: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    description = record["version"].get("description") or record["model"].get("description")
    if description:
        out["model_overview"] = {"model_description": description[:1024]}
    signature = _signature((record.get("mlmodel") or {}).get("signature"), [])
    for part, key in (("inputs", "input_format"), ("outputs", "output_format")):
        if signature.get(part):
            out[key] = _format(signature[part])[:2048]
    datasets = (record.get("run") or {}).get("datasets", ())
    seeded = [_described(d, d["name"] in judged) for d in datasets]
    if seeded:
        out["datasets"] = list({d["name"]: d for d in seeded}.values())
    return out


def _format(columns: Sequence[Mapping[str, Any]]) -> str:
    parts = [
        f"{c.get('name', 'unnamed')} ({c['type']}{', optional' if c.get('optional') else ''})"
        for c in columns
    ]
    return "MLflow signature: " + ", ".join(parts)


def _described(d: Mapping[str, str], judged: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"name": d["name"][:128]}
    if d.get("source"):
        out["link"] = d["source"][:1024]
    use = {"training": "training", "train": "training", "eval": "evaluation"}
    use |= {"evaluation": "evaluation", "validation": "validation", "test": "evaluation"}
    if d.get("context") in use:
        out["used_for"] = [use[d["context"]]]
    elif judged:
        out["used_for"] = ["evaluation"]
    return out


def _capped(metadata: Mapping[str, str]) -> dict[str, str]:
    return {k: v[:1024] for k, v in metadata.items()}


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and isfinite(value)

"""Reading an MLflow registry: its answers turned into plain data and checked before use.

The MLflow client parses what a server sends into its entity classes, filling what is missing
with protobuf defaults: a wrong answer (a proxy's page that happens to be JSON, a half-done
fake) becomes a model named "" or a version "" rather than an error. So each entity is copied
into plain data and checked against a spec (expect.py, as the boto3 answers are): a registered
model needs its name, a version a number, an alias a version, a run its id. What fails is one
SectionUnreadable (InvalidResponse), never a card or a snapshot built on it.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from governance.monitoring.calls import INVALID, SectionUnreadable
from governance.monitoring.expect import BadShape, Many, OneOf, Record, Text, check
from governance.monitoring.mlflow_client import Registry, one_line
from governance.source import load_yaml_bytes

PAGE_SIZE = 100
MAX_PAGES = 1000  # 100,000 registered models, or versions of one: past that, paging is broken
MLMODEL_LIMIT = 1_000_000  # bytes: an MLmodel file is a few KB

NAME = Text(nonempty=True)
NUMBER = Text(pattern=r"[1-9][0-9]{0,9}")
TAGS = Record(rule=lambda d: _all_text(d))
STAGES = ("None", "Staging", "Production", "Archived")
RUN_ID = Text(pattern=r"[A-Za-z0-9_-]{1,64}")

REGISTERED_MODEL = Record(
    {"name": NAME, "description": str, "tags": TAGS, "aliases": TAGS},
    {"created": int, "updated": int},
    lambda d: next(
        (f"alias {a!r} points at {v!r}, not a version" for a, v in d["aliases"].items()
         if not str(v).isdigit() or str(v) == "0"),
        None,
    ),
)  # fmt: skip
MODEL_VERSION = Record(
    {
        "name": NAME,
        "version": NUMBER,
        "stage": OneOf(STAGES),
        "status": OneOf(("READY", "PENDING_REGISTRATION", "FAILED_REGISTRATION")),
        "run_id": str,
        "source": str,
        "description": str,
        "tags": TAGS,
        "aliases": Many(NAME),
    },
    {"created": int, "model_id": str},
)
RUN = Record(
    {
        "run_id": RUN_ID,
        "name": str,
        "experiment_id": str,
        "status": OneOf(("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED")),
        "params": TAGS,
        "metrics": Record(rule=lambda d: _all_numbers(d)),
        "tags": TAGS,
        "datasets": Many(Record({"name": NAME, "digest": str, "source": str, "source_type": str,
                                 "context": str})),
    },
)  # fmt: skip
METRIC = Record(
    {"key": NAME, "timestamp": int},
    {"dataset_name": str, "dataset_digest": str},
    lambda d: _all_numbers({d["key"]: d.get("value")}),
)
LOGGED_MODEL = Record({"model_id": NAME, "artifact_location": str, "metrics": Many(METRIC)})


def _all_text(data: dict[str, Any]) -> str | None:
    bad = next(
        (k for k, v in data.items() if not isinstance(k, str) or not isinstance(v, str)), None
    )
    return None if bad is None else f"{bad!r} is not text"


def _all_numbers(data: dict[str, Any]) -> str | None:
    bad = next((k for k, v in data.items() if not isinstance(v, int | float)), None)
    return None if bad is None else f"metric {bad!r} is not a number"


# -- entities as plain data ----------------------------------------------------------------


def registered_model(entity: Any) -> dict[str, Any]:
    return {
        "name": entity.name,
        "description": entity.description or "",
        "tags": dict(entity.tags or {}),
        "aliases": {str(k): str(v) for k, v in dict(entity.aliases or {}).items()},
        "created": entity.creation_timestamp or 0,
        "updated": entity.last_updated_timestamp or 0,
    }


def model_version(entity: Any) -> dict[str, Any]:
    return {
        "name": entity.name,
        "version": str(entity.version),
        "stage": entity.current_stage or "None",
        "status": entity.status or "READY",
        "run_id": entity.run_id or "",
        "source": entity.source or "",
        "description": entity.description or "",
        "tags": dict(entity.tags or {}),
        "aliases": list(entity.aliases or []),
        "created": entity.creation_timestamp or 0,
        "model_id": getattr(entity, "model_id", None) or _logged_model_id(entity.source or ""),
    }


def _logged_model_id(source: str) -> str:
    """MLflow 3 registers a logged model as `models:/m-<id>`; older versions a run's path."""
    rest = source.removeprefix("models:/")
    return rest if rest != source and rest.startswith("m-") and "/" not in rest else ""


def run(entity: Any) -> dict[str, Any]:
    info, data = entity.info, entity.data
    inputs = getattr(getattr(entity, "inputs", None), "dataset_inputs", None) or []
    return {
        "run_id": info.run_id,
        "name": info.run_name or "",
        "experiment_id": str(info.experiment_id or ""),
        "status": info.status,
        "params": dict(data.params or {}),
        "metrics": dict(data.metrics or {}),
        "tags": dict(data.tags or {}),
        "datasets": [_dataset_input(d) for d in inputs],
    }


def _dataset_input(entity: Any) -> dict[str, str]:
    dataset = entity.dataset
    tags = {t.key: t.value for t in entity.tags or []}
    return {
        "name": dataset.name or "",
        "digest": dataset.digest or "",
        "source": dataset_source(dataset.source or ""),
        "source_type": dataset.source_type or "",
        "context": tags.get("mlflow.data.context", ""),
    }


def dataset_source(text: str) -> str:
    """A dataset's source as a link: MLflow stores it as JSON ({"uri": ...}, {"url": ...},
    a Hugging Face {"path": ...}); anything else as it is."""
    try:
        source = json.loads(text)
    except (ValueError, RecursionError):
        return text[:1024]
    if isinstance(source, dict):
        for key in ("uri", "url", "path", "table_name", "delta_table_name"):
            if isinstance(source.get(key), str) and source[key]:
                return source[key][:1024]
    return text[:1024]


def logged_model(entity: Any) -> dict[str, Any]:
    return {
        "model_id": entity.model_id,
        "artifact_location": entity.artifact_location or "",
        "metrics": [
            {
                "key": m.key,
                "value": m.value,
                "timestamp": m.timestamp or 0,
                "dataset_name": m.dataset_name or "",
                "dataset_digest": m.dataset_digest or "",
            }
            for m in entity.metrics or []
        ],
    }


# -- calls ---------------------------------------------------------------------------------


def pages(registry: Registry, operation: str, search: Any, **params: Any) -> Iterator[Any]:
    """Every entity of a paged search; a token seen twice, or too many pages, is an error."""
    seen: set[str] = set()
    token: str | None = None

    def page_at(cursor: str | None) -> Any:
        return registry.call(
            operation, lambda: search(max_results=PAGE_SIZE, page_token=cursor, **params)
        )

    for _ in range(MAX_PAGES):
        page = page_at(token)
        yield from page
        token = getattr(page, "token", None)
        if not token:
            return
        if token in seen:
            raise SectionUnreadable(f"mlflow.{operation}", "PagingDoesNotEnd", "a token came back")
        seen.add(token)
    raise SectionUnreadable(f"mlflow.{operation}", "PagingDoesNotEnd", f"over {MAX_PAGES} pages")


def checked(operation: str, data: dict[str, Any], spec: Record) -> dict[str, Any]:
    try:
        check(data, spec)
    except BadShape as error:
        raise SectionUnreadable(f"mlflow.{operation}", INVALID, str(error)) from error
    return data


def get_registered_model(registry: Registry, name: str) -> dict[str, Any]:
    entity = registry.call(
        "get_registered_model", lambda: registry.client.get_registered_model(name)
    )
    return checked("get_registered_model", registered_model(entity), REGISTERED_MODEL)


def get_version(
    registry: Registry, name: str, version: int | None, alias: str | None
) -> dict[str, Any]:
    client = registry.client
    if alias is not None:
        entity = registry.call(
            "get_model_version_by_alias", lambda: client.get_model_version_by_alias(name, alias)
        )
        operation = "get_model_version_by_alias"
    else:
        entity = registry.call(
            "get_model_version", lambda: client.get_model_version(name, str(version))
        )
        operation = "get_model_version"
    data = checked(operation, model_version(entity), MODEL_VERSION)
    if data["name"] != name:
        raise SectionUnreadable(
            f"mlflow.{operation}", INVALID, f"asked for {name!r}, got {data['name']!r}"
        )
    return data


def get_run(registry: Registry, run_id: str) -> dict[str, Any]:
    entity = registry.call("get_run", lambda: registry.client.get_run(run_id))
    return checked("get_run", run(entity), RUN)


def get_logged_model(registry: Registry, model_id: str) -> dict[str, Any]:
    entity = registry.call("get_logged_model", lambda: registry.client.get_logged_model(model_id))
    return checked("get_logged_model", logged_model(entity), LOGGED_MODEL)


def download_uri(registry: Registry, name: str, version: int) -> str:
    uri = registry.call(
        "get_model_version_download_uri",
        lambda: registry.client.get_model_version_download_uri(name, str(version)),
    )
    if not isinstance(uri, str) or not uri:
        raise SectionUnreadable("mlflow.get_model_version_download_uri", INVALID, "no URI")
    return uri


def mlmodel(registry: Registry, artifact: str) -> dict[str, Any]:
    """The version's MLmodel file (flavors and signature), read into a temporary folder."""
    mlflow = __import__("mlflow")

    def download(folder: str) -> bytes:
        path = mlflow.artifacts.download_artifacts(
            artifact_uri=artifact.rstrip("/") + "/MLmodel",
            dst_path=folder,
            tracking_uri=registry.uri,
        )
        file = Path(path)
        if file.stat().st_size > MLMODEL_LIMIT:
            raise SectionUnreadable("mlflow.download_artifacts", INVALID, "MLmodel is over 1 MB")
        return file.read_bytes()

    with tempfile.TemporaryDirectory(prefix="mlgov-mlflow-") as folder:
        raw = registry.call("download_artifacts", lambda: download(folder))
    doc = load_yaml_bytes(raw, "MLmodel")
    if not isinstance(doc.data, dict):
        problem = one_line(doc.findings[0].message) if doc.findings else "not a mapping"
        raise SectionUnreadable("mlflow.download_artifacts", INVALID, f"MLmodel: {problem}")
    return doc.data


def finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_version(
    registry: Registry, name: str, version: int | None = None, alias: str | None = None
) -> dict[str, Any]:
    """Everything a card is filled from: the registered model, the version (by number or
    alias), its source run, its MLflow 3 logged model (metrics linked to datasets), and its
    MLmodel file. `notes` says what could not be had and why; a missing run or MLmodel is
    a note, a missing model or version an error."""
    notes: list[str] = []
    found = get_version(registry, name, version, alias)
    record: dict[str, Any] = {
        "server": registry.label,
        "model": get_registered_model(registry, name),
        "version": found,
        "notes": notes,
    }
    number = int(found["version"])
    record["artifact"] = download_uri(registry, name, number)
    record["run"] = (
        _optional(notes, "its source run", lambda: get_run(registry, found["run_id"]))
        if found["run_id"]
        else None
    )
    if found["model_id"]:
        record["logged_model"] = _optional(
            notes, "its logged model", lambda: get_logged_model(registry, found["model_id"])
        )
    record["mlmodel"] = _optional(
        notes, "its MLmodel file", lambda: mlmodel(registry, record["artifact"])
    )
    return record


def _optional(notes: list[str], what: str, read: Any) -> Any:
    try:
        return read()
    except SectionUnreadable as error:
        notes.append(f"not imported: {what} ({error.operation}: {error.code}: {error.message})")
        return None


__all__ = [
    "download_uri",
    "get_logged_model",
    "get_registered_model",
    "get_run",
    "get_version",
    "mlmodel",
    "pages",
    "read_version",
]

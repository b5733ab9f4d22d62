"""The MLflow registry snapshot: a tracking server in, registry data (schema `registry`) out.

Sections, each recorded or in `errors` (sections.record, as the AWS sections are):
- registered_models: every registered model (paged search) with its tags and aliases;
- versions: each model's versions (paged search per model), with stage, status, tags and the
  source run's id; a model whose versions cannot be read keeps `versions: null`;
- runs: the source run (name, experiment, status) of each version an alias or a stage other
  than None/Archived points at: those are the ones served, and one call per version of a
  registry's whole history would cost more than the rest of the snapshot.

Nothing raises out of `collect`: a failed call, a wrong answer or a bug costs its section.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from governance.monitoring.calls import SectionUnreadable
from governance.monitoring.mlflow_client import Registry
from governance.monitoring.mlflow_read import (
    MODEL_VERSION,
    REGISTERED_MODEL,
    checked,
    get_run,
    model_version,
    pages,
    registered_model,
)
from governance.monitoring.model import format_time
from governance.monitoring.sections import internal_error, record, record_error

__all__ = ["collect_registry"]

SERVED_STAGES = ("Staging", "Production")


def collect_registry(registry: Registry, now: datetime, source: str = "live") -> dict[str, Any]:
    out: dict[str, Any] = {
        "version": 1,
        "registry": "mlflow",
        "taken_at": format_time(now),
        "tracking_server": registry.label,
        "source": source,
        "registered_models": [],
        "errors": [],
    }
    record(out, "registered_models", lambda: _models(registry))
    for model in out["registered_models"]:
        _versions(registry, out, model)
    record(out, "runs", lambda: _runs(registry, out))
    out["registered_models"].sort(key=lambda m: m["name"])
    out["api_calls"] = dict(sorted(registry.counts.items()))
    return out


def _models(registry: Registry) -> list[dict[str, Any]]:
    found = []
    for entity in pages(
        registry, "search_registered_models", registry.client.search_registered_models
    ):
        data = checked("search_registered_models", registered_model(entity), REGISTERED_MODEL)
        found.append(
            {
                "name": data["name"],
                "description": data["description"],
                "tags": dict(sorted(data["tags"].items())),
                "aliases": {a: int(v) for a, v in sorted(data["aliases"].items())},
                "created": _time(data["created"]),
                "updated": _time(data["updated"]),
                "versions": None,
            }
        )
    return found


def _versions(registry: Registry, out: dict[str, Any], model: dict[str, Any]) -> None:
    """The model's versions, or its error: the others are still read."""
    name = model["name"]
    search = registry.client.search_model_versions
    quoted = name.replace("\\", "\\\\").replace("'", "\\'")
    try:
        found = [
            _version(checked("search_model_versions", model_version(e), MODEL_VERSION))
            for e in pages(
                registry, "search_model_versions", search, filter_string=f"name='{quoted}'"
            )
        ]
    except SectionUnreadable as error:
        record_error(out, "versions", _about(error, name))
        return
    except Exception as error:  # a bug: this model's versions are lost, not the others'
        record_error(out, "versions", _about(internal_error(error), name))
        return
    model["versions"] = sorted(found, key=lambda v: v["version"])


def _about(error: SectionUnreadable, name: str) -> SectionUnreadable:
    return SectionUnreadable(error.operation, error.code, f"model {name}: {error.message}")


def _version(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": int(data["version"]),
        "stage": data["stage"],
        "status": data["status"],
        "run_id": data["run_id"],
        "source": data["source"],
        "description": data["description"],
        "tags": dict(sorted(data["tags"].items())),
        "created": _time(data["created"]),
        "run": None,
    }


def _runs(registry: Registry, out: dict[str, Any]) -> None:
    """Fills `run` in place for the served versions; the first failure costs the section,
    and no version keeps a run read before it (nothing half-read)."""
    try:
        _read_runs(registry, out)
    except Exception:
        for model in out["registered_models"]:
            for version in model["versions"] or ():
                version["run"] = None
        raise


def _read_runs(registry: Registry, out: dict[str, Any]) -> None:
    for model in out["registered_models"]:
        aliased = set(model["aliases"].values())
        for version in model["versions"] or ():
            served = version["version"] in aliased or version["stage"] in SERVED_STAGES
            if served and version["run_id"]:
                run = get_run(registry, version["run_id"])
                version["run"] = {
                    "name": run["name"],
                    "experiment_id": run["experiment_id"],
                    "status": run["status"],
                }


def _time(millis: int) -> str | None:
    if not millis:
        return None
    return format_time(datetime.fromtimestamp(millis / 1000, tz=UTC))

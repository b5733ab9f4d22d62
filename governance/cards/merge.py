"""What an import changes in an existing card: only the auto-populated fields. The data
side of updating a card in place (cards/yaml_edit.py does the text side).

Auto-populated fields are the ones SageMaker's describe calls fill in (reference §3.2):
training job details and the model's id, name, images and artifacts; an evaluation import
fills one evaluation's metric groups; a model card import also records which SageMaker card
and version it read (`sagemaker:`). Everything else is what people wrote, and stays. Within
an auto-populated list of named items (metrics, hyper-parameters, metric groups), the items
are the source's, in the card's order where the card has them, and keys people added to an
item (notes, threshold, slice) are kept. An evaluation also keeps the groups and metrics
people wrote that the report lacks."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

Path = tuple[str, ...]
AUTO_FIELDS: tuple[Path, ...] = (
    ("model_overview", "model_id"),
    ("model_overview", "model_name"),
    ("model_overview", "model_artifact"),
    ("model_overview", "inference_environment"),
    ("training_details", "training_job_details", "training_arn"),
    ("training_details", "training_job_details", "training_datasets"),
    ("training_details", "training_job_details", "training_environment"),
    ("training_details", "training_job_details", "training_metrics"),
    ("training_details", "training_job_details", "hyper_parameters"),
    # import's own record of the SageMaker card it read (governance/cards/sync.py)
    ("sagemaker", "model_card_name"),
    ("sagemaker", "version"),
    ("sagemaker", "modified"),
)


def auto_part(data: Mapping[str, Any], fields: tuple[Path, ...] = AUTO_FIELDS) -> dict[str, Any]:
    """Only the auto-populated fields of imported card data (`fields`: another import's)."""
    out: dict[str, Any] = {}
    for path in fields:
        value = _get(data, path)
        if value is not None:
            _put(out, path, value)
    return out


def ignored(
    data: Mapping[str, Any], card: Mapping[str, Any], fields: tuple[Path, ...] = AUTO_FIELDS
) -> list[str]:
    """Imported fields that differ from the card but are not auto-populated (a SageMaker
    card's content): they stay as people wrote them, and the import says so."""
    skip = {"schema_version", "id", "status"}
    return [
        ".".join(path)
        for key, value in data.items()
        if key not in skip
        for path in _differing((key,), value, card.get(key), fields)
    ]


def _differing(path: Path, new: Any, old: Any, fields: tuple[Path, ...]) -> list[Path]:
    if path in fields:
        return []
    holds_auto = any(auto[: len(path)] == path for auto in fields)
    if holds_auto and isinstance(new, Mapping):
        old = old if isinstance(old, Mapping) else {}
        return [p for k, v in new.items() for p in _differing((*path, k), v, old.get(k), fields)]
    return [] if new == old else [path]


def seeded(
    data: Mapping[str, Any], card: Mapping[str, Any], seeds: tuple[Path, ...]
) -> tuple[Path, ...]:
    """The seed fields (filled while empty) that the card does not have yet."""
    return tuple(p for p in seeds if _get(data, p) is not None and _get(card, p) is None)


def with_auto(card: Mapping[str, Any], auto: Mapping[str, Any]) -> dict[str, Any]:
    """The card with the auto-populated values applied; nothing else changes."""
    return _merge(copy.deepcopy(dict(card)), auto)


def with_evaluation(card: Mapping[str, Any], evaluation: Mapping[str, Any]) -> dict[str, Any]:
    """The card with this evaluation added, or refreshed when one of the same name exists: its
    metric groups follow the report, what people wrote around them stays."""
    out = copy.deepcopy(dict(card))
    evaluations = out.setdefault("evaluation_details", [])
    for i, old in enumerate(evaluations):
        if isinstance(old, dict) and old.get("name") == evaluation["name"]:
            evaluations[i] = _merge(old, evaluation, keep=True)
            return out
    evaluations.append(dict(evaluation))
    return out


def _merge(old: Any, new: Any, keep: bool = False) -> Any:
    """`new` over `old`; with `keep`, named items of `old` that `new` lacks stay (an
    evaluation holds what people wrote next to what a report gives)."""
    if isinstance(old, dict) and isinstance(new, Mapping):
        for key, value in new.items():
            old[key] = _merge(old.get(key), value, keep)
        return old
    if isinstance(old, list) and isinstance(new, list) and _named(new):
        return _merge_named(old, new, keep)
    return copy.deepcopy(new)


def _named(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, Mapping) and "name" in i for i in items)


def _merge_named(old: list[Any], new: list[Any], keep: bool) -> list[Any]:
    """Each new item merged into the old item of the same name (the n-th of that name, since
    slices repeat names). Items already in the card keep their place, so that a reordered
    source does not rewrite them; new ones follow. Without `keep`, items the source no longer
    has are dropped; with it they stay."""
    pool: dict[Any, list[int]] = {}
    for i, item in enumerate(old):
        if isinstance(item, dict):
            pool.setdefault(item.get("name"), []).append(i)
    merged: list[Any] = list(old)
    matched: set[int] = set()
    added = []
    for item in new:
        same = pool.get(item["name"])
        if same:
            i = same.pop(0)
            merged[i] = _merge(old[i], item, keep)
            matched.add(i)
        else:
            added.append(copy.deepcopy(dict(item)))
    kept = [m for i, m in enumerate(merged) if keep or i in matched]
    return kept + added


def _get(data: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def _put(data: dict[str, Any], path: Path, value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = copy.deepcopy(value)

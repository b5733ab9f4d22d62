"""Card fields filled from SageMaker's describe calls: describe_training_job, describe_model
(auto-population) and describe_model_card (import of a whole card, the inverse of
sagemaker.to_sagemaker). Plain dicts in, plain card data out; the same for boto3 responses
and for JSON dumps of them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from governance import schemas
from governance.cards.model import SAGEMAKER_SECTIONS
from governance.cards.sagemaker import (
    EVALUATION_EXTRAS,
    ID_KEY,
    METRIC_EXTRAS,
    NOT_CONTENT,
    PREFIX,
    SYNC_KEY,
    evaluation_key,
    join_parts,
    metric_key,
    validation_errors,
)
from governance.cards.sync import stamp
from governance.findings import MlgovError

NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SAGEMAKER_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")


def from_training_job(desc: Mapping[str, Any]) -> dict[str, Any]:
    """training_details and model_overview.model_artifact from describe_training_job."""
    _require(desc, "TrainingJobArn", "describe_training_job")
    job: dict[str, Any] = {"training_arn": desc["TrainingJobArn"]}
    datasets = [
        c["DataSource"]["S3DataSource"]["S3Uri"]
        for c in desc.get("InputDataConfig", [])
        if "S3DataSource" in c.get("DataSource", {})
    ]
    if datasets:
        job["training_datasets"] = datasets
    image = desc.get("AlgorithmSpecification", {}).get("TrainingImage")
    if image:
        job["training_environment"] = {"container_image": [image]}
    metrics = [
        {"name": m["MetricName"], "value": m["Value"]} for m in desc.get("FinalMetricDataList", [])
    ]
    if metrics:
        job["training_metrics"] = metrics
    params = sorted(desc.get("HyperParameters", {}).items())
    if params:
        job["hyper_parameters"] = [{"name": k, "value": str(v)} for k, v in params]
    out: dict[str, Any] = {"training_details": {"training_job_details": job}}
    artifact = desc.get("ModelArtifacts", {}).get("S3ModelArtifacts")
    if artifact:
        out["model_overview"] = {"model_artifact": [artifact]}
    return out


def from_model(desc: Mapping[str, Any]) -> dict[str, Any]:
    """model_overview from describe_model: id, name, images and artifacts of its containers."""
    _require(desc, "ModelArn", "describe_model")
    containers = [desc.get("PrimaryContainer") or {}, *desc.get("Containers", [])]
    images = _unique(c.get("Image") for c in containers)
    artifacts = _unique(c.get("ModelDataUrl") for c in containers)
    overview: dict[str, Any] = {"model_id": desc["ModelArn"], "model_name": desc["ModelName"]}
    if images:
        overview["inference_environment"] = {"container_image": images}
    if artifacts:
        overview["model_artifact"] = artifacts
    return {"model_overview": overview}


def from_model_card(
    desc: Mapping[str, Any], notes: list[str] | None = None, card_id: str | None = None
) -> dict[str, Any]:
    """A whole card from describe_model_card: SageMaker's content, with the governance fields
    that export mapped into custom_details put back where they came from. custom_details keys
    that are not mlgov's fields, or whose value is not valid for the field, stay where they
    are; `notes` says which and why. `card_id` overrides the id the card's name gives."""
    notes = [] if notes is None else notes
    _require(desc, "ModelCardName", "describe_model_card")
    name = str(desc["ModelCardName"])
    content = _content(desc, name)
    info = content.get("additional_information", {})
    details, orphans = join_parts(dict(info.get("custom_details", {})))
    notes += [
        f"kept in custom_details: {k} (a part of a split value without its start)" for k in orphans
    ]
    _restore_extras(content, details, notes)
    details.pop(SYNC_KEY, None)  # push's marker: sync state, not the card's
    card: dict[str, Any] = {"schema_version": 1, "id": card_id or _card_id(name, details, notes)}
    card["status"] = desc.get("ModelCardStatus", "Draft")
    for key in sorted(k for k in details if k.startswith(PREFIX)):
        found, value = _governance_value(key, details[key], notes)
        if found:
            card[key.removeprefix(PREFIX)] = value
            details.pop(key)
    sync = _sync_record(desc, name, card["id"])
    if sync:
        card["sagemaker"] = sync
    if info:
        info = {**info, "custom_details": details} if details else _without(info, "custom_details")
        content = (
            {**content, "additional_information": info}
            if info
            else _without(content, "additional_information")
        )
    return {**card, **content}


def _content(desc: Mapping[str, Any], name: str) -> dict[str, Any]:
    text = desc.get("Content")
    if text is None:
        version = desc.get("ModelCardVersion", "latest")
        raise MlgovError(
            f"describe_model_card of '{name}' (version {version}) has no Content: that version "
            f"holds only a status change. Import with --model-card {name}, which reads the "
            "newest version with content, or dump an older version (aws sagemaker "
            "describe-model-card --model-card-version N)"
        )
    try:
        content = json.loads(text)
    except (TypeError, json.JSONDecodeError) as error:
        raise MlgovError(f"describe_model_card Content is not JSON: {error}") from error
    except RecursionError as error:
        raise MlgovError("describe_model_card Content is nested too deeply") from error
    if not isinstance(content, dict):
        raise MlgovError("describe_model_card Content is not a JSON object")
    unknown = sorted(k for k in content if k not in SAGEMAKER_SECTIONS)
    if unknown:
        # A card keeps only SageMaker's sections: importing without these would drop them,
        # and the next push would delete them in SageMaker too.
        names = ", ".join(map(repr, unknown))
        raise MlgovError(
            f"SageMaker card '{name}' has sections mlgov does not know: {names}; "
            "not imported (a card holds only SageMaker's own sections)"
        )
    errors = validation_errors(content)
    if errors:
        raise MlgovError(f"SageMaker card '{name}' does not import: {errors[0]}")
    return content


def _governance_value(key: str, text: str, notes: list[str]) -> tuple[bool, Any]:
    """(True, the card field a custom_details key holds), or (False, None) when the key stays
    where it is, with a note saying why."""
    name = key.removeprefix(PREFIX)
    if name not in governance_fields():
        notes.append(f"kept in custom_details: {key} (no card field '{name}')")
        return False, None
    return _decoded(key, text, ("properties", name), name, notes)


def _decoded(
    key: str, text: str, pointer: tuple[str, ...], name: str, notes: list[str]
) -> tuple[bool, Any]:
    """The value export wrote as `text`: strings as they are, anything else as JSON. A text
    that is JSON of a valid non-string value was one; otherwise it is the string itself."""
    errors: list[str] = []
    for candidate in _candidates(text):
        errors = schemas.value_errors("card", pointer, candidate)
        if not errors:
            return True, candidate
    notes.append(f"kept in custom_details: {key} (not a valid {name}: {errors[0]})")
    return False, None


def _candidates(text: str) -> list[Any]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return [text]
    return [text] if isinstance(value, str) else [value, text]


def governance_fields() -> set[str]:
    """The card's own fields that export maps into custom_details."""
    return set(schemas.schema("card")["properties"]) - set(SAGEMAKER_SECTIONS) - set(NOT_CONTENT)


def _sync_record(desc: Mapping[str, Any], name: str, card_id: str) -> dict[str, Any]:
    """What push needs to tell later edits in SageMaker from this import (sync.seen_at_import)."""
    record: dict[str, Any] = {}
    if name != card_id:
        record["model_card_name"] = name
    if isinstance(desc.get("ModelCardVersion"), int):
        record["version"] = desc["ModelCardVersion"]
    modified = stamp(desc.get("LastModifiedTime"))
    if modified:
        record["modified"] = modified
    return record


def _restore_extras(content: dict[str, Any], details: dict[str, str], notes: list[str]) -> None:
    for e, evaluation in enumerate(content.get("evaluation_details", [])):
        for extra in EVALUATION_EXTRAS:
            defs = ("$defs", "evaluation", "properties", extra)
            _restore(evaluation, extra, evaluation_key(e, extra), defs, details, notes)
        for g, group in enumerate(evaluation.get("metric_groups", [])):
            for m, metric in enumerate(group.get("metric_data", [])):
                for extra in METRIC_EXTRAS:
                    defs = ("$defs", "metric", "properties", extra)
                    _restore(metric, extra, metric_key(e, g, m, extra), defs, details, notes)


def _restore(
    target: dict[str, Any],
    extra: str,
    key: str,
    pointer: tuple[str, ...],
    details: dict[str, str],
    notes: list[str],
) -> None:
    text = details.get(key)
    if text is None:
        return
    found, value = _decoded(key, text, pointer, extra, notes)
    if found:
        target[extra] = value
        details.pop(key)


def _card_id(name: str, details: dict[str, str], notes: list[str]) -> str:
    """The card id export recorded (when the SageMaker name is another), else the name made
    one: SageMaker allows capitals and runs of hyphens, card ids do not."""
    recorded = details.pop(ID_KEY, None)
    if recorded is not None and NAME.match(recorded) and len(recorded) <= 63:
        return recorded
    if recorded is not None:
        details[ID_KEY] = recorded
        notes.append(f"kept in custom_details: {ID_KEY} (not a card id: {recorded!r})")
    if not SAGEMAKER_NAME.match(name):
        raise MlgovError(
            f"model card name '{name}' cannot be a card id: it is not a SageMaker model card "
            "name either (letters, digits and hyphens, at most 63)"
        )
    return re.sub("-+", "-", name.lower())


def _require(desc: Any, key: str, call: str) -> None:
    if not isinstance(desc, Mapping) or key not in desc:
        raise MlgovError(f"not a {call} response: no {key}")


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _without(mapping: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}

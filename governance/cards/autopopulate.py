"""Card fields filled from SageMaker's describe calls: describe_training_job, describe_model
(auto-population) and describe_model_card (import of a whole card, the inverse of
sagemaker.to_sagemaker). Plain dicts in, plain card data out; the same for boto3 responses
and for JSON dumps of them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from governance.cards.sagemaker import METRIC_EXTRAS, NOT_CONTENT, PREFIX, metric_key
from governance.findings import MlgovError

# Governance fields the card schema types as strings; every other mapped value is JSON.
STRING_FIELDS = {"title", "owner", "license", "citation"}
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


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
        job["training_datasets"] = datasets[:15]
    image = desc.get("AlgorithmSpecification", {}).get("TrainingImage")
    if image:
        job["training_environment"] = {"container_image": [image]}
    metrics = [
        {"name": m["MetricName"], "value": m["Value"]} for m in desc.get("FinalMetricDataList", [])
    ]
    if metrics:
        job["training_metrics"] = metrics[:50]
    params = sorted(desc.get("HyperParameters", {}).items())
    if params:
        job["hyper_parameters"] = [{"name": k, "value": str(v)} for k, v in params][:100]
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
        overview["inference_environment"] = {"container_image": images[:15]}
    if artifacts:
        overview["model_artifact"] = artifacts[:15]
    return {"model_overview": overview}


def from_model_card(desc: Mapping[str, Any]) -> dict[str, Any]:
    """A whole card from describe_model_card: SageMaker's content, with the governance fields
    that export mapped into custom_details put back where they came from."""
    _require(desc, "ModelCardName", "describe_model_card")
    try:
        content = json.loads(desc.get("Content") or "{}")
    except json.JSONDecodeError as error:
        raise MlgovError(f"describe_model_card Content is not JSON: {error}") from error
    if not isinstance(content, dict):
        raise MlgovError("describe_model_card Content is not a JSON object")
    card: dict[str, Any] = {"schema_version": 1, "id": _card_id(desc["ModelCardName"])}
    card["status"] = desc.get("ModelCardStatus", "Draft")
    info = content.get("additional_information", {})
    details = dict(info.get("custom_details", {}))
    _restore_metric_extras(content, details)
    for key in sorted(k for k in details if k.startswith(PREFIX)):
        name = key.removeprefix(PREFIX)
        if name not in NOT_CONTENT:
            card[name] = _value(name, details.pop(key))
    if info:
        info = {**info, "custom_details": details} if details else _without(info, "custom_details")
        content = (
            {**content, "additional_information": info}
            if info
            else _without(content, "additional_information")
        )
    return {**card, **content}


def _restore_metric_extras(content: dict[str, Any], details: dict[str, str]) -> None:
    for e, evaluation in enumerate(content.get("evaluation_details", [])):
        for g, group in enumerate(evaluation.get("metric_groups", [])):
            for m, metric in enumerate(group.get("metric_data", [])):
                for extra in METRIC_EXTRAS:
                    text = details.pop(metric_key(e, g, m, extra), None)
                    if text is not None:
                        metric[extra] = text if extra == "slice" else json.loads(text)


def _value(name: str, text: str) -> Any:
    if name in STRING_FIELDS:
        return text
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text  # written by hand in the console: keep it as text


def _card_id(name: str) -> str:
    """SageMaker allows capitals in card names; card ids are lower-case."""
    lowered = name.lower()
    if not NAME.match(lowered):
        raise MlgovError(f"model card name '{name}' cannot be a card id (a-z, 0-9, hyphens)")
    return lowered


def _require(desc: Any, key: str, call: str) -> None:
    if not isinstance(desc, Mapping) or key not in desc:
        raise MlgovError(f"not a {call} response: no {key}")


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _without(mapping: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}

"""A card as a Hugging Face README.md: YAML front matter (license, datasets, metrics,
model-index results) and the card's sections under the Hugging Face template's headings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from governance.cards.model import Card

# SPDX ids the Hub knows are lower-case; anything else is `other` with its name kept.
OTHER_LICENSES = {"proprietary", "other"}


def to_huggingface(card: Card) -> str:
    front = yaml.safe_dump(front_matter(card), sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n\n" + "\n".join(_body(card)).rstrip("\n") + "\n"


def front_matter(card: Card) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    license_id = card.data.get("license")
    if license_id:
        if license_id.lower() in OTHER_LICENSES:
            meta |= {"license": "other", "license_name": license_id}
        else:
            meta["license"] = license_id.lower()
    meta["tags"] = ["mlgov", f"status:{card.status}", f"risk:{card.risk_rating}"]
    datasets = _training_datasets(card)
    if datasets:
        meta["datasets"] = datasets
    names = sorted({m.name for m in card.metrics() if m.type == "number"})
    if names:
        meta["metrics"] = names
    results = list(_results(card))
    if results:
        meta["model-index"] = [{"name": card.id, "results": results}]
    return meta


def _training_datasets(card: Card) -> list[str]:
    job = card.section("training_details").get("training_job_details", {})
    return list(job.get("training_datasets", []))


def _results(card: Card) -> Iterator[dict[str, Any]]:
    task = card.section("model_overview").get("problem_type", "other")
    for evaluation in card.content.get("evaluation_details", []):
        metrics = [
            {"type": m["name"], "value": m["value"], "name": _metric_label(m)}
            for g in evaluation.get("metric_groups", [])
            for m in g.get("metric_data", [])
            if m["type"] == "number"
        ]
        if metrics:
            datasets = evaluation.get("datasets") or [evaluation["name"]]
            dataset = {"type": datasets[0], "name": evaluation["name"]}
            yield {"task": {"type": task}, "dataset": dataset, "metrics": metrics}


def _metric_label(metric: dict[str, Any]) -> str:
    return f"{metric['name']} ({metric['slice']})" if "slice" in metric else metric["name"]


def _body(card: Card) -> Iterator[str]:
    overview, uses = card.section("model_overview"), card.section("intended_uses")
    info = card.section("additional_information")
    yield f"# {card.title}\n"
    yield from _section("Model Details", overview.get("model_description"))
    yield from _facts(
        ("Developed by", overview.get("model_creator")),
        ("Owner", card.owner),
        ("Model type", overview.get("algorithm_type")),
        ("Problem type", overview.get("problem_type")),
        ("Version", overview.get("model_version")),
        ("License", card.data.get("license")),
        ("Status", card.status),
        ("Risk rating", card.risk_rating),
    )
    yield "## Uses\n"
    yield from _section("Direct Use", uses.get("intended_uses") or uses.get("purpose_of_model"), 3)
    yield from _list("Intended Users", card.data.get("intended_users"), 3)
    yield from _list("Out-of-Scope Use", card.data.get("out_of_scope_uses"), 3)
    yield from _risks(info)
    yield from _training(card)
    yield from _evaluation(card)
    yield from _section("Citation", card.data.get("citation"))
    yield from _contacts(card)


def _risks(info: Any) -> Iterator[str]:
    ethics, caveats = info.get("ethical_considerations"), info.get("caveats_and_recommendations")
    if ethics or caveats:
        yield "## Bias, Risks, and Limitations\n" + (f"\n{ethics}\n" if ethics else "")
        yield from _section("Recommendations", caveats, 3)


def _section(title: str, text: Any, level: int = 2) -> Iterator[str]:
    if text:
        yield f"{'#' * level} {title}\n\n{text}\n"


def _list(title: str, items: Any, level: int = 2) -> Iterator[str]:
    if items:
        yield f"{'#' * level} {title}\n\n" + "".join(f"- {item}\n" for item in items)


def _facts(*pairs: tuple[str, Any]) -> Iterator[str]:
    lines = [f"- **{name}:** {value}" for name, value in pairs if value not in (None, "")]
    if lines:
        yield "\n".join(lines) + "\n"


def _training(card: Card) -> Iterator[str]:
    job = card.section("training_details").get("training_job_details", {})
    if not job:
        return
    yield "## Training Details\n"
    yield from _list("Training Data", job.get("training_datasets"), 3)
    params = [*job.get("hyper_parameters", []), *job.get("user_provided_hyper_parameters", [])]
    if params:
        rows = "".join(f"| {p['name']} | {p.get('value', '')} |\n" for p in params)
        yield "### Training Hyperparameters\n\n| name | value |\n|---|---|\n" + rows


def _evaluation(card: Card) -> Iterator[str]:
    evaluations = card.content.get("evaluation_details", [])
    if not evaluations and not card.data.get("factors"):
        return
    yield "## Evaluation\n"
    yield from _list("Factors", card.data.get("factors"), 3)
    for evaluation in evaluations:
        yield f"### {evaluation['name']}\n"
        yield from _facts(("Observation", evaluation.get("evaluation_observation")))
        for group in evaluation.get("metric_groups", []):
            rows = "".join(_metric_row(m) for m in group["metric_data"])
            yield f"#### {group['name']}\n\n| metric | value | threshold |\n|---|---|---|\n{rows}"


def _metric_row(metric: dict[str, Any]) -> str:
    value = metric["value"]
    shown = value if not isinstance(value, list) else f"({metric['type']}, {len(value)} values)"
    threshold = metric.get("threshold", {})
    limits = ", ".join(f"{k} {v}" for k, v in sorted(threshold.items()))
    return f"| {_metric_label(metric)} | {shown} | {limits} |\n"


def _contacts(card: Card) -> Iterator[str]:
    people = card.data.get("contacts", [])
    lines = [
        f"- {p['name']}"
        + (f" ({p['role']})" if "role" in p else "")
        + (f" <{p['email']}>" if "email" in p else "")
        for p in people
    ]
    if lines:
        yield "## Model Card Contact\n\n" + "\n".join(lines) + "\n"

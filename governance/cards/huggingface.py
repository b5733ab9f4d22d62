"""A card as a Hugging Face README.md, in the Hub's own terms: YAML front matter per the Hub's
model card metadata spec (huggingface/hub-docs modelcard.md; huggingface_hub ModelCardData)
with task ids (`pipeline_tag`, model-index `task.type`) and library ids from the Hub's own
lists (hub_spec.json), Hub dataset ids only, metric types as identifiers with the card's name
as display name; and every section of the card under the Hugging Face template's headings.
Whatever has no place in the metadata is said (`notes`), and stays in the body."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from governance.cards.model import Card

# SPDX ids the Hub knows are lower-case; anything else is `other` with its name kept.
OTHER_LICENSES = {"proprietary", "other"}
# SageMaker's problem types (and common spellings) that name one Hub task; others need `task:`.
PROBLEM_TASKS = {
    "binary classification": "tabular-classification",
    "multiclass classification": "tabular-classification",
    "classification": "tabular-classification",
    "linear regression": "tabular-regression",
    "regression": "tabular-regression",
    "time-series forecasting": "time-series-forecasting",
    "time series forecasting": "time-series-forecasting",
}


@dataclass(frozen=True)
class Readme:
    text: str
    metadata: dict[str, Any]
    notes: tuple[str, ...]  # what could not be mapped or was inferred, and why


@cache
def hub_spec() -> dict[str, Any]:
    text = resources.files("governance.cards").joinpath("hub_spec.json").read_text("utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


def to_huggingface(card: Card) -> Readme:
    notes: list[str] = []
    meta = front_matter(card, notes)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    body = "\n".join(_body(card, meta)).rstrip("\n") + "\n"
    return Readme(f"---\n{front}---\n\n{body}", meta, tuple(notes))


def front_matter(card: Card, notes: list[str] | None = None) -> dict[str, Any]:
    notes = [] if notes is None else notes
    meta: dict[str, Any] = {}
    if card.data.get("language"):
        meta["language"] = list(card.data["language"])
    meta |= _license(card)
    library = _library(card, notes)
    if library:
        meta["library_name"] = library
    meta["tags"] = ["mlgov", f"status:{card.status}", f"risk:{card.risk_rating}"]
    base = card.data.get("base_model")
    if base:
        meta["base_model"] = base
    datasets = _datasets(card, notes)
    if datasets:
        meta["datasets"] = datasets
    types = sorted({metric_type(m.name) for m in card.metrics() if m.type == "number"})
    if types:
        meta["metrics"] = types
    task = task_id(card, notes)
    if task:
        meta["pipeline_tag"] = task
    co2 = _co2(card)
    if co2:
        meta["co2_eq_emissions"] = co2
    results = list(_results(card, task, notes))
    if results:
        meta["model-index"] = [{"name": card.id, "results": results}]
    return meta


def _license(card: Card) -> dict[str, Any]:
    license_id = card.data.get("license")
    if not license_id:
        return {}
    if license_id.lower() in OTHER_LICENSES:
        return {"license": "other", "license_name": license_id}
    return {"license": license_id.lower()}


def task_id(card: Card, notes: list[str]) -> str | None:
    """The Hub task: the card's `task`, else the one its problem_type names."""
    if card.data.get("task"):
        return str(card.data["task"])
    problem = str(card.section("model_overview").get("problem_type", ""))
    tasks = hub_spec()["tasks"]
    by_name = {v["name"].lower(): k for k, v in tasks.items()}
    key = problem.strip().lower()
    found = key if key in tasks else by_name.get(key) or PROBLEM_TASKS.get(key)
    if found:
        notes.append(
            f"pipeline_tag: {found}, from problem_type {problem!r} (set task: to choose another)"
        )
        return found
    why = f"problem_type {problem!r} names no Hub task" if problem else "no problem_type"
    notes.append(f"pipeline_tag: not set: {why}; set task: to a Hub task id")
    return None


def _library(card: Card, notes: list[str]) -> str | None:
    """The card's `library_name`, else a Hub library its algorithm_type names exactly."""
    if card.data.get("library_name"):
        return str(card.data["library_name"])
    algorithm = str(card.section("model_overview").get("algorithm_type", ""))
    libraries = {name.lower(): name for name in hub_spec()["libraries"]}
    found = libraries.get(algorithm.strip().lower())
    if found:
        notes.append(f"library_name: {found}, from algorithm_type {algorithm!r}")
        return found
    why = f"{algorithm!r} is none of the Hub's libraries" if algorithm else "no algorithm_type"
    notes.append(f"library_name: not set: {why}; set library_name: to one")
    return None


def metric_type(name: str) -> str:
    """A metric identifier in the Hub's style (accuracy, roc_auc): lower case, underscores."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return slug or "metric"


def _datasets(card: Card, notes: list[str]) -> list[str]:
    """Hub dataset ids (the card's datasets and evaluations that name one); S3 URIs and other
    locations are not Hub datasets and stay in the body."""
    ids = [d["hub_id"] for d in card.data.get("datasets", []) if d.get("hub_id")]
    ids += [
        e["hub_dataset"]["id"]
        for e in card.content.get("evaluation_details", [])
        if "hub_dataset" in e
    ]
    job = card.section("training_details").get("training_job_details", {})
    for uri in job.get("training_datasets", []):
        notes.append(f"datasets: {uri} is no Hub dataset id (give it one as datasets[].hub_id)")
    return list(dict.fromkeys(ids))


def _co2(card: Card) -> dict[str, Any]:
    impact = card.data.get("environmental_impact", {})
    if "co2_eq_emissions" not in impact:
        return {}
    out: dict[str, Any] = {"emissions": impact["co2_eq_emissions"]}
    for ours, theirs in (
        ("source", "source"),
        ("training_type", "training_type"),
        ("compute_region", "geographical_location"),
        ("hardware_type", "hardware_used"),
    ):
        if ours in impact:
            out[theirs] = impact[ours]
    return out


def _results(card: Card, task: str | None, notes: list[str]) -> Iterator[dict[str, Any]]:
    """model-index results: one per evaluation on a Hub dataset, its number metrics."""
    evaluations = card.content.get("evaluation_details", [])
    if evaluations and task is None:
        notes.append("model-index: not written: it needs a task (set task:)")
        return
    names = hub_spec()["tasks"]
    for evaluation in evaluations:
        metrics = [
            {"type": metric_type(m["name"]), "value": m["value"], "name": _label(m, g)}
            for g in evaluation.get("metric_groups", [])
            for m in g.get("metric_data", [])
            if m["type"] == "number"
        ]
        hub = evaluation.get("hub_dataset")
        if not hub:
            notes.append(
                f"model-index: evaluation {evaluation['name']!r} not in it: it names no Hub "
                "dataset (add hub_dataset: {id: ...}); its metrics are in the body"
            )
            continue
        if not metrics:
            notes.append(f"model-index: evaluation {evaluation['name']!r} has no number metric")
            continue
        dataset = {"type": hub["id"], "name": evaluation["name"]}
        dataset |= {k: hub[k] for k in ("config", "split", "revision") if k in hub}
        task_entry = {"type": task, "name": names[str(task)]["name"]}
        yield {"task": task_entry, "dataset": dataset, "metrics": metrics}


def _label(metric: Mapping[str, Any], group: Mapping[str, Any]) -> str:
    """The metric as people read it: its name, its group, and its slice."""
    label = f"{metric['name']} ({group['name']})"
    return f"{label}, {metric['slice']}" if "slice" in metric else label


# ---- the body -----------------------------------------------------------------------------


def _body(card: Card, meta: Mapping[str, Any]) -> Iterator[str]:
    yield f"# {_inline(card.title)}\n"
    yield from _details(card, meta)
    yield from _uses(card)
    yield from _business(card)
    yield from _risks(card)
    yield from _training(card)
    yield from _evaluation(card)
    yield from _environment(card)
    yield from _technical(card)
    yield from _deployments(card)
    yield from _governance(card)
    yield from _section("Citation", card.data.get("citation"))
    custom = card.section("additional_information").get("custom_details", {})
    yield from _table("More Information", ("Key", "Value"), sorted(custom.items()), level=2)
    yield from _contacts(card)


def _details(card: Card, meta: Mapping[str, Any]) -> Iterator[str]:
    overview = card.section("model_overview")
    yield "## Model Details\n"
    yield from _section("Model Description", overview.get("model_description"), 3)
    base = card.data.get("base_model")
    yield from _facts(
        ("Developed by", overview.get("model_creator")),
        ("Owner", card.owner),
        ("Model owner", overview.get("model_owner")),
        ("Model type", overview.get("algorithm_type")),
        ("Problem type", overview.get("problem_type")),
        ("Task", meta.get("pipeline_tag")),
        ("Library", meta.get("library_name")),
        ("Finetuned from", ", ".join(base) if isinstance(base, list) else base),
        ("Language(s)", ", ".join(card.data.get("language", []))),
        ("Model name", overview.get("model_name")),
        ("Model id", overview.get("model_id")),
        ("Version", overview.get("model_version")),
        ("License", card.data.get("license")),
        ("Card status", card.status),
        ("Risk rating", card.risk_rating),
    )
    references = card.data.get("references", [])
    if references:
        yield "### Model Sources\n\n" + "".join(f"- {_reference(r)}\n" for r in references)


def _reference(ref: Mapping[str, Any]) -> str:
    title, link = ref.get("title"), ref.get("link")
    if title and link:
        return f"[{_inline(title)}]({link})"
    return _inline(title or link or "")


def _uses(card: Card) -> Iterator[str]:
    uses = card.section("intended_uses")
    yield "## Uses\n"
    yield from _section("Purpose", uses.get("purpose_of_model"), 3)
    yield from _section("Direct Use", uses.get("intended_uses"), 3)
    yield from _list("Intended Users", card.data.get("intended_users"), 3)
    yield from _section(
        "Factors Affecting Model Efficiency", uses.get("factors_affecting_model_efficiency"), 3
    )
    yield from _list("Out-of-Scope Use", card.data.get("out_of_scope_uses"), 3)


def _business(card: Card) -> Iterator[str]:
    business = card.section("business_details")
    if business:
        yield "## Business Details\n"
        yield from _facts(
            ("Business problem", business.get("business_problem")),
            ("Stakeholders", business.get("business_stakeholders")),
            ("Line of business", business.get("line_of_business")),
        )


def _risks(card: Card) -> Iterator[str]:
    uses, info = card.section("intended_uses"), card.section("additional_information")
    yield "## Bias, Risks, and Limitations\n"
    yield f"Risk rating: **{card.risk_rating}**\n"
    yield from _text(uses.get("explanations_for_risk_rating"))
    yield from _section("Ethical Considerations", info.get("ethical_considerations"), 3)
    yield from _table(
        "Ethical Risks and Mitigations",
        ("Risk", "Mitigation"),
        [(r.get("risk"), r.get("mitigation")) for r in card.data.get("ethical_risks", [])],
    )
    yield from _table(
        "Fairness Assessment",
        ("Group at risk", "Benefits", "Harms", "Mitigation"),
        [
            (f.get("group_at_risk"), f.get("benefits"), f.get("harms"), f.get("mitigation"))
            for f in card.data.get("fairness_assessment", [])
        ],
    )
    yield from _list("Trade-offs", card.data.get("tradeoffs"), 3)
    yield from _section("Recommendations", info.get("caveats_and_recommendations"), 3)


def _training(card: Card) -> Iterator[str]:
    training = card.section("training_details")
    job = training.get("training_job_details", {})
    datasets = card.data.get("datasets", [])
    if not training and not datasets:
        return
    yield "## Training Details\n"
    if datasets or job.get("training_datasets"):
        yield "### Training Data\n"
        yield from _table(
            "",
            ("Dataset", "Used for", "Where", "Description", "Sensitive data", "Mitigation"),
            [
                (
                    d["name"],
                    ", ".join(d.get("used_for", [])),
                    d.get("hub_id") or d.get("link"),
                    d.get("description"),
                    ", ".join(d.get("sensitive_data", [])),
                    d.get("mitigation"),
                )
                for d in datasets
            ],
        )
        yield from _list("", job.get("training_datasets"), 3)
    objective = training.get("objective_function", {})
    function = objective.get("function", {})
    yield from _facts(
        (
            "Objective",
            " ".join(str(function[k]) for k in ("function", "facet", "condition") if k in function),
        ),
        ("Objective notes", objective.get("notes")),
        ("Training observations", training.get("training_observations")),
        ("Training job", job.get("training_arn")),
        (
            "Training image",
            ", ".join(job.get("training_environment", {}).get("container_image", [])),
        ),
    )
    params = [*job.get("hyper_parameters", []), *job.get("user_provided_hyper_parameters", [])]
    yield from _table(
        "Training Hyperparameters", ("Name", "Value"), [(p["name"], p.get("value")) for p in params]
    )
    metrics = [*job.get("training_metrics", []), *job.get("user_provided_training_metrics", [])]
    yield from _table(
        "Training Metrics",
        ("Name", "Value", "Notes"),
        [(m["name"], m["value"], m.get("notes")) for m in metrics],
    )


def _evaluation(card: Card) -> Iterator[str]:
    evaluations = card.content.get("evaluation_details", [])
    if not evaluations and not card.data.get("factors"):
        return
    yield "## Evaluation\n"
    yield from _list("Factors", card.data.get("factors"), 3)
    for evaluation in evaluations:
        yield f"### {_inline(evaluation['name'])}\n"
        yield from _text(evaluation.get("evaluation_observation"))
        hub = evaluation.get("hub_dataset", {})
        yield from _facts(
            ("Datasets", ", ".join(evaluation.get("datasets", []))),
            ("Hub dataset", hub.get("id")),
            ("Config", hub.get("config")),
            ("Split", hub.get("split")),
            ("Revision", hub.get("revision")),
            ("Evaluation job", evaluation.get("evaluation_job_arn")),
            *sorted(evaluation.get("metadata", {}).items()),
        )
        for group in evaluation.get("metric_groups", []):
            rows = [_metric_row(m) for m in group["metric_data"]]
            yield from _table(
                group["name"],
                ("Metric", "Value", "Slice", "Confidence interval", "Threshold", "Notes"),
                rows,
                level=4,
            )


def _metric_row(metric: Mapping[str, Any]) -> tuple[Any, ...]:
    value = metric["value"]
    if isinstance(value, list):
        value = f"{metric['type'].replace('_', ' ')}: {json.dumps(value)}"
    ci = metric.get("confidence_interval", {})
    interval = ""
    if ci:
        level = f" ({ci['level']:.0%})" if "level" in ci else ""
        interval = f"{ci['lower']} to {ci['upper']}{level}"
    threshold = metric.get("threshold", {})
    limits = ", ".join(f"{k} {threshold[k]}" for k in ("min", "max") if k in threshold)
    return (metric["name"], value, metric.get("slice"), interval, limits, metric.get("notes"))


def _environment(card: Card) -> Iterator[str]:
    impact = card.data.get("environmental_impact")
    if impact:
        yield "## Environmental Impact\n"
        co2 = impact.get("co2_eq_emissions")
        yield from _facts(
            ("Hardware Type", impact.get("hardware_type")),
            ("Hours used", impact.get("hours_used")),
            ("Cloud Provider", impact.get("cloud_provider")),
            ("Compute Region", impact.get("compute_region")),
            ("Carbon Emitted", f"{co2} g CO2 eq." if co2 is not None else None),
            ("Training type", impact.get("training_type")),
            ("Source", impact.get("source")),
        )


def _technical(card: Card) -> Iterator[str]:
    overview = card.section("model_overview")
    images = overview.get("inference_environment", {}).get("container_image", [])
    facts = [
        ("Input format", card.data.get("input_format")),
        ("Output format", card.data.get("output_format")),
        ("Inference image", ", ".join(images)),
        ("Model artifact", ", ".join(overview.get("model_artifact", []))),
    ]
    if any(value for _, value in facts):
        yield "## Technical Specifications\n"
        yield from _facts(*facts)


def _deployments(card: Card) -> Iterator[str]:
    yield from _table(
        "Deployments",
        ("Endpoint", "Account", "Region", "Model", "Stage"),
        [(d.endpoint, d.account, d.region, d.model, d.stage) for d in card.deployments],
        level=2,
    )


def _governance(card: Card) -> Iterator[str]:
    yield "## Governance\n"
    yield from _facts(
        ("Card status", card.status),
        ("Last review", card.review_last),
        ("Next review", card.review_next),
        ("Deployed by personas", ", ".join(card.personas_deploy)),
        ("Used by personas", ", ".join(card.personas_use)),
        *sorted((f"Tag {k}", v) for k, v in card.data.get("tags", {}).items()),
    )
    yield from _table(
        "Approvals",
        ("Approved by", "Role", "Date", "Notes"),
        [
            (a.get("by"), a.get("role"), a.get("date"), a.get("notes"))
            for a in card.data.get("approvals", [])
        ],
        level=3,
    )


def _contacts(card: Card) -> Iterator[str]:
    people = card.data.get("contacts", [])
    lines = [
        f"- {_inline(p['name'])}"
        + (f" ({_inline(p['role'])})" if "role" in p else "")
        + (f" <{p['email']}>" if "email" in p else "")
        for p in people
    ]
    if lines:
        yield "## Model Card Contact\n\n" + "\n".join(lines) + "\n"


# ---- Markdown pieces ----------------------------------------------------------------------


def _inline(text: Any) -> str:
    """One line of text: line breaks would end a heading, a list item or a table row."""
    return " ".join(str(text).split())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _inline(value).replace("|", "\\|")


def _text(text: Any) -> Iterator[str]:
    if text:
        yield f"{text}\n"


def _section(title: str, text: Any, level: int = 2) -> Iterator[str]:
    if text:
        yield f"{'#' * level} {title}\n\n{text}\n"


def _list(title: str, items: Any, level: int = 2) -> Iterator[str]:
    if items:
        head = f"{'#' * level} {title}\n\n" if title else ""
        yield head + "".join(f"- {_inline(item)}\n" for item in items)


def _facts(*pairs: tuple[str, Any]) -> Iterator[str]:
    lines = [f"- **{name}:** {_inline(value)}" for name, value in pairs if value not in (None, "")]
    if lines:
        yield "\n".join(lines) + "\n"


def _table(
    title: str, header: tuple[str, ...], rows: list[tuple[Any, ...]], level: int = 3
) -> Iterator[str]:
    if not rows:
        return
    head = f"{'#' * level} {_inline(title)}\n\n" if title else ""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    yield head + "\n".join(lines) + "\n"

"""Typed, frozen model-card objects built from documents that passed the card schema. The
SageMaker sections stay plain data (`content`): they travel to SageMaker as they are, and
rules read them through the few typed views below."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from governance.findings import JsonPath
from governance.model import Origin
from governance.source import Document

__all__ = [
    "SAGEMAKER_SECTIONS",
    "Approval",
    "Card",
    "Contact",
    "Deployment",
    "Evaluation",
    "Metric",
    "MetricGroup",
    "MlflowVersion",
    "build_card",
]

# The sections whose keys and enums are SageMaker's own (exported as they are).
SAGEMAKER_SECTIONS = (
    "model_overview",
    "intended_uses",
    "business_details",
    "training_details",
    "evaluation_details",
    "additional_information",
    "model_package_details",
)


@dataclass(frozen=True)
class Approval:
    by: str
    role: str
    date: str
    origin: Origin = field(compare=False)
    digest: str | None = None  # what was approved (governance/cards/digest.py); None: unbound
    notes: str = ""


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    role: str


@dataclass(frozen=True)
class Deployment:
    account: str
    region: str
    endpoint: str
    model: str | None
    stage: str | None  # production, staging, development, test; None: judged by name
    origin: Origin = field(compare=False)


@dataclass(frozen=True)
class MlflowVersion:
    """The MLflow model version a card documents (its `mlflow:` section)."""

    registered_model: str
    version: int
    alias: str | None  # the alias production serves it through; None: the default
    tracking_server: str | None  # None: any registry snapshot that has the model
    origin: Origin = field(compare=False)


@dataclass(frozen=True)
class Metric:
    """One entry of an evaluation's metric group, with where it was written."""

    name: str
    type: str
    value: Any
    raw: Mapping[str, Any]
    origin: Origin = field(compare=False)

    @property
    def threshold(self) -> Mapping[str, float] | None:
        return self.raw.get("threshold")

    @property
    def slice(self) -> str:
        return str(self.raw.get("slice", ""))

    @property
    def notes(self) -> str:
        return str(self.raw.get("notes", ""))

    @property
    def confidence_interval(self) -> Mapping[str, Any]:
        return self.raw.get("confidence_interval") or {}


@dataclass(frozen=True)
class MetricGroup:
    name: str
    metrics: tuple[Metric, ...]


@dataclass(frozen=True)
class Evaluation:
    """One entry of `evaluation_details`: text fields as strings ("" when absent)."""

    name: str
    observation: str
    job_arn: str
    datasets: tuple[str, ...]
    metadata: tuple[tuple[str, str], ...]  # sorted by key
    groups: tuple[MetricGroup, ...]
    hub_dataset: Mapping[str, Any] | None = None  # the Hugging Face Hub dataset, as written


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    status: str
    risk_rating: str
    owner: str | None
    contacts: tuple[str, ...]  # contact names
    approvals: tuple[Approval, ...]
    review_last: str | None
    review_next: str | None
    deployments: tuple[Deployment, ...]
    personas_deploy: tuple[str, ...]
    personas_use: tuple[str, ...]
    content: Mapping[str, Any]  # SageMaker's sections, as written
    data: Mapping[str, Any]  # the whole document, as written
    origin: Origin = field(compare=False)
    builtin: bool = False  # cards are never shipped; Repository's duplicate check reads it

    def metrics(self) -> Iterator[Metric]:
        for evaluation in self.evaluations():
            for group in evaluation.groups:
                yield from group.metrics

    @property
    def latest_approval(self) -> Approval | None:
        """The approval in force: the newest by date; of one date, the one written last."""
        if not self.approvals:
            return None
        return max(enumerate(self.approvals), key=lambda item: (item[1].date, item[0]))[1]

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.content.get(name)
        return value if isinstance(value, Mapping) else {}

    def evaluations(self) -> tuple[Evaluation, ...]:
        """`evaluation_details` with its metrics grouped as written."""
        return tuple(
            Evaluation(
                name=str(ev.get("name", "")),
                observation=str(ev.get("evaluation_observation") or ""),
                job_arn=str(ev.get("evaluation_job_arn", "")),
                datasets=tuple(str(d) for d in ev.get("datasets", [])),
                metadata=tuple(sorted((str(k), str(v)) for k, v in ev.get("metadata", {}).items())),
                groups=tuple(
                    MetricGroup(str(g.get("name", "")), self._group_metrics(e, i, g))
                    for i, g in enumerate(ev.get("metric_groups", []))
                ),
                hub_dataset=ev.get("hub_dataset"),
            )
            for e, ev in enumerate(self.content.get("evaluation_details", []))
        )

    def _group_metrics(self, e: int, g: int, group: Mapping[str, Any]) -> tuple[Metric, ...]:
        path: JsonPath = ("evaluation_details", e, "metric_groups", g, "metric_data")
        return tuple(
            Metric(raw["name"], raw["type"], raw["value"], raw, Origin(self.origin.doc, (*path, m)))
            for m, raw in enumerate(group.get("metric_data", []))
        )

    @property
    def contact_details(self) -> tuple[Contact, ...]:
        return tuple(
            Contact(str(c["name"]), str(c.get("email", "")), str(c.get("role", "")))
            for c in self.data.get("contacts", [])
        )

    @property
    def tags(self) -> tuple[tuple[str, str], ...]:
        """The card's tags, sorted by key."""
        tags = self.data.get("tags")
        items = tags.items() if isinstance(tags, Mapping) else ()
        return tuple(sorted((str(k), str(v)) for k, v in items))

    @property
    def team(self) -> str | None:
        return dict(self.tags).get("team") or None

    @property
    def description(self) -> str:
        """model_overview.model_description, "" when absent."""
        return str(self.section("model_overview").get("model_description") or "")

    @property
    def purpose(self) -> str:
        return str(self.section("intended_uses").get("purpose_of_model") or "")

    @property
    def model_name(self) -> str:
        return str(self.section("model_overview").get("model_name") or "")

    @property
    def model_version(self) -> str:
        return str(self.section("model_overview").get("model_version") or "")

    @property
    def training_datasets(self) -> tuple[str, ...]:
        return tuple(str(d) for d in self._training_job().get("training_datasets", []))

    @property
    def training_arn(self) -> str:
        return str(self._training_job().get("training_arn") or "")

    @property
    def governance_fields(self) -> Mapping[str, Any]:
        """The top-level fields outside SageMaker's sections, as written."""
        return {k: v for k, v in self.data.items() if k not in SAGEMAKER_SECTIONS}

    @property
    def mlflow(self) -> MlflowVersion | None:
        raw = self.data.get("mlflow")
        if not isinstance(raw, Mapping):
            return None
        return MlflowVersion(
            raw["registered_model"],
            raw["version"],
            raw.get("alias"),
            raw.get("tracking_server"),
            Origin(self.origin.doc, ("mlflow",)),
        )

    def _training_job(self) -> Mapping[str, Any]:
        jobs = self.section("training_details").get("training_job_details")
        return jobs if isinstance(jobs, Mapping) else {}


def build_card(doc: Document, builtin: bool = False) -> Card:
    """A Card from a document that passed the card schema (`builtin` is unused: cards are
    never shipped, the argument keeps the Repository's one builder signature)."""
    data = doc.data or {}
    review = data.get("review", {})
    personas = data.get("personas", {})
    return Card(
        id=data["id"],
        title=data.get("title", data["id"]),
        status=data["status"],
        risk_rating=data.get("intended_uses", {}).get("risk_rating", "Unknown"),
        owner=data.get("owner"),
        contacts=tuple(c["name"] for c in data.get("contacts", [])),
        approvals=tuple(
            Approval(
                a["by"],
                a.get("role", ""),
                a["date"],
                Origin(doc, ("approvals", i)),
                a.get("digest"),
                str(a.get("notes", "")),
            )
            for i, a in enumerate(data.get("approvals", []))
        ),
        review_last=review.get("last"),
        review_next=review.get("next"),
        deployments=tuple(
            Deployment(
                d["account"],
                d["region"],
                d["endpoint"],
                d.get("model"),
                d.get("stage"),
                Origin(doc, ("deployments", i)),
            )
            for i, d in enumerate(data.get("deployments", []))
        ),
        personas_deploy=tuple(personas.get("deploy", [])),
        personas_use=tuple(personas.get("use", [])),
        content={k: data[k] for k in SAGEMAKER_SECTIONS if k in data},
        data=data,
        origin=Origin(doc),
    )

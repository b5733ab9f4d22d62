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

__all__ = ["SAGEMAKER_SECTIONS", "Approval", "Card", "Deployment", "Metric", "build_card"]

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


@dataclass(frozen=True)
class Deployment:
    account: str
    region: str
    endpoint: str
    model: str | None
    stage: str | None  # production, staging, development, test; None: judged by name
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
        for e, evaluation in enumerate(self.content.get("evaluation_details", [])):
            for g, group in enumerate(evaluation.get("metric_groups", [])):
                for m, raw in enumerate(group.get("metric_data", [])):
                    path: JsonPath = ("evaluation_details", e, "metric_groups", g)
                    path = (*path, "metric_data", m)
                    yield Metric(
                        raw["name"], raw["type"], raw["value"], raw, Origin(self.origin.doc, path)
                    )

    @property
    def latest_approval(self) -> Approval | None:
        """The approval in force: the newest by date; of one date, the one written last."""
        if not self.approvals:
            return None
        return max(enumerate(self.approvals), key=lambda item: (item[1].date, item[0]))[1]

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.content.get(name)
        return value if isinstance(value, Mapping) else {}


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

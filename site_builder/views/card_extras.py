"""What a card holds in the fields other card standards have (Model Card Toolkit, Hugging Face,
VerifyML): its datasets with their sensitive data and mitigations, ethical risks, fairness
assessment, trade-offs, references, technical specifications and environmental impact, ready
for the model page and the PDF. Links are kept only when they are http(s)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from governance.cards.model import Card

# The card fields shown here, so the generic field tables leave them out.
EXTRA_FIELDS = frozenset(
    {
        "datasets",
        "references",
        "input_format",
        "output_format",
        "tradeoffs",
        "ethical_risks",
        "fairness_assessment",
        "task",
        "library_name",
        "base_model",
        "language",
        "environmental_impact",
    }
)
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$")


@dataclass(frozen=True)
class DatasetView:
    name: str
    where: str  # the Hub id or the link, as text
    href: str  # the link when it is http(s); "" otherwise
    used_for: str
    description: str
    sensitive: tuple[str, ...]
    mitigation: str


@dataclass(frozen=True)
class RiskView:
    risk: str
    mitigation: str


@dataclass(frozen=True)
class FairnessView:
    group: str
    benefits: str
    harms: str
    mitigation: str


@dataclass(frozen=True)
class ReferenceView:
    title: str
    href: str  # "" when the link is not http(s): shown as text, never as a link


@dataclass(frozen=True)
class ExtrasView:
    datasets: tuple[DatasetView, ...] = ()
    ethical_risks: tuple[RiskView, ...] = ()
    fairness: tuple[FairnessView, ...] = ()
    tradeoffs: tuple[str, ...] = ()
    references: tuple[ReferenceView, ...] = ()
    specs: tuple[tuple[str, str], ...] = ()  # (label, value): task, library, formats, ...
    environment: tuple[tuple[str, str], ...] = ()

    @property
    def risks(self) -> bool:
        return bool(self.ethical_risks or self.fairness or self.tradeoffs)


def extras_view(card: Card) -> ExtrasView:
    data = card.data
    return ExtrasView(
        datasets=tuple(_dataset(d) for d in data.get("datasets", [])),
        ethical_risks=tuple(
            RiskView(str(r.get("risk", "")), str(r.get("mitigation", "")))
            for r in data.get("ethical_risks", [])
        ),
        fairness=tuple(
            FairnessView(
                str(f.get("group_at_risk", "")),
                str(f.get("benefits", "")),
                str(f.get("harms", "")),
                str(f.get("mitigation", "")),
            )
            for f in data.get("fairness_assessment", [])
        ),
        tradeoffs=tuple(str(t) for t in data.get("tradeoffs", [])),
        references=tuple(_reference(r) for r in data.get("references", [])),
        specs=_pairs(
            ("Task (Hugging Face)", data.get("task")),
            ("Library", data.get("library_name")),
            ("Base model", _joined(data.get("base_model"))),
            ("Languages", _joined(data.get("language"))),
            ("Input format", data.get("input_format")),
            ("Output format", data.get("output_format")),
        ),
        environment=_environment(data.get("environmental_impact", {})),
    )


def safe_href(url: Any) -> str:
    text = str(url or "").strip()
    return text if _SAFE_URL.match(text) else ""


def _dataset(d: Mapping[str, Any]) -> DatasetView:
    where = str(d.get("hub_id") or d.get("link") or "")
    href = safe_href(d.get("link")) or (
        f"https://huggingface.co/datasets/{d['hub_id']}" if d.get("hub_id") else ""
    )
    return DatasetView(
        str(d.get("name", "")),
        where,
        href,
        ", ".join(str(u) for u in d.get("used_for", [])),
        str(d.get("description", "")),
        tuple(str(s) for s in d.get("sensitive_data", [])),
        str(d.get("mitigation", "")),
    )


def _reference(r: Mapping[str, Any]) -> ReferenceView:
    return ReferenceView(str(r.get("title") or r.get("link") or ""), safe_href(r.get("link")))


def _environment(impact: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    co2 = impact.get("co2_eq_emissions")
    return _pairs(
        ("Hardware", impact.get("hardware_type")),
        ("Hours used", impact.get("hours_used")),
        ("Cloud provider", impact.get("cloud_provider")),
        ("Compute region", impact.get("compute_region")),
        ("CO₂ emitted", f"{co2} g CO₂ eq." if co2 is not None else None),
        ("Training type", impact.get("training_type")),
        ("Source", impact.get("source")),
    )


def _joined(value: Any) -> str | None:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return None if value is None else str(value)


def _pairs(*pairs: tuple[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((label, str(value)) for label, value in pairs if value not in (None, ""))

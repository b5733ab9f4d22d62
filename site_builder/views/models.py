"""One ModelView per card: every card field, metrics with charts and thresholds, lineage, and
the card's deployments joined with the snapshots (status, monitors, alarms, alert history)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from governance.cards.history import CardHistory
from governance.cards.model import SAGEMAKER_SECTIONS, Card, Metric
from governance.monitoring.model import Snapshot
from site_builder.prose import render_markdown
from site_builder.svg import Node, lineage_svg, metric_chart, passes
from site_builder.views.card_extras import EXTRA_FIELDS, ExtrasView, extras_view
from site_builder.views.history import ApprovalView, HistoryView, history_view
from site_builder.views.monitor import (
    AlarmView,
    AlertEventView,
    Cell,
    DeploymentView,
    Key,
    alarms,
    deployment_view,
    endpoint_in,
    history,
    instances,
    model_cells,
)

# Free-text fields written as Markdown (matched on the last key): rendered, then sanitised.
PROSE = {
    "model_description",
    "purpose_of_model",
    "intended_uses",
    "factors_affecting_model_efficiency",
    "explanations_for_risk_rating",
    "business_problem",
    "training_observations",
    "notes",
    "ethical_considerations",
    "caveats_and_recommendations",
    "evaluation_observation",
    "approval_description",
    "model_package_description",
}
# Shown in their own parts of the page, so left out of the generic field tables.
OWN_PLACE = {
    "schema_version", "id", "title", "status", "owner", "contacts", "approvals", "review",
    "deployments", "evaluation_details", "tags", "personas",
} | EXTRA_FIELDS  # fmt: skip
TITLES = {
    "model_overview": "Model overview",
    "intended_uses": "Intended uses",
    "business_details": "Business details",
    "training_details": "Training details",
    "additional_information": "Additional information",
    "model_package_details": "Model package",
}


@dataclass(frozen=True)
class FieldRow:
    label: str
    text: str  # plain text (escaped by the template) when `html` is None
    html: Markup | None = None
    items: tuple[str, ...] = ()  # a list's items, each shown on its own line (text joins them)


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[FieldRow, ...]


@dataclass(frozen=True)
class MetricView:
    name: str
    type: str
    value: str
    slice: str
    interval: str
    threshold: str
    verdict: str  # "pass", "fail" or "" (nothing to judge)
    notes: str
    chart: Markup | None
    line: int


@dataclass(frozen=True)
class GroupView:
    name: str
    metrics: tuple[MetricView, ...]


@dataclass(frozen=True)
class EvaluationView:
    name: str
    observation: Markup | None
    job_arn: str
    datasets: tuple[str, ...]
    metadata: tuple[tuple[str, str], ...]
    groups: tuple[GroupView, ...]
    hub_dataset: str = ""  # the Hugging Face Hub dataset, with config, split and revision


@dataclass(frozen=True)
class ModelView:
    id: str
    title: str
    status: str
    risk: str
    owner: str
    team: str
    summary: str  # one line of plain text: dashboard, index pages and search
    description: Markup | None
    source: str
    contacts: tuple[tuple[str, str, str], ...]  # name, email, role
    approvals: tuple[ApprovalView, ...]
    review_last: str
    review_next: str
    deployments: tuple[DeploymentView, ...]
    cells: tuple[Cell, ...]
    alarms: tuple[AlarmView, ...]
    history: tuple[AlertEventView, ...]
    lineage: Markup
    evaluations: tuple[EvaluationView, ...]
    sections: tuple[Section, ...]
    tags: tuple[tuple[str, str], ...]
    personas_deploy: tuple[str, ...]
    personas_use: tuple[str, ...]
    extras: ExtrasView = field(default_factory=ExtrasView)  # other standards (card_extras.py)
    record: HistoryView | None = None  # approvals' standing and the git history

    @property
    def in_production(self) -> bool:
        return any(d.production for d in self.deployments)

    @property
    def monitored(self) -> bool | None:
        """True when a monitor or alarm watches it; None when that cannot be known."""
        states = {c.state for c in self.cells}
        if states & {"OK", "Alert", "Failing"}:
            return True
        return None if "Unknown" in states else False

    @property
    def has_alert(self) -> bool:
        return any(c.state == "Alert" for c in self.cells)


def model_view(
    card: Card, snapshots: Mapping[Key, Snapshot], git: CardHistory | None = None
) -> ModelView:
    """`git`: the cards' git history (None: unknown, outside git)."""
    overview = card.section("model_overview")
    description = overview.get("model_description")
    record = history_view(card, git)
    return ModelView(
        id=card.id,
        title=card.title,
        status=card.status,
        risk=card.risk_rating,
        owner=card.owner or "",
        team=team_of(card),
        summary=" ".join(
            str(description or card.section("intended_uses").get("purpose_of_model", "")).split()
        ),
        description=render_markdown(str(description)) if description else None,
        source=card.origin.doc.path,
        contacts=tuple(
            (str(c.get("name", "")), str(c.get("email", "")), str(c.get("role", "")))
            for c in card.data.get("contacts", [])
        ),
        approvals=record.approvals,
        review_last=str(card.review_last or ""),
        review_next=str(card.review_next or ""),
        deployments=tuple(deployment_view(d, snapshots) for d in card.deployments),
        cells=model_cells(card.deployments, snapshots),
        alarms=alarms(card.deployments, snapshots),
        history=history(card.deployments, snapshots),
        lineage=Markup(_lineage(card, snapshots)),
        evaluations=_evaluations(card),
        sections=_sections(card),
        tags=tuple(sorted((str(k), str(v)) for k, v in card.data.get("tags", {}).items())),
        personas_deploy=card.personas_deploy,
        personas_use=card.personas_use,
        extras=extras_view(card),
        record=record,
    )


def team_of(card: Card) -> str:
    tags = card.data.get("tags")
    team = tags.get("team") if isinstance(tags, Mapping) else None
    return str(team) if team else "unassigned"


# ---- card fields -------------------------------------------------------------------------


def _sections(card: Card) -> tuple[Section, ...]:
    governance = {
        k: v for k, v in card.data.items() if k not in OWN_PLACE and k not in SAGEMAKER_SECTIONS
    }
    sections = [Section("Governance", tuple(_rows(governance, "")))] if governance else []
    for name in SAGEMAKER_SECTIONS:
        if name in card.data and name != "evaluation_details":
            sections.append(
                Section(TITLES.get(name, _human(name)), tuple(_rows(card.data[name], "")))
            )
    return tuple(s for s in sections if s.rows)


def _rows(value: Any, label: str, key: str = "") -> list[FieldRow]:
    if isinstance(value, Mapping):
        return [r for k, v in value.items() for r in _rows(v, _join(label, _human(str(k))), str(k))]
    if isinstance(value, list) and value and all(_named(v) for v in value):
        # metrics and hyper-parameters: one row each, "label: name" → value
        return [r for v in value for r in _rows(v["value"], f"{label}: {v['name']}", "value")]
    if isinstance(value, list) and any(isinstance(v, Mapping | list) for v in value):
        return [r for i, v in enumerate(value) for r in _rows(v, f"{label} {i + 1}", key)]
    if isinstance(value, list):
        items = tuple(_scalar(v) for v in value)
        return [FieldRow(label, "; ".join(items), items=items if len(items) > 1 else ())]
    if key in PROSE and isinstance(value, str):
        return [FieldRow(label, value, render_markdown(value))]
    return [FieldRow(label, _scalar(value))]


def _named(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and set(value) <= {"name", "value", "notes"}
        and "name" in value
        and "value" in value
    )


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return " ".join(str(value).split())


def _human(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _join(label: str, part: str) -> str:
    return f"{label} / {part.lower()}" if label else part


# ---- evaluation --------------------------------------------------------------------------


def _evaluations(card: Card) -> tuple[EvaluationView, ...]:
    by_group: dict[tuple[int, int], list[MetricView]] = {}
    for metric in card.metrics():
        by_group.setdefault((metric.origin.path[1], metric.origin.path[3]), []).append(
            _metric(card, metric)
        )
    views = []
    for e, evaluation in enumerate(card.content.get("evaluation_details", [])):
        observation = evaluation.get("evaluation_observation")
        groups = tuple(
            GroupView(str(g.get("name", "")), tuple(by_group.get((e, i), ())))
            for i, g in enumerate(evaluation.get("metric_groups", []))
        )
        views.append(
            EvaluationView(
                str(evaluation.get("name", "")),
                render_markdown(str(observation)) if observation else None,
                str(evaluation.get("evaluation_job_arn", "")),
                tuple(str(d) for d in evaluation.get("datasets", [])),
                tuple(sorted((str(k), str(v)) for k, v in evaluation.get("metadata", {}).items())),
                groups,
                _hub_dataset(evaluation.get("hub_dataset")),
            )
        )
    return tuple(views)


def _hub_dataset(hub: Any) -> str:
    if not isinstance(hub, Mapping) or "id" not in hub:
        return ""
    parts = [f"{k} {hub[k]}" for k in ("config", "split", "revision") if k in hub]
    return str(hub["id"]) + (f" ({', '.join(parts)})" if parts else "")


def _metric(card: Card, metric: Metric) -> MetricView:
    raw = metric.raw
    verdict = passes(metric.value, metric.threshold)
    interval = raw.get("confidence_interval") or {}
    chart = metric_chart(raw)
    return MetricView(
        name=metric.name,
        type=metric.type,
        value=_value(metric, chart is not None),
        slice=str(raw.get("slice", "")),
        interval=_interval(interval),
        threshold=", ".join(
            f"{k} {(metric.threshold or {})[k]}"
            for k in ("min", "max")
            if k in (metric.threshold or {})
        ),
        verdict={True: "pass", False: "fail"}.get(verdict, "") if verdict is not None else "",
        notes=str(raw.get("notes", "")),
        chart=Markup(chart) if chart else None,
        line=card.origin.doc.position(metric.origin.path).line,
    )


def _value(metric: Metric, charted: bool) -> str:
    if metric.type in ("bar_chart", "linear_graph", "matrix"):
        return f"{metric.type.replace('_', ' ')} (see chart)" if charted else str(metric.value)
    return _scalar(metric.value)


def _interval(ci: Mapping[str, Any]) -> str:
    if "lower" not in ci or "upper" not in ci:
        return ""
    level = f" ({ci['level']:.0%})" if isinstance(ci.get("level"), int | float) else ""
    return f"{ci['lower']} to {ci['upper']}{level}"


# ---- lineage -----------------------------------------------------------------------------


def _missing(snapshot: Snapshot | None) -> str:
    """An endpoint the snapshot lacks: absent, or not known when its endpoints were unreadable."""
    if snapshot is None:
        return ""
    return "unknown" if snapshot.unreadable("endpoints") else "not found"


def _lineage(card: Card, snapshots: Mapping[Key, Snapshot]) -> str:
    jobs = card.section("training_details").get("training_job_details", {})
    datasets = [str(d) for d in jobs.get("training_datasets", [])]
    models, endpoints, trained = [], [], []
    for d in card.deployments:
        snapshot = snapshots.get((d.account, d.region))
        endpoint = endpoint_in(snapshot, d.endpoint)
        names = [d.model] if d.model else list(endpoint.models if endpoint else ())
        models += [n for n in names if n not in models]
        status = endpoint.status if endpoint else _missing(snapshot)
        endpoints.append(Node(d.endpoint, status, instances(endpoint)))
        if snapshot is not None:
            trained += [link.training_job for link in snapshot.lineage if link.model in names]
    if not models and card.section("model_overview").get("model_name"):
        models = [str(card.section("model_overview")["model_name"])]
    if not trained and jobs.get("training_arn"):
        trained = [str(jobs["training_arn"]).rsplit("/", 1)[-1]]  # the job name ends the ARN
    return lineage_svg(
        datasets, sorted(set(trained)), models, endpoints, f"Lineage of {card.title}"
    )

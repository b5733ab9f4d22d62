"""One ModelView per card: every card field, metrics with charts and thresholds, lineage, and
the card's deployments joined with the snapshots (status, monitors, alarms, alert history)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any

from markupsafe import Markup

from governance.cards.history import CardHistory
from governance.cards.model import SAGEMAKER_SECTIONS, Card, Metric
from governance.monitoring.drift import card_differences, sagemaker_cards
from governance.monitoring.index import SnapshotIndex
from governance.monitoring.registry import RegistrySnapshot
from site_builder.prose import render_markdown
from site_builder.svg import Node, chart_maker, lineage_svg, passes
from site_builder.views.attention import Issue, overdue, sorted_issues
from site_builder.views.card_extras import EXTRA_FIELDS, ExtrasView, extras_view
from site_builder.views.deferred import Deferred
from site_builder.views.history import ApprovalView, HistoryView, history_view
from site_builder.views.monitor import (
    COLUMNS,
    AlarmView,
    AlertEventView,
    Cell,
    DeploymentView,
    Indexes,
    Key,
    TransformJobView,
    alarms,
    deployment_view,
    endpoint_in,
    history,
    instances,
    latest_transform_job,
    model_cells,
)
from site_builder.views.registry import MlflowView, mlflow_view

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
    "deployments", "evaluation_details", "tags", "personas", "mlflow",
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
    chart: Deferred | None  # drawn where a page shows it
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
class AwsCardView:
    """The SageMaker model card named after this card, as a snapshot found it."""

    account: str
    region: str
    status: str
    risk: str
    differences: tuple[str, ...]  # "status: git Approved, SageMaker Draft"; () when in step


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
    lineage: Deferred  # drawn where a page shows it
    evaluations: tuple[EvaluationView, ...]
    sections: tuple[Section, ...]
    tags: tuple[tuple[str, str], ...]
    personas_deploy: tuple[str, ...]
    personas_use: tuple[str, ...]
    extras: ExtrasView = field(default_factory=ExtrasView)  # other standards (card_extras.py)
    record: HistoryView | None = None  # approvals' standing and the git history
    transform_job: TransformJobView | None = None
    aws_cards: tuple[AwsCardView, ...] = ()
    snapshot_keys: tuple[Key, ...] = ()  # (account, region) of the snapshots that hold it
    issues: tuple[Issue, ...] = ()  # what needs attention, most severe first
    mlflow: MlflowView | None = None  # the MLflow version it documents, and the registry's

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

    @property
    def badges(self) -> tuple[tuple[str, str], ...]:
        """(kind, label) of each kind of issue, once, most severe first."""
        return tuple(dict.fromkeys((i.kind, i.label) for i in self.issues))


def model_view(
    card: Card,
    snapshots: Indexes,
    git: CardHistory | None = None,
    today: date | None = None,
    registries: tuple[RegistrySnapshot, ...] = (),
) -> ModelView:
    """`git`: the cards' git history (None: unknown, outside git). `today` (the build's date)
    decides whether the review is overdue; None: not judged. `registries`: the MLflow
    registry snapshots."""
    description = card.description
    mlflow = mlflow_view(card, registries)
    deployments = tuple(deployment_view(d, snapshots) for d in card.deployments)
    record = history_view(card, git)
    view = ModelView(
        id=card.id,
        title=card.title,
        status=card.status,
        risk=card.risk_rating,
        owner=card.owner or "",
        team=team_of(card),
        summary=" ".join((description or card.purpose).split()),
        description=render_markdown(description) if description else None,
        source=card.origin.doc.path,
        contacts=tuple((c.name, c.email, c.role) for c in card.contact_details),
        approvals=record.approvals,
        review_last=str(card.review_last or ""),
        review_next=str(card.review_next or ""),
        deployments=deployments,
        # one deployment: its own cells are the model's (most cards have one)
        cells=deployments[0].cells
        if len(deployments) == 1
        else model_cells(card.deployments, snapshots),
        alarms=alarms(card.deployments, snapshots),
        history=history(card.deployments, snapshots),
        lineage=Deferred(partial(_lineage, card, snapshots, mlflow)),
        evaluations=_evaluations(card),
        sections=_sections(card),
        tags=card.tags,
        personas_deploy=card.personas_deploy,
        personas_use=card.personas_use,
        extras=extras_view(card),
        record=record,
        transform_job=latest_transform_job(card.deployments, snapshots, card.model_name),
        aws_cards=_aws_cards(card, snapshots),
        snapshot_keys=tuple(
            sorted({(d.account, d.region) for d in card.deployments} & set(snapshots))
        ),
        mlflow=mlflow,
    )
    return replace(view, issues=sorted_issues(_issues(view, today)))


def _aws_cards(card: Card, snapshots: Indexes) -> tuple[AwsCardView, ...]:
    found = sagemaker_cards((snapshots[k] for k in sorted(snapshots)), card.id)  # each indexed
    return tuple(
        AwsCardView(s.account, s.region, aws.status, aws.risk, card_differences(card, aws))
        for s, aws in found
    )


# ---- what needs attention ----------------------------------------------------------------


def _issues(m: ModelView, today: date | None) -> Iterator[Issue]:
    link = f"models/{m.id}.html"

    def issue(kind: str, problem: str, next_step: str) -> Issue:
        return Issue(kind, m.title, link, problem, next_step)

    for d in m.deployments:
        yield from _deployment_issues(m, d, issue)
    if m.risk == "High" and m.in_production and m.monitored is False:
        yield issue(
            "unmonitored",
            "High risk and in production, but no monitor or alarm watches it",
            "schedule a Model Monitor or add a CloudWatch alarm on its endpoint",
        )
    elif m.risk == "High" and m.in_production and m.monitored is None:
        yield issue(
            "unknown",
            "High risk and in production; whether anything monitors it could not be read",
            "see the snapshot's read errors, then take a new snapshot",
        )
    if overdue(m.review_next, today):
        yield issue(
            "overdue", f"review was due {m.review_next}", "review the card, then set review.next"
        )
    yield from _mlflow_issues(m, issue)
    for aws in m.aws_cards:
        if aws.differences:
            yield issue(
                "drift",
                f"the SageMaker card in {aws.account} {aws.region} differs: "
                + "; ".join(aws.differences),
                "push the card (mlgov cards push), or bring git in line with SageMaker",
            )


def _mlflow_issues(m: ModelView, issue: Callable[[str, str, str], Issue]) -> Iterator[Issue]:
    if m.mlflow is None:
        return
    for s in m.mlflow.drift:
        yield issue(
            "alias",
            f"{s.how} of {m.mlflow.registered_model} in MLflow {s.server} serves version "
            f"{s.production}; the card documents version {m.mlflow.version}",
            "import the served version into the card and have it approved, or move the alias back",
        )


def _deployment_issues(
    m: ModelView, d: DeploymentView, issue: Callable[[str, str, str], Issue]
) -> Iterator[Issue]:
    where = f"{d.endpoint} ({d.account} {d.region})"
    if d.production and m.status != "Approved":
        yield issue(
            "unapproved",
            f"serves production on {where} while its card is {m.status}",
            "review and approve the card, or take the endpoint out of service",
        )
    if d.status in ("Failed", "UpdateRollbackFailed", "OutOfService"):
        reason = f": {d.failure_reason}" if d.failure_reason else ""
        yield issue(
            "failing", f"endpoint {where} is {d.status}{reason}", "fix or redeploy the endpoint"
        )
    for (_, heading), c in zip(COLUMNS, d.cells, strict=False):
        if c.state == "Alert":
            yield issue(
                "alert",
                f"{heading} on {where}: {c.text}" + (f" ({c.detail})" if c.detail else ""),
                "investigate the violations; record the outcome in the card",
            )
        elif c.state == "Failing":
            yield issue(
                "failing",
                f"{heading} monitor failing on {where}" + (f": {c.detail}" if c.detail else ""),
                "fix the monitoring job (baseline, permissions, data capture)",
            )


def team_of(card: Card) -> str:
    return card.team or "unassigned"


# ---- card fields -------------------------------------------------------------------------


def _sections(card: Card) -> tuple[Section, ...]:
    governance = {k: v for k, v in card.governance_fields.items() if k not in OWN_PLACE}
    sections = [Section("Governance", tuple(_rows(governance, "")))] if governance else []
    for name in SAGEMAKER_SECTIONS:
        if name in card.content and name != "evaluation_details":
            sections.append(
                Section(TITLES.get(name, _human(name)), tuple(_rows(card.content[name], "")))
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
    return tuple(
        EvaluationView(
            ev.name,
            render_markdown(ev.observation) if ev.observation else None,
            ev.job_arn,
            ev.datasets,
            ev.metadata,
            tuple(GroupView(g.name, tuple(_metric(card, m) for m in g.metrics)) for g in ev.groups),
            _hub_dataset(ev.hub_dataset),
        )
        for ev in card.evaluations()
    )


def _hub_dataset(hub: Any) -> str:
    if not isinstance(hub, Mapping) or "id" not in hub:
        return ""
    parts = [f"{k} {hub[k]}" for k in ("config", "split", "revision") if k in hub]
    return str(hub["id"]) + (f" ({', '.join(parts)})" if parts else "")


def _metric(card: Card, metric: Metric) -> MetricView:
    verdict = passes(metric.value, metric.threshold)
    chart = chart_maker(metric.raw)
    return MetricView(
        name=metric.name,
        type=metric.type,
        value=_value(metric, chart is not None),
        slice=metric.slice,
        interval=_interval(metric.confidence_interval),
        threshold=", ".join(
            f"{k} {(metric.threshold or {})[k]}"
            for k in ("min", "max")
            if k in (metric.threshold or {})
        ),
        verdict={True: "pass", False: "fail"}.get(verdict, "") if verdict is not None else "",
        notes=metric.notes,
        chart=Deferred(chart) if chart else None,
        line=card.origin.doc.position(metric.origin.path).line,
    )


def _value(metric: Metric, charted: bool) -> str:
    if metric.type in ("bar_chart", "linear_graph", "matrix"):
        return f"{metric.type.replace('_', ' ')} (see chart)" if charted else str(metric.value)
    return _number(metric.value)


def _number(value: Any) -> str:
    """A metric as people read it: six significant digits, 60.0 as 60 (the card keeps every
    digit; 0.8333333333333334 says nothing 0.833333 does not)."""
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    return _scalar(value)


def _interval(ci: Mapping[str, Any]) -> str:
    if "lower" not in ci or "upper" not in ci:
        return ""
    level = f" ({ci['level']:.0%})" if isinstance(ci.get("level"), int | float) else ""
    return f"{_number(ci['lower'])} to {_number(ci['upper'])}{level}"


# ---- lineage -----------------------------------------------------------------------------


def _missing(index: SnapshotIndex | None) -> str:
    """An endpoint the snapshot lacks: absent, or not known when its endpoints were unreadable."""
    if index is None:
        return ""
    return "unknown" if index.snapshot.unreadable("endpoints") else "not found"


def _lineage(card: Card, snapshots: Indexes, mlflow: MlflowView | None = None) -> str:
    datasets = list(card.training_datasets)
    models: list[str] = []
    endpoints: list[Node] = []
    trained: list[str] = []
    for d in card.deployments:
        index = snapshots.get((d.account, d.region))
        endpoint = endpoint_in(index, d.endpoint)
        names = [d.model] if d.model else list(endpoint.models if endpoint else ())
        models += [n for n in names if n not in models]
        status = endpoint.status if endpoint else _missing(index)
        endpoints.append(Node(d.endpoint, status, instances(endpoint)))
        if index is not None:
            trained += [link.training_job for n in names for link in index.lineage(n)]
    if not models and card.model_name:
        models = [card.model_name]
    if not trained and card.training_arn:
        trained = [card.training_arn.rsplit("/", 1)[-1]]  # the job name ends the ARN
    if mlflow is not None:  # run → registered model version, then the endpoints
        return lineage_svg(
            datasets,
            [_run_node(mlflow)],
            [_version_node(mlflow), *(n for n in models if n != mlflow.registered_model)],
            endpoints,
            f"Lineage of {card.title}",
            MLFLOW_COLUMNS,
        )
    return lineage_svg(
        datasets, sorted(set(trained)), models, endpoints, f"Lineage of {card.title}"
    )


MLFLOW_COLUMNS = ("Datasets", "MLflow run", "Model version", "Endpoints")


def _run_node(mlflow: MlflowView) -> Node:
    name = mlflow.run_name or mlflow.run_id or "run not recorded"
    detail = f"run {mlflow.run_id[:8]}" if mlflow.run_id and mlflow.run_name else ""
    return Node(name, "", detail)


def _version_node(mlflow: MlflowView) -> Node:
    aliases = sorted({a for s in mlflow.states for a, v in s.aliases if v == mlflow.version})
    detail = "alias " + ", ".join(aliases) if aliases else ""
    return Node(f"{mlflow.registered_model} v{mlflow.version}", "", detail)

"""Print HTML from data: one document per card and the governance summary.

Documents are rendered with a placeholder where the render date goes, filled in just before
WeasyPrint runs. The cache keys (see cache.py) never see that date: otherwise every PDF would
be stale each day. A PDF taken from the cache therefore shows the day it was rendered on
("rendered …"), which stays true.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from jinja2 import Environment
from markupsafe import Markup

from governance import __version__ as MLGOV_VERSION
from governance.cards.model import Card
from site_builder.data import SUMMARY_PDF, Inputs
from site_builder.pdf.monitoring import MonitoringView, fill_ages, monitoring_view
from site_builder.pdf.revision import NO_GIT, UNCOMMITTED, Revision
from site_builder.templating import package_environment
from site_builder.views.history import CHANGED, HistoryView, history_view
from site_builder.views.models import ModelView, model_view, team_of
from site_builder.views.monitor import COLUMNS, Cell, by_key, deployment_view
from site_builder.views.snapshots import SnapshotView, snapshot_view

# Part of every cache key. The templates and the code that makes PDFs are hashed already;
# bump this when PDFs must change for a reason outside them (fonts installed, for instance).
TEMPLATE_VERSION = "1"
DATE_PLACEHOLDER = "@@mlgov-render-date@@"
SUMMARY_ID = SUMMARY_PDF
# Used for the PDF dates when a card is not committed and carries no date of its own: a fixed
# value, never the clock, so the bytes stay the same.
FALLBACK_DATE = "2000-01-01T00:00:00Z"


# The mark across every page of a card that is not approved as it stands.
MARKS = {"Draft": "DRAFT", "PendingReview": "PENDING REVIEW", "Archived": "ARCHIVED"}
NOT_APPROVED = "NOT APPROVED"


@dataclass(frozen=True)
class PrintDocument:
    id: str  # the PDF's file name without `.pdf`
    html: str  # with DATE_PLACEHOLDER where the render date goes

    def with_date(self, day: str) -> str:
        return fill_dates(self.html, day)


def fill_dates(html: str, day: str) -> str:
    """The render date, and the snapshots' ages on that date."""
    return fill_ages(html.replace(DATE_PLACEHOLDER, day), day)


@dataclass(frozen=True)
class CardExtras:
    """What a card's PDF shows besides the card: the standing of its approvals and its git
    history, and its monitoring state. Part of the PDF's cache key (cache.py)."""

    record: HistoryView
    monitoring: MonitoringView


def card_extras(inputs: Inputs, card: Card) -> CardExtras:
    snapshots = by_key(inputs.snapshots)
    stale_after = inputs.repo.config.stale_after_hours
    return CardExtras(
        history_view(card, inputs.history), monitoring_view(card, snapshots, stale_after)
    )


def mark(card: Card, record: HistoryView) -> str:
    """DRAFT, PENDING REVIEW, ARCHIVED, NOT APPROVED (an Approved card whose content is not
    what was approved), or "" for an Approved card that is what was approved."""
    if card.status == "Approved":
        return NOT_APPROVED if record.standing == CHANGED else ""
    return MARKS.get(card.status, NOT_APPROVED)


@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    date: str  # W3C date-time: PDF creation and modification date


@cache
def environment() -> Environment:
    env = package_environment("templates/print")
    env.filters["revision"] = revision_text
    env.filters["css_string"] = css_string
    return env


def css_string(text: str) -> Markup:
    """Text as the inside of a double-quoted CSS string, safe in a <style> element."""
    escaped = "".join(
        f"\\{ord(c):x} " if c in '"\\<>&' or ord(c) < 32 else c for c in " ".join(text.split())
    )
    return Markup(escaped)


@cache
def stylesheet() -> str:
    return resources.files("site_builder").joinpath("templates", "print", "print.css").read_text()


def card_document(card: Card, revision: Revision, extras: CardExtras) -> PrintDocument:
    # No snapshots in the model view: the PDF's monitoring part is `extras.monitoring`, and
    # the lineage drawing stays the card's own (what the cache key covers).
    model = replace(model_view(card, {}), record=extras.record, approvals=extras.record.approvals)
    meta = _card_meta(card, model, revision)
    html = _render(
        "card.html.j2",
        meta,
        model=model,
        card=card,
        revision=revision,
        names=_lineage_names(card),
        record=extras.record,
        monitoring=extras.monitoring,
        mark=mark(card, extras.record),
    )
    return PrintDocument(card.id, html)


def summary_document(inputs: Inputs, cards: Iterable[Card]) -> PrintDocument:
    """From the cards' headline fields only (no charts or lineage), so it stays cheap to build
    in the main process at thousands of cards."""
    cards = sorted(cards, key=lambda c: c.id)
    rows = [_summary_row(c) for c in cards]
    meta = Meta(
        title="ML governance summary",
        author="mlgov",
        subject=f"{len(rows)} models, {len(inputs.repo.personas)} personas",
        keywords=("mlgov", "model governance", "summary"),
        date=max((r.date for r in rows), default=FALLBACK_DATE),
    )
    html = _render(
        "summary.html.j2",
        meta,
        models=rows,
        status_counts=_counts(r.status for r in rows),
        risk_counts=_counts(r.risk for r in rows),
        personas=_persona_rows(inputs, rows),
        deployments=_deployment_rows(inputs, cards),
        snapshots=_snapshot_rows(inputs),
        columns=COLUMNS,
    )
    return PrintDocument(SUMMARY_ID, html)


@dataclass(frozen=True)
class DeploymentRow:
    model: str
    endpoint: str
    account: str
    region: str
    status: str
    cells: tuple[Cell, ...]


def _deployment_rows(inputs: Inputs, cards: Iterable[Card]) -> list[DeploymentRow]:
    """Each deployment with its endpoint's status and its monitors, from the snapshots (only
    the deployments: the summary must stay cheap to build at thousands of cards)."""
    snapshots = by_key(inputs.snapshots)
    rows = []
    for card in cards:
        for d in card.deployments:
            v = deployment_view(d, snapshots)
            rows.append(DeploymentRow(card.id, v.endpoint, v.account, v.region, v.status, v.cells))
    return rows


def _snapshot_rows(inputs: Inputs) -> list[SnapshotView]:
    hours = inputs.repo.config.stale_after_hours
    return [snapshot_view(inputs.repo.root, s, inputs.now, hours) for s in inputs.snapshots]


@dataclass(frozen=True)
class SummaryRow:
    id: str
    title: str
    status: str
    risk: str
    owner: str
    team: str
    review_next: str
    approvals: int
    personas_deploy: tuple[str, ...]
    personas_use: tuple[str, ...]
    date: str


def _summary_row(card: Card) -> SummaryRow:
    return SummaryRow(
        id=card.id,
        title=card.title,
        status=card.status,
        risk=card.risk_rating,
        owner=card.owner or "",
        team=team_of(card),
        review_next=str(card.review_next or ""),
        approvals=len(card.approvals),
        personas_deploy=card.personas_deploy,
        personas_use=card.personas_use,
        date=_card_date(str(card.review_last or ""), [str(a.date) for a in card.approvals]),
    )


def _render(template: str, meta: Meta, **context: object) -> str:
    return (
        environment()
        .get_template(template)
        .render(
            meta=meta,
            css=stylesheet(),
            mlgov_version=MLGOV_VERSION,
            render_date=DATE_PLACEHOLDER,
            **context,
        )
    )


def _card_meta(card: Card, model: ModelView, revision: Revision) -> Meta:
    return Meta(
        title=f"Model card: {card.title}",
        author=card.owner or "mlgov",
        subject=f"{card.id}: status {card.status}, risk {card.risk_rating}. {model.summary}"[:500],
        keywords=(
            "model card",
            card.id,
            card.status,
            f"{card.risk_rating} risk",
            f"team {model.team}",
        ),
        date=revision.date or _card_date(model.review_last, [a.date for a in model.approvals]),
    )


def _lineage_names(card: Card) -> list[tuple[str, list[str]]]:
    """The lineage drawing shortens long names (S3 URIs, ARNs) and keeps them in tooltips, which
    paper does not have: the PDF lists them in full under the drawing."""
    models = [d.model for d in card.deployments if d.model]
    if not models and card.model_name:
        models = [card.model_name]
    columns = [
        ("Datasets", list(card.training_datasets)),
        ("Training job", [card.training_arn] if card.training_arn else []),
        ("Model", list(dict.fromkeys(models))),
        ("Endpoints", [d.endpoint for d in card.deployments]),
    ]
    return [(title, names) for title, names in columns if names]


def _card_date(review_last: str, approved: list[str]) -> str:
    """The newest date the card itself carries (review, approvals): content, not the clock."""
    days = [review_last, *approved]
    valid = sorted(d for d in days if len(d) == 10 and d[4] == "-" and d[7] == "-")
    return f"{valid[-1]}T00:00:00Z" if valid else FALLBACK_DATE


def _counts(values: Iterable[str]) -> list[tuple[str, int]]:
    return sorted(Counter(values).items())


@dataclass(frozen=True)
class PersonaRow:
    id: str
    title: str
    role: str
    activities: int
    deploys: tuple[str, ...]
    uses: tuple[str, ...]


def _persona_rows(inputs: Inputs, models: list[SummaryRow]) -> list[PersonaRow]:
    bundles = {b.persona_id: b for b in inputs.bundles}
    rows = []
    for pid, persona in sorted(inputs.repo.personas.items()):
        bundle = bundles.get(pid)
        rows.append(
            PersonaRow(
                pid,
                persona.title,
                bundle.role_name if bundle else "not compiled",
                len(bundle.activities) if bundle else 0,
                tuple(m.id for m in models if pid in m.personas_deploy),
                tuple(m.id for m in models if pid in m.personas_use),
            )
        )
    return rows


def revision_text(revision: Revision) -> str:
    if revision.label in (UNCOMMITTED, NO_GIT):
        return revision.label
    return f"revision {revision.label}"

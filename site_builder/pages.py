"""Data -> Markdown pages, through the Jinja2 templates in site_builder/templates/."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment

from site_builder.data import SiteData
from site_builder.escape import code_block, md_cell, md_text, source_url
from site_builder.fragments import PageFragments
from site_builder.matrix import Matrix
from site_builder.templating import package_environment
from site_builder.views.dashboard import RISK_ORDER
from site_builder.views.models import ModelView
from site_builder.views.monitor import COLUMNS

CSS = "assets/mlgov.css"
STATUS_ORDER = ("Approved", "PendingReview", "Draft", "Archived")
# (page, title, grouping, known order, heading) of the model index pages, all in the nav.
INDEXES: tuple[tuple[str, str, Callable[[ModelView], str], tuple[str, ...], str], ...] = (
    ("models-by-team.md", "Models by team", lambda m: m.team, (), "Team {}"),
    ("models-by-risk.md", "Models by risk", lambda m: m.risk, RISK_ORDER, "{} risk"),
    ("models-by-status.md", "Models by card status", lambda m: m.status, STATUS_ORDER, "{}"),
)


@cache
def environment() -> Environment:
    # autoescape on for every template, Markdown included: a value printed without one of the
    # Markdown filters is at least HTML-escaped, never raw.
    env = package_environment("templates", keep_trailing_newline=True)
    env.filters |= {
        "md": md_text,
        "cell": md_cell,
        "code": code_block,
        "bar": quota_bar,
        "percent": percent,
        "endpoint_icon": endpoint_icon,
        "endpoint_css": endpoint_css,
        "risk_rank": risk_rank,
    }
    return env


def quota_bar(percent: int, width: int = 20) -> str:
    """A text bar, so quota use reads without colour and in any theme."""
    filled = min(width, round(width * percent / 100))
    return "█" * filled + "░" * (width - filled)


NEAR_LIMIT = 90  # percent of a count quota from which a page says so in words


def percent(value: int, near: bool = True) -> str:
    """`near=False` for policy sizes: packing fills each policy close to 6,144 characters on
    purpose, so a full policy is not a warning; the count of policies is the limit that bites."""
    return f"{value}% (near the limit)" if near and value >= NEAR_LIMIT else f"{value}%"


_ENDPOINT_LOOK = {
    "InService": ("✓", "ok"),
    "Failed": ("✗", "failing"),
    "UpdateRollbackFailed": ("✗", "failing"),
    "OutOfService": ("✗", "failing"),
    "not found": ("✗", "failing"),
}


def risk_rank(risk: str) -> int:
    """Sort key: a sorted risk column reads High, Medium, Low, Unknown."""
    return RISK_ORDER.index(risk) if risk in RISK_ORDER else len(RISK_ORDER)


def endpoint_icon(status: str) -> str:
    return _ENDPOINT_LOOK.get(status, ("?" if status.startswith("unknown") else "…", ""))[0]


def endpoint_css(status: str) -> str:
    look = _ENDPOINT_LOOK.get(status, ("", "unknown" if status.startswith("unknown") else "busy"))
    return f"mlgov-state-{look[1]}"


@dataclass
class Rendered:
    pages: dict[str, str]  # every generated file of the docs folder, by path
    held: dict[str, list[str]] = field(default_factory=dict)  # page -> its held HTML blocks
    defer: bool = True
    skeleton: bool = False  # the held blocks are rendered elsewhere: each is "" here

    def fragments(self, page: str, searchable: bool = True) -> PageFragments:
        held = PageFragments(self.defer, searchable, self.skeleton)
        self.held[page] = held.blocks
        return held


def render_pages(data: SiteData, defer: bool = True, skeleton: bool = False) -> Rendered:
    """Deterministic for the same data. With `defer`, HTML blocks search does not need are held
    out of the Markdown (site_builder/fragments.py); without, every page is complete. With
    `skeleton` too, the held blocks are not rendered: the same call without gives them."""
    env = environment()
    out = Rendered({}, defer=defer, skeleton=defer and skeleton)
    common = _common(data)
    pages = out.pages
    pages["index.md"] = env.get_template("home.md.j2").render(
        **common, hold=out.fragments("index.md").hold
    )
    pages["personas/index.md"] = env.get_template("personas.md.j2").render(
        **common, rows=_matrix_rows(data.matrix)
    )
    pages["lint.md"] = env.get_template("lint.md.j2").render(**common)
    css = resources.files("site_builder").joinpath("templates", "mlgov.css")
    pages[CSS] = css.read_text("utf-8")
    persona_template = env.get_template("persona.md.j2")
    for persona in data.personas:
        pages[f"personas/{persona.id}.md"] = persona_template.render(**common, persona=persona)
    _model_pages(env, data, common, out)
    _index_pages(env, data, common, out)
    return out


def _common(data: SiteData) -> dict[str, Any]:
    def link(path: str, line: int) -> str | None:
        return source_url(data.repository_url, path, line)

    return {
        "data": data,
        "source_link": link,
        "columns": COLUMNS,
        "snapshot_folder": data.snapshot_folder,
        "stale_after_hours": data.stale_after_hours,
        "pdfs": data.pdfs,
    }


def _model_pages(env: Environment, data: SiteData, common: dict[str, Any], out: Rendered) -> None:
    template = env.get_template("model.md.j2")
    persona_ids = {p.id for p in data.personas}
    searchable = not data.search_summary_only
    for model in data.models:
        page = f"models/{model.id}.md"
        out.pages[page] = template.render(
            **common,
            m=model,
            persona_ids=persona_ids,
            summary_only=not searchable,
            hold=out.fragments(page, searchable).hold,
        )


def _index_pages(env: Environment, data: SiteData, common: dict[str, Any], out: Rendered) -> None:
    searchable = not data.search_summary_only
    index = env.get_template("models_by.md.j2")
    for n, (page, title, key, order, heading) in enumerate(INDEXES):
        groups = [(heading.format(g), ms) for g, ms in _groups(data.models, key, order)]
        # on a large site the first index alone carries the summaries: three would list
        # every model three times in search results
        carrier = searchable or n == 0
        out.pages[page] = index.render(
            **common,
            title=title,
            groups=groups,
            searchable=carrier,
            hold=out.fragments(page, carrier).hold,
        )
    out.pages["tags.md"] = TAGS_PAGE


# Material's tags plugin lists every tag with its model pages where this marker stands.
TAGS_PAGE = """---
title: Models by tag
---

# Models by tag

Every model page carries its risk rating, card status and team as tags. Select a tag on a model
page to come here.

<!-- material/tags -->
"""


def _groups(
    models: Iterable[ModelView], key: Callable[[ModelView], str], order: tuple[str, ...]
) -> list[tuple[str, list[ModelView]]]:
    """Models grouped by a value: the known order first, then the rest alphabetically."""
    grouped: dict[str, list[ModelView]] = {}
    for m in models:
        grouped.setdefault(key(m), []).append(m)
    rank = {v: i for i, v in enumerate(order)}
    labels = sorted(grouped, key=lambda v: (rank.get(v, len(rank)), v))
    return [(label, sorted(grouped[label], key=lambda m: (m.title, m.id))) for label in labels]


def _matrix_rows(matrix: Matrix) -> list[tuple[str, str, list[int]]]:
    return [(service, level, matrix.row((service, level))) for service, level in matrix.families]

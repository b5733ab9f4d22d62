"""Data -> Markdown pages, through the Jinja2 templates in site_builder/templates/."""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined

from site_builder.data import SiteData
from site_builder.escape import code_block, md_cell, md_text, source_url
from site_builder.matrix import Matrix

CSS = "assets/mlgov.css"


@cache
def environment() -> Environment:
    # autoescape on for every template, Markdown included: a value printed without one of the
    # Markdown filters is at least HTML-escaped, never raw.
    env = Environment(
        loader=PackageLoader("site_builder", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters |= {
        "md": md_text,
        "cell": md_cell,
        "code": code_block,
        "bar": quota_bar,
        "percent": percent,
    }
    return env


def quota_bar(percent: int, width: int = 20) -> str:
    """A text bar, so quota use reads without colour and in any theme."""
    filled = min(width, round(width * percent / 100))
    return "█" * filled + "░" * (width - filled)


NEAR_LIMIT = 90  # percent of a quota from which a page says so in words, not only a longer bar


def percent(value: int) -> str:
    return f"{value}% (near the limit)" if value >= NEAR_LIMIT else f"{value}%"


def render_pages(data: SiteData) -> dict[str, str]:
    """Every generated file of the docs folder, by path: deterministic for the same data."""
    env = environment()

    def link(path: str, line: int) -> str | None:
        return source_url(data.repository_url, path, line)

    common = {"data": data, "source_link": link}
    pages = {
        "index.md": env.get_template("home.md.j2").render(**common),
        "personas/index.md": env.get_template("personas.md.j2").render(
            **common, rows=_matrix_rows(data.matrix)
        ),
        "lint.md": env.get_template("lint.md.j2").render(**common),
        CSS: resources.files("site_builder").joinpath("templates", "mlgov.css").read_text("utf-8"),
    }
    persona_template = env.get_template("persona.md.j2")
    for persona in data.personas:
        pages[f"personas/{persona.id}.md"] = persona_template.render(**common, persona=persona)
    return pages


def _matrix_rows(matrix: Matrix) -> list[tuple[str, str, list[int]]]:
    return [(service, level, matrix.row((service, level))) for service, level in matrix.families]

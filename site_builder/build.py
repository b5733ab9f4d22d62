"""The site build: data -> Markdown pages in the docs folder -> a clean mkdocs build -> the
held HTML blocks put back into the built pages (site_builder/fragments.py). On a large site a
worker renders the held blocks while mkdocs runs, and puts them in (site_builder/blocks.py).

`build_site` renders into the folder it is given; `mlgov build` gives it a new folder beside
the published site and swaps it in once the PDFs are there too (governance/outputs), so no
reader ever sees a half-built site or a page still holding a placeholder."""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.assets import site_assets
from site_builder.blocks import held_blocks
from site_builder.data import Inputs, load_inputs, site_data
from site_builder.gc_tuning import few_collections
from site_builder.mkdocs_run import run_mkdocs
from site_builder.offline import relative_404
from site_builder.output import WriteReport, write_pages
from site_builder.pages import Rendered, render_pages
from site_builder.site_config import site_config, write_site_config

if TYPE_CHECKING:
    from governance.repository import Repository


@dataclass(frozen=True)
class SiteResult:
    docs_dir: Path
    site_dir: Path
    pages: WriteReport
    seconds: dict[str, float] = field(default_factory=dict)  # pages, mkdocs


def generate_pages(inputs: Inputs, docs_dir: Path) -> WriteReport:
    """Only the Markdown step, every block inline (what `mlgov serve` hands to mkdocs' own
    server): testable and fast, no mkdocs involved."""
    return _write(render_pages(site_data(inputs), defer=False), inputs, docs_dir)


def build_site(
    root: Path,
    site_dir: Path | None = None,
    docs_dir: Path | None = None,
    inputs: Inputs | None = None,
    config_file: Path | None = None,
) -> SiteResult:
    """Defaults: `<root>/build/docs`, `<root>/site`, and the configuration mlgov makes
    (site_builder/site_config.py) into `<root>/build/mkdocs.yml`. Pass `inputs` when
    the repository is loaded and linted already (the CLI does)."""
    root = root.resolve()
    inputs = inputs or load_inputs(root)
    docs_dir = (docs_dir or root / "build" / "docs").resolve()
    site_dir = (site_dir or root / "site").resolve()
    start = time.perf_counter()
    with ExitStack() as worker:
        with few_collections():
            data = site_data(inputs)
            blocks = worker.enter_context(held_blocks(data))  # a worker forked here keeps it
            rendered = render_pages(data, skeleton=blocks.skeleton)
            report = _write(rendered, inputs, docs_dir)
        paged = time.perf_counter()
        built = run_mkdocs(config_file or site_config_file(root, inputs.repo), docs_dir, site_dir)
        blocks.inject(rendered, site_dir, built.directory_urls)
    relative_404(site_dir)
    seconds = {"pages": paged - start, "mkdocs": time.perf_counter() - paged}
    return SiteResult(docs_dir, site_dir, report, seconds)


def site_config_file(root: Path, repo: Repository) -> Path:
    """The mkdocs configuration for `repo`, written under `<root>/build/`."""
    return write_site_config(site_config(root, repo.config.site_name), root / "build")


def _write(rendered: Rendered, inputs: Inputs, docs_dir: Path) -> WriteReport:
    return write_pages(docs_dir, rendered.pages | site_assets())

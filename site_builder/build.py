"""The site build: data -> Markdown pages in the docs folder -> a clean mkdocs build."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from site_builder.assets import site_assets
from site_builder.data import Inputs, load_inputs, site_data
from site_builder.mkdocs_run import run_mkdocs
from site_builder.output import WriteReport, write_pages
from site_builder.pages import render_pages


@dataclass(frozen=True)
class SiteResult:
    docs_dir: Path
    site_dir: Path
    pages: WriteReport


def generate_pages(inputs: Inputs, docs_dir: Path) -> WriteReport:
    """Only the Markdown step (and the site's scripts): testable and fast, no mkdocs involved."""
    assets = site_assets(inputs.repo.root)
    if assets.missing:
        print(f"mlgov: {assets.warning()}", file=sys.stderr)
    return write_pages(docs_dir, render_pages(site_data(inputs)) | assets.files)


def build_site(
    root: Path,
    site_dir: Path | None = None,
    docs_dir: Path | None = None,
    inputs: Inputs | None = None,
    config_file: Path | None = None,
) -> SiteResult:
    """Defaults: `<root>/build/docs`, `<root>/site` and `<root>/mkdocs.yml`. Pass `inputs` when
    the repository is loaded and linted already (the CLI does)."""
    root = root.resolve()
    docs_dir = (docs_dir or root / "build" / "docs").resolve()
    site_dir = (site_dir or root / "site").resolve()
    config_file = config_file or root / "mkdocs.yml"
    report = generate_pages(inputs or load_inputs(root), docs_dir)
    run_mkdocs(config_file, docs_dir, site_dir)
    return SiteResult(docs_dir, site_dir, report)

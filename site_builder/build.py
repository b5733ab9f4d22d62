"""The site build: data -> Markdown pages in the docs folder -> a clean mkdocs build -> the
held HTML blocks put back into the built pages (site_builder/fragments.py)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.assets import site_assets
from site_builder.data import Inputs, load_inputs, site_data
from site_builder.fragments import inject
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
    with _old_site_cleared(site_dir):
        start = time.perf_counter()
        rendered, report = write_site_pages(inputs, docs_dir)
        paged = time.perf_counter()
    config_file = config_file or site_config_file(root, inputs.repo)
    built = run_mkdocs(config_file, docs_dir, site_dir)
    inject(site_dir, rendered.held, built.directory_urls)
    relative_404(site_dir)
    seconds = {"pages": paged - start, "mkdocs": time.perf_counter() - paged}
    return SiteResult(docs_dir, site_dir, report, seconds)


def site_config_file(root: Path, repo: Repository) -> Path:
    """The mkdocs configuration for `repo`, written under `<root>/build/`."""
    return write_site_config(site_config(root, repo.config.site_name), root / "build")


def write_site_pages(inputs: Inputs, docs_dir: Path) -> tuple[Rendered, WriteReport]:
    """The pages for `mlgov build`, blocks held: mkdocs comes next, then `inject`."""
    rendered = render_pages(site_data(inputs))
    return rendered, _write(rendered, inputs, docs_dir)


def _write(rendered: Rendered, inputs: Inputs, docs_dir: Path) -> WriteReport:
    return write_pages(docs_dir, rendered.pages | site_assets())


@contextmanager
def _old_site_cleared(site_dir: Path) -> Iterator[None]:
    """mkdocs empties the site folder before it builds, all but hidden entries (a gh-pages
    checkout's .git stays). Moving those entries aside is instant; deleting them is not, so a
    thread deletes them while the pages are made, and mkdocs finds nothing left to clean."""
    trash = site_dir.parent / f".{site_dir.name}.old-{os.getpid()}"
    try:
        for entry in sorted(os.listdir(site_dir)) if site_dir.is_dir() else ():
            if not entry.startswith("."):
                trash.mkdir(exist_ok=True)
                os.replace(site_dir / entry, trash / entry)
    except OSError:  # another file system, say: mkdocs' own clean-up does the rest
        pass
    deleting = threading.Thread(target=_delete_old, args=(site_dir,))
    deleting.start()
    try:
        yield
    finally:
        deleting.join()


def _delete_old(site_dir: Path) -> None:
    """This build's moved entries, and any an interrupted build left behind."""
    for old in sorted(site_dir.parent.glob(f".{site_dir.name}.old-*")):
        shutil.rmtree(old, ignore_errors=True)

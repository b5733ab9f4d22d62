"""The PDF step of `mlgov build`: print documents from data, rendered only when not cached,
copied into `<site>/pdf/` (after mkdocs, which empties the site folder)."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from governance.cards.model import Card
from site_builder.data import Inputs
from site_builder.pdf import cache
from site_builder.pdf.documents import (
    PrintDocument,
    card_document,
    card_extras,
    summary_document,
)
from site_builder.pdf.pool import Job, default_jobs, render_all
from site_builder.pdf.progress import Progress
from site_builder.pdf.render import harfbuzz_subset_available
from site_builder.pdf.revision import Revision, card_revisions


@dataclass(frozen=True)
class PdfReport:
    out_dir: Path
    total: int
    rendered: tuple[str, ...]  # document ids rendered in this build
    cached: tuple[str, ...]  # document ids taken from the cache
    harfbuzz_subset: bool
    seconds: float
    refused: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> URLs denied

    def summary_line(self) -> str:
        noun = "PDF" if self.total == 1 else "PDFs"
        return f"{self.total} {noun} ({len(self.rendered)} rendered, {len(self.cached)} from cache)"


def print_documents(inputs: Inputs) -> list[PrintDocument]:
    """Every document's print HTML, one per card and then the summary (for tests and for
    looking at the HTML; the build makes a card's HTML only when its PDF is not cached)."""
    cards = _cards(inputs)
    revisions = _revisions(inputs, cards)
    docs = [card_document(c, revisions[c.origin.doc.path], card_extras(inputs, c)) for c in cards]
    return [*docs, summary_document(inputs, cards)]


def _revisions(inputs: Inputs, cards: list[Card]) -> dict[str, Revision]:
    paths = [c.origin.doc.path for c in cards]
    return card_revisions(inputs.repo.root, paths, inputs.history)


def _cards(inputs: Inputs) -> list[Card]:
    return [inputs.repo.cards[cid] for cid in sorted(inputs.repo.cards)]


def build_pdfs(
    inputs: Inputs,
    site_dir: Path,
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    render_date: date | None = None,
    progress: bool | None = None,
) -> PdfReport:
    """PDFs into `<site_dir>/pdf/<id>.pdf`. Defaults: cache in `<root>/build/pdf-cache/`, as
    many worker processes as CPUs, `today()` in the footers of what is rendered,
    progress bar only when stdout is a terminal."""
    started = time.perf_counter()
    cache_dir = cache_dir or inputs.repo.root / "build" / "pdf-cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    day = (render_date or today()).isoformat()
    jobs_all = _all_jobs(inputs, cache_dir, day)
    todo = [job for job in jobs_all if not job.target.is_file()]
    bar = Progress(len(todo), enabled=progress)
    try:
        results = render_all(todo, jobs or default_jobs(), lambda r: bar.advance(r.id))
    finally:
        bar.close()
    out = site_dir / "pdf"
    _publish(jobs_all, out)
    cache.prune(cache_dir, (job.target.stem for job in jobs_all))
    rendered = {job.id for job in todo}
    return PdfReport(
        out_dir=out,
        total=len(jobs_all),
        rendered=tuple(sorted(rendered)),
        cached=tuple(sorted(job.id for job in jobs_all if job.id not in rendered)),
        harfbuzz_subset=harfbuzz_subset_available(),
        seconds=time.perf_counter() - started,
        refused={r.id: r.refused for r in results if r.refused},
    )


def cached_pdfs(inputs: Inputs, cache_dir: Path | None = None) -> list[Job]:
    """The documents whose current PDF the cache holds (`mlgov build --no-pdf` publishes these
    and links to these alone; the others would be broken links)."""
    cache_dir = cache_dir or inputs.repo.root / "build" / "pdf-cache"
    if not cache_dir.is_dir():
        return []
    jobs = _all_jobs(inputs, cache_dir, today().isoformat())
    return [job for job in jobs if job.target.is_file()]


def publish_cached(jobs: list[Job], site_dir: Path) -> None:
    """After mkdocs (which empties the site folder): the cached PDFs into `<site>/pdf/`."""
    _publish(jobs, site_dir / "pdf")


def _all_jobs(inputs: Inputs, cache_dir: Path, day: str) -> list[Job]:
    """One job per card and the summary, each targeting its cache entry."""
    cards = _cards(inputs)
    revisions = _revisions(inputs, cards)
    jobs = []
    for card in cards:
        revision, extras = revisions[card.origin.doc.path], card_extras(inputs, card)
        target = cache.entry(cache_dir, cache.card_key(card, revision, extras))
        jobs.append(Job(card.id, target, day, card=card, revision=revision, extras=extras))
    summary = summary_document(inputs, cards)
    target = cache.entry(cache_dir, cache.html_key(summary.html))
    return [*jobs, Job(summary.id, target, day, html=summary.html)]


def today() -> date:
    """UTC today, or SOURCE_DATE_EPOCH's day when set (reproducible-builds.org), so a build
    that must give the same bytes twice can pin the date in the footer."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.date()


def _publish(jobs: list[Job], out: Path) -> None:
    """Copies rather than links: the site folder is uploaded or zipped as it is, and a later
    prune of the cache must not change it."""
    if out.exists():
        shutil.rmtree(out)  # the folder belongs to this step: stale PDFs of deleted cards go
    out.mkdir(parents=True)
    for job in jobs:
        shutil.copyfile(job.target, out / f"{job.id}.pdf")

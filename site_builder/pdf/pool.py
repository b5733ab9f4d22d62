"""Rendering many documents: a process pool, one FontConfiguration per worker (made by the
initializer), or in this process when one job (or one document) would not pay for a pool.
A card's print HTML is made in the worker too, so that work runs in parallel as well."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from governance.cards.model import Card
from governance.findings import MlgovError
from site_builder.pdf.documents import CardExtras, card_document, fill_dates
from site_builder.pdf.render import Rendered, init_worker, render_to
from site_builder.pdf.revision import Revision


@dataclass(frozen=True)
class Job:
    """A card (made into HTML by the worker) or ready HTML (the summary), and where its PDF
    goes. `day` replaces the date placeholder."""

    id: str
    target: Path
    day: str
    html: str | None = None
    card: Card | None = None
    revision: Revision | None = None
    extras: CardExtras | None = None

    def document_html(self) -> str:
        if self.html is not None:
            html = self.html
        else:
            assert self.card is not None and self.revision is not None and self.extras
            html = card_document(self.card, self.revision, self.extras).html
        return fill_dates(html, self.day)


def render_job(job: Job) -> Rendered:
    return render_to(job.id, job.document_html(), job.target)


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def render_all(
    jobs: Sequence[Job], workers: int, on_done: Callable[[Rendered], None]
) -> list[Rendered]:
    results = []
    for rendered in _run(jobs, workers):
        on_done(rendered)
        results.append(rendered)
    return results


def _run(jobs: Sequence[Job], workers: int) -> Iterator[Rendered]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:  # the process's FontConfiguration is made on first use, then kept
            yield _guarded(job, functools.partial(render_job, job))
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=init_worker) as pool:
        futures = {pool.submit(render_job, job): job for job in jobs}
        for future in as_completed(futures):
            yield _guarded(futures[future], future.result)


def _guarded(job: Job, result: Callable[[], Rendered]) -> Rendered:
    try:
        return result()
    except Exception as error:  # a bad document names its card rather than a traceback
        raise MlgovError(f"the PDF of '{job.id}' was not rendered: {error}") from error

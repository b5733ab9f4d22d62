"""A large site's pages, rendered in full by a forked worker while mkdocs builds.

mkdocs needs only the Markdown of a page: its headings and text, with a placeholder for each
held block (site_builder/fragments.py). The held blocks, the tables, charts and lineage that
make most of the rendering time (the dashboard's table, each model page's), are wanted only
after mkdocs, when they are put into the built pages. So on a site of many cards this process
writes skeleton pages, whose held blocks it does not render, and runs mkdocs at once, while a
worker forked from it renders the pages in full. mkdocs uses one core; the worker the other.
Once mkdocs is done, the worker puts its blocks into the built pages itself: sending them
here first would cost their size twice over in this process's memory (150 MB at 10,000 cards).

The worker's pages must read exactly as the skeletons (the same template, data and
placeholders): their digests are compared first, and a difference is a bug, never a page
published without its blocks. Where the worker cannot be used (no fork, one core, threads
running, a small site), or it fails before the blocks are put in, this process renders the
pages in full itself, as it always did. A worker that dies while putting them in fails the
build: the site is built aside (governance/outputs), so nothing half-filled is published.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from governance.findings import MlgovError
from site_builder.data import SiteData
from site_builder.fragments import inject
from site_builder.pages import Rendered, render_pages
from site_builder.pdf.pool import default_jobs

# From this many cards on: below, the worker's start-up costs more than rendering the blocks
# here (and on such a site most blocks stay in the Markdown for search).
WORKER_FROM = 200


def worth_a_worker(data: SiteData) -> bool:
    """Fork only where it is safe and pays: a fork of a process running threads can inherit
    a lock held by one of them, and a spawned worker would re-import everything."""
    return (
        len(data.models) >= WORKER_FROM
        and "fork" in multiprocessing.get_all_start_methods()
        and default_jobs() > 1
        and threading.active_count() == 1
    )


@dataclass(frozen=True)
class Blocks:
    skeleton: bool  # a worker renders the pages in full: this process writes skeletons
    # (this process's pages, the built site, mkdocs' directory_urls): the blocks put in
    inject: Callable[[Rendered, Path, bool], None]


@contextmanager
def held_blocks(data: SiteData) -> Iterator[Blocks]:
    """Starts the worker where worth_a_worker; it is stopped when the block is left,
    whatever happens in it."""
    if not worth_a_worker(data):
        yield Blocks(False, _inject_own)
        return
    context = multiprocessing.get_context("fork")
    here, there = context.Pipe()
    worker = context.Process(target=_work, args=(data, there), name="mlgov-pages")
    worker.start()  # forked: the data is the worker's already, nothing is pickled on the way in
    there.close()
    try:
        yield Blocks(
            True, lambda rendered, site, urls: _inject_by(here, rendered, data, site, urls)
        )
    finally:
        here.close()
        if worker.is_alive():
            worker.kill()
        worker.join()


def _inject_own(rendered: Rendered, site: Path, directory_urls: bool) -> None:
    if rendered.skeleton:
        raise RuntimeError("skeleton pages were written, but no worker renders them")
    inject(site, rendered.held, directory_urls)


def _work(data: SiteData, parent: Connection) -> None:
    """In the worker: the pages in full, then, when asked, their blocks put into the built
    site. What goes wrong is said to the parent, which renders the pages itself when the
    rendering failed, and raises the error otherwise."""
    # Ctrl-C reaches the whole process group: the parent handles it (and stops this worker);
    # here it would only print a second traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        full = render_pages(data)
    except Exception:
        _say(parent, "failed")  # the parent renders them, and reports the failure as its own
        return
    _say(parent, "ready")
    try:
        site, directory_urls, digests = parent.recv()
    except (EOFError, OSError):  # the parent is failing or interrupted
        return
    try:
        _fill(full, digests, site, directory_urls)
    except RuntimeError as error:
        _say(parent, ("differ", str(error)))
        return
    except MlgovError as error:
        _say(parent, ("error", str(error)))
        return
    _say(parent, "done")


def _say(parent: Connection, message: object) -> None:
    with suppress(OSError):  # the parent stopped listening: it is failing or interrupted
        parent.send(message)


def _inject_by(
    worker: Connection, rendered: Rendered, data: SiteData, site: Path, directory_urls: bool
) -> None:
    digests = _digests(rendered.pages)
    if _heard(worker) != "ready":  # it failed, or died (killed, out of memory): render here
        _fill(render_pages(data), digests, site, directory_urls)
        return
    worker.send((site, directory_urls, digests))
    answer = _heard(worker)
    if isinstance(answer, tuple) and answer[0] == "differ":
        raise RuntimeError(answer[1])
    if isinstance(answer, tuple) and answer[0] == "error":
        raise MlgovError(answer[1])
    if answer != "done":
        raise MlgovError("the page worker stopped while putting the blocks into the site")


def _fill(full: Rendered, skeletons: dict[str, bytes], site: Path, directory_urls: bool) -> None:
    """`full`'s blocks into the built site, once its pages are shown to read as the skeletons
    mkdocs built (their digests): RuntimeError when one does not, a bug."""
    differ = _differing(skeletons, _digests(full.pages))
    if differ:
        raise RuntimeError(f"the skeleton of {differ} does not read as its full page")
    inject(site, full.held, directory_urls)


def _heard(worker: Connection) -> Any:
    try:
        return worker.recv()
    except (EOFError, OSError):
        return None


def _digests(pages: dict[str, str]) -> dict[str, bytes]:
    return {
        p: hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        for p, text in pages.items()
    }


def _differing(mine: dict[str, bytes], theirs: dict[str, bytes]) -> str:
    """The first page whose text differs, or that one side lacks; "" when they agree."""
    return next(
        (p for p in sorted(mine.keys() | theirs.keys()) if mine.get(p) != theirs.get(p)), ""
    )

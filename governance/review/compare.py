"""The review: both sides loaded (the base in a worker process where the platform forks, while
this process loads the head), then compared. One document cache, the invoking repository's,
serves both sides: they are keyed by paths relative to the governance root, so what the two
refs share is loaded once, in an earlier run."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from governance.cache import CacheDelta, DocumentCache, open_cache
from governance.cache.store import Origin
from governance.cards.gitlog import GitSource
from governance.review.cards import CardChange, card_changes
from governance.review.findings import FindingsDiff, compare_sides
from governance.review.gitrefs import Ref, exported, resolve
from governance.review.personas import PersonaChange, persona_changes
from governance.review.profiles import ProfileChange, profile_changes
from governance.review.side import Side, load_side
from governance.source.files import read_regular

WORKING_TREE = "working tree"
A = TypeVar("A")
T = TypeVar("T")


@dataclass(frozen=True)
class Review:
    base: str
    head: str
    personas: tuple[PersonaChange, ...]
    cards: tuple[CardChange, ...]
    findings: FindingsDiff
    profiles: tuple[ProfileChange, ...] = ()  # Studio user profiles added, removed, moved
    notes: tuple[str, ...] = ()  # how the sides were checked, when a person should know


@dataclass(frozen=True)
class SideJob:
    """What the base side's worker needs: plain data, sent to it."""

    ref: Ref
    cache_root: Path  # whose cache to use
    no_cache: bool


def review(root: Path, base: str, head: str | None = None, no_cache: bool = False) -> Review:
    """Compare git ref `base` with ref `head` (default: the working tree at `root`)."""
    root = root.resolve()
    base_ref = resolve(root, base)  # both refs checked before any loading: bad ones fail fast
    head_ref = resolve(root, head) if head is not None else None
    pending = start(cached_ref_side, SideJob(base_ref, root, no_cache))
    cache = open_cache(root, no_cache)
    base_source = base_ref.source
    if head_ref is not None:
        head_side = ref_side(head_ref, cache, base_source)
    else:
        head_side = load_side(root, WORKING_TREE, cache, base=base_source)
    if cache is not None:
        cache.encode_pending()  # while the worker may still be busy
    base_side, delta = pending.result()
    if cache is not None:
        if delta is not None:
            cache.merge(delta)
        cache.save()
    return compare(base_side, head_side)


def compare(base: Side, head: Side) -> Review:
    return Review(
        base.label,
        head.label,
        tuple(persona_changes(base, head)),
        tuple(card_changes(base, head)),
        compare_sides(base.findings, head.findings, lambda file: head.checked(file, base)),
        tuple(profile_changes(base, head)),
        head.notes,
    )


def ref_side(ref: Ref, cache: DocumentCache | None = None, base: GitSource | None = None) -> Side:
    with exported(ref) as folder:
        side = load_side(folder, ref.label, cache, ref.source, base)
    return side


def cached_ref_side(job: SideJob) -> tuple[Side, CacheDelta | None]:
    """A side loaded through its own copy of the cache, and what it did with it: a worker's
    cache dies with it, so the parent merges and writes. Files the parent loads too (the
    built-in catalog; most files are the same in the working tree) are left to it."""
    cache = open_cache(job.cache_root, job.no_cache)
    side = ref_side(job.ref, cache)
    if cache is None:
        return side, None
    return side, cache.delta(lambda origin: _loaded_by_parent(job.cache_root, origin))


def _loaded_by_parent(root: Path, origin: Origin) -> bool:
    """A guess: right for a review against the working tree or a clean checkout's HEAD, and
    a wrong guess costs one file's loading next time, never a wrong result."""
    display, kind, raw = origin
    if kind == "builtin":
        return True
    try:
        return read_regular(root / display) == raw
    except (OSError, ValueError):
        return False


def start(work: Callable[[A], T], job: A) -> Future[T]:
    """`work(job)` in a forked worker, or here and now where that is not worth it: a
    spawned worker re-imports everything, and one core gains nothing. Each side is a full
    load, compile and lint, so two cores nearly halve the wall time; still so with a warm
    document cache, where lint dominates (2.3 s against 3.5 s one after the other, on the
    synthetic thousand-card repository of benchmarks/review_bench.py)."""
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _done(work, job)
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(work, job)
    pool.shutdown(wait=False)  # the submitted work still runs; the worker exits after it
    return future


def _done(work: Callable[[A], T], job: A) -> Future[T]:
    future: Future[T] = Future()
    try:
        future.set_result(work(job))
    except Exception as error:  # raised again by .result(), as a worker's would be
        future.set_exception(error)
    return future

"""The review: both sides loaded (the base in a worker process where the platform forks, while
this process loads the head), then compared."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from governance.review.cards import CardChange, card_changes
from governance.review.findings import FindingsDiff, compare_sides
from governance.review.gitrefs import Ref, exported, resolve
from governance.review.personas import PersonaChange, persona_changes
from governance.review.side import Side, load_side

WORKING_TREE = "working tree"
T = TypeVar("T")


@dataclass(frozen=True)
class Review:
    base: str
    head: str
    personas: tuple[PersonaChange, ...]
    cards: tuple[CardChange, ...]
    findings: FindingsDiff


def review(root: Path, base: str, head: str | None = None) -> Review:
    """Compare git ref `base` with ref `head` (default: the working tree at `root`)."""
    root = root.resolve()
    base_ref = resolve(root, base)  # both refs checked before any loading: bad ones fail fast
    head_ref = resolve(root, head) if head is not None else None
    pending = start(ref_side, base_ref)
    head_side = ref_side(head_ref) if head_ref else load_side(root, WORKING_TREE)
    return compare(pending.result(), head_side)


def compare(base: Side, head: Side) -> Review:
    return Review(
        base.label,
        head.label,
        tuple(persona_changes(base, head)),
        tuple(card_changes(base, head)),
        compare_sides(base.findings, head.findings, lambda file: head.checked(file, base)),
    )


def ref_side(ref: Ref) -> Side:
    with exported(ref) as folder:
        side = load_side(folder, ref.label)
    return side


def start(work: Callable[[Ref], T], ref: Ref) -> Future[T]:
    """`work(ref)` in a forked worker, or here and now where that is not worth it: a
    spawned worker re-imports everything, and one core gains nothing. Each side is a full
    load, compile and lint, so two cores nearly halve the wall time."""
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _done(work, ref)
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(work, ref)
    pool.shutdown(wait=False)  # the submitted work still runs; the worker exits after it
    return future


def _done(work: Callable[[Ref], T], ref: Ref) -> Future[T]:
    future: Future[T] = Future()
    try:
        future.set_result(work(ref))
    except Exception as error:  # raised again by .result(), as a worker's would be
        future.set_exception(error)
    return future

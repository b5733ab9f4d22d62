"""Fewer cyclic garbage collections while the build makes its data and pages.

Loading a repository and rendering its pages make millions of objects that live until the
build ends, and almost no reference cycles. With CPython's default threshold (a collection
every 700 new objects) the collector keeps walking what is already loaded: at 10,000 cards
that was about a fifth of the time of loading and rendering (benchmarks/site_bench.py). mypy
runs its build with the same setting, for the same reason. mkdocs' own run keeps the default:
its objects die young, and measured with the larger threshold it was no faster.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLD = (200_000, 30, 30)


@contextmanager
def few_collections() -> Iterator[None]:
    """The threshold raised inside the block, as it was after it; a process forked inside
    keeps the raised one for its life."""
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)

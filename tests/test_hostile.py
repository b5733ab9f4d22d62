"""Hostile repositories and command lines (tests/hostile_cases.py), each run as `python -m
mlgov` in a fresh copy of the example repository: the exit code, a message naming the file or
folder, no traceback, no raw control characters and only valid UTF-8 in the output, nothing
written outside the repository, the repository unchanged, an answer in bounded time.
benchmarks/hostile_bench.py runs the same cases and times them."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.hostile_cases import CASES, Case, Outcome, check_case, make_template

Checked = dict[str, tuple[Outcome, list[str]]]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    """Every case, run a few at a time (each is a subprocess waiting on its own files)."""
    base = tmp_path_factory.mktemp("hostile")
    template = make_template(base / "template")

    def one(item: tuple[int, Case]) -> tuple[Outcome, list[str]]:
        index, case = item
        return check_case(case, template, base / f"case-{index}", base / f"cache-{index}")

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        results = list(pool.map(one, enumerate(CASES)))
    return {case.name: result for case, result in zip(CASES, results, strict=True)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case_is_rejected_cleanly(case: Case, checked: Checked) -> None:
    outcome, problems = checked[case.name]
    assert problems == [], outcome.text

"""Whole-process `mlgov compile` on synthetic repositories of 30 / 300 / 3,000 personas.

Prints medians of 5 runs, peak memory, and ratios: against the baseline (the same command on a
repository with no persona, i.e. start-up cost) and per persona against the smallest size, so
linear growth shows as a per-persona ratio near 1. Target: 300 personas under 1.5 s.

    python benchmarks/compile_bench.py [--runs 5] [--sizes 30 300 3000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# As users run it: with bytecode caching, even where the shell disables it for development.
RUN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import make_repo  # noqa: E402


def run_once(repo: Path, out: Path) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one `mlgov compile` process."""
    command = [sys.executable, "-m", "mlgov", "-C", str(repo), "compile", "--out", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=RUN_ENV
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"compile failed on {repo}: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss


def measure(repo: Path, runs: int, fresh: bool) -> tuple[float, int]:
    """Median time and peak memory: into a new folder each run (`fresh`), or again into the
    same, already current folder (the usual case: compiled/ is committed)."""
    times, peaks = [], []
    with tempfile.TemporaryDirectory(dir=repo) as scratch:
        if not fresh:
            run_once(repo, Path(scratch) / "out")
        for index in range(runs):
            elapsed, peak = run_once(repo, Path(scratch) / ("out" if not fresh else f"out{index}"))
            times.append(elapsed)
            peaks.append(peak)
    return statistics.median(times), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300, 3000])
    parser.add_argument(
        "--scratch",
        type=Path,
        default=Path("build/bench"),
        help="where the synthetic repositories go (default: build/bench)",
    )
    args = parser.parse_args()
    args.scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.scratch) as scratch:
        rows = [measure_size(Path(scratch), 0, args.runs)]
        rows += [measure_size(Path(scratch), size, args.runs) for size in args.sizes]
    print_table(rows, args.runs)


Row = tuple[int, float, float, int]


def measure_size(scratch: Path, size: int, runs: int) -> Row:
    repo = make_repo(scratch / f"repo{size}", size)
    fresh, peak_fresh = measure(repo, runs, fresh=True)
    again, peak_again = measure(repo, runs, fresh=False)
    return size, fresh, again, max(peak_fresh, peak_again)


def print_table(rows: list[Row], runs: int) -> None:
    """`growth` compares each size with the one before it: the extra time over the baseline
    divided by the extra personas' share; 1.00 means linear."""
    print(f"mlgov compile, whole process, median of {runs} runs; Python {sys.version.split()[0]}")
    print("fresh: into an empty folder; current: compiled/ already up to date (the CI case)")
    head = ("personas", "fresh s", "current s", "peak MiB", "x baseline", "ms/persona", "growth")
    print("{:>9} {:>8} {:>10} {:>9} {:>11} {:>11} {:>7}".format(*head))
    base = rows[0][2]
    previous: tuple[int, float] | None = None
    for size, fresh, again, peak in rows:
        per = f"{(again - base) / size * 1000:.2f}" if size else "baseline"
        growth = ""
        if previous and previous[1] > base:
            growth = f"{(again - base) / (previous[1] - base) / (size / previous[0]):.2f}"
        previous = (size, again) if size else None
        print(
            f"{size:>9,} {fresh:8.3f} {again:10.3f} {peak / 1024:9.1f} {again / base:11.2f} "
            f"{per:>11} {growth:>7}"
        )


if __name__ == "__main__":
    main()

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

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import make_repo


def run_once(repo: Path, out: Path) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one `mlgov compile` process."""
    command = [sys.executable, "-m", "governance", "-C", str(repo), "compile", "--out", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"compile failed on {repo}: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss


def measure(repo: Path, runs: int) -> tuple[float, int]:
    times, peaks = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(runs):
            elapsed, peak = run_once(repo, Path(scratch) / f"out{index}")
            times.append(elapsed)
            peaks.append(peak)
    return statistics.median(times), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300, 3000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base_time, base_peak = measure(make_repo(Path(scratch) / "empty", 0), args.runs)
        rows = [("baseline (compute role only)", base_time, base_peak, 1.0, None)]
        first_per = None
        for size in args.sizes:
            repo = make_repo(Path(scratch) / f"repo{size}", size)
            median, peak = measure(repo, args.runs)
            per = (median - base_time) / size
            first_per = first_per or per
            rows.append((f"{size:,} personas", median, peak, median / base_time, per / first_per))
    print(
        f"mlgov compile, whole process, median of {args.runs} runs; Python {sys.version.split()[0]}"
    )
    header = ("repository", "median s", "peak MiB", "x baseline", "per-persona x")
    print(f"{header[0]:30} {header[1]:>9} {header[2]:>9} {header[3]:>11} {header[4]:>14}")
    for name, median, peak, ratio, growth in rows:
        growth_text = "" if growth is None else f"{growth:.2f}"
        print(f"{name:30} {median:9.3f} {peak / 1024:9.1f} {ratio:11.2f} {growth_text:>14}")


if __name__ == "__main__":
    main()

"""PDF rendering on synthetic repositories of 100 (and, with --large, 1,000) model cards.

For each size: one PDF per card plus the governance summary, from a cold cache, with 1 and
with 2 worker processes (median of --runs, each run in a fresh process; peak RSS of that
process and its workers); then one card is edited and the build is run again, which must
render exactly one PDF. Targets (issue 6): >= 1.7x faster with 2 processes than with 1;
exactly one re-render after one edit. Don't edit the print templates, charts or views while
it runs: that (rightly) re-renders every PDF.

    python benchmarks/pdf_bench.py [--runs 3] [--large] [--sizes 100 ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_repo  # noqa: E402

RUN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def phase(root: Path, jobs: int) -> dict[str, object]:
    """One PDF build in this process (run as a child of the benchmark)."""
    sys.path.insert(0, str(HERE.parent))
    from site_builder.data import load_inputs
    from site_builder.pdf import build_pdfs

    inputs = load_inputs(root)
    start = time.perf_counter()
    report = build_pdfs(inputs, root / "site", jobs=jobs, progress=False)
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, workers = me.ru_maxrss, kids.ru_maxrss
    return {
        "seconds": time.perf_counter() - start,
        # CPU seconds of the whole phase (loading included): steadier than wall time on a
        # machine shared with other work
        "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        "rendered": list(report.rendered),
        "cached": len(report.cached),
        "main_mb": own / 1024,
        "worker_mb": workers / 1024,  # the largest worker (0 when rendered in-process)
        "harfbuzz_subset": report.harfbuzz_subset,
    }


def run_phase(root: Path, jobs: int) -> dict[str, object]:
    command = [sys.executable, __file__, "--phase", "--root", str(root), "--jobs", str(jobs)]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=RUN_ENV)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def cold(root: Path, jobs: int) -> dict[str, object]:
    shutil.rmtree(root / "build" / "pdf-cache", ignore_errors=True)
    return run_phase(root, jobs)


def measure(size: int, base: Path, runs: int) -> dict[str, object]:
    repo = make_repo(base / f"repo-{size}", personas=5, cards=size)
    results = {jobs: [cold(repo, jobs) for _ in range(runs)] for jobs in (1, 2)}
    card = repo / "cards" / "card-00001.yaml"
    card.write_text(card.read_text().replace("value: [1, 2, 3]", "value: [1, 2, 4]"))
    edited = run_phase(repo, 2)
    one, two = (statistics.median(float(r["seconds"]) for r in results[j]) for j in (1, 2))
    return {
        "cards": size,
        "pdfs": len(results[1][0]["rendered"]),  # type: ignore[arg-type]
        "one_s": one,
        "two_s": two,
        "speedup": one / two,
        "cpu_one_s": statistics.median(float(r["cpu_s"]) for r in results[1]),
        "peak_one_mb": max(float(r["main_mb"]) for r in results[1]),
        "peak_main_mb": max(float(r["main_mb"]) for r in results[2]),
        "peak_worker_mb": max(float(r["worker_mb"]) for r in results[2]),
        "rerendered": edited["rendered"],
        "harfbuzz_subset": results[1][0]["harfbuzz_subset"],
    }


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| cards | PDFs | 1 process (CPU s) | 2 processes | speed-up | peak RSS, 1 process "
        "| peak RSS, 2 processes (main + each worker) | re-rendered after 1 edit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['cards']:,} | {r['pdfs']} | {r['one_s']:.2f} s ({r['cpu_one_s']:.1f}) "
            f"| {r['two_s']:.2f} s "
            f"| {r['speedup']:.2f}x | {r['peak_one_mb']:.0f} MB "
            f"| {r['peak_main_mb']:.0f} + 2 x {r['peak_worker_mb']:.0f} MB "
            f"| {_ids(r['rerendered'])} |"  # type: ignore[arg-type]
        )
    return "\n".join(lines)


def _ids(ids: list[str]) -> str:
    return f"{len(ids)} ({', '.join(ids)})" if len(ids) <= 3 else f"{len(ids)} (all or most)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--large", action="store_true", help="also 1,000 cards")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.root, args.jobs)))
        return
    sizes = [*args.sizes, *([1000] if args.large and 1000 not in args.sizes else [])]
    with tempfile.TemporaryDirectory() as scratch:
        rows = [measure(n, Path(scratch), args.runs) for n in sizes]
    if not rows[0]["harfbuzz_subset"]:
        print("note: no harfbuzz-subset: WeasyPrint subsets fonts with fontTools (slower)")
    print(table(rows))
    print("targets: speed-up >= 1.7x; exactly 1 PDF re-rendered after one edit")


if __name__ == "__main__":
    main()

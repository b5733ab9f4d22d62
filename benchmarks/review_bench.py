"""Whole-process `mlgov review` on the synthetic 1,000-card / 100-persona repository with 10
changed files (5 personas, 5 cards), committed into a temporary git repository, against
`mlgov lint` of the same repository in the same run (the ratio is what carries across
machines). Target: `mlgov review` under 3 s.

    python benchmarks/review_bench.py [--runs 5] [--scratch build/bench]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# As users run it: with bytecode caching, even where the shell disables it for development.
RUN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
GIT_ENV = {
    **RUN_ENV,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
TARGET_S = 3.0

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import ACTIVITIES, make_repo  # noqa: E402


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], env=GIT_ENV, check=True, capture_output=True)


def change_ten_files(root: Path) -> list[Path]:
    """Five personas gain an activity; five cards change owner, risk rating and a threshold."""
    changed = []
    for n in range(5):
        persona = root / "personas" / f"persona-{n:05d}.yaml"
        text = persona.read_text("utf-8")
        new = next(a for a in ACTIVITIES if f"  - {a}\n" not in text and a != "s3-bucket-access")
        persona.write_text(text.replace("activities:\n", f"activities:\n  - {new}\n", 1), "utf-8")
        changed.append(persona)
    for n in range(5):
        card = root / "cards" / f"card-{n:05d}.yaml"
        text = card.read_text("utf-8").replace("risk_rating: High", "risk_rating: Medium")
        text = text.replace("threshold: {min: 0.75}", "threshold: {min: 0.9}")
        card.write_text(text.replace(f"Owner {n}", f"New owner {n}"), "utf-8")
        changed.append(card)
    return changed


def make_git_repo(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    root = make_repo(folder, 100, cards=1000)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", "base")
    git(root, "tag", "base")
    change_ten_files(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", "ten files changed")
    return root


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=RUN_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed")
    return time.perf_counter() - start, usage.ru_maxrss


def median_of(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    timed(command, cwd)  # warm-up: bytecode caches, file system caches
    results = [timed(command, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scratch", type=Path, default=Path("build/bench"))
    args = parser.parse_args()
    repo = make_git_repo(args.scratch.resolve() / "review")
    mlgov = [sys.executable, "-m", "governance"]
    rows = [
        ("mlgov lint (baseline)", median_of([*mlgov, "lint"], repo, args.runs)),
        ("mlgov review base HEAD", median_of([*mlgov, "review", "base", "HEAD"], repo, args.runs)),
        (
            "mlgov review base (working tree)",
            median_of([*mlgov, "review", "base"], repo, args.runs),
        ),
        (
            "mlgov review base HEAD --format json",
            median_of([*mlgov, "review", "base", "HEAD", "--format", "json"], repo, args.runs),
        ),
        (
            "mlgov lint --baseline base",
            median_of([*mlgov, "lint", "--baseline", "base"], repo, args.runs),
        ),
    ]
    print_table(rows, args.runs)


def print_table(rows: list[tuple[str, tuple[float, int]]], runs: int) -> None:
    cores = os.cpu_count()
    print(f"100 personas, 1,000 cards, 10 changed files; whole process, median of {runs} runs;")
    print(f"Python {sys.version.split()[0]}, {cores} core(s); target: review under {TARGET_S} s")
    print(f"{'command':40} {'median s':>9} {'peak MiB':>9} {'x lint':>7}")
    base = rows[0][1][0]
    for name, (median, peak) in rows:
        print(f"{name:40} {median:9.3f} {peak / 1024:9.1f} {median / base:7.2f}")


if __name__ == "__main__":
    main()

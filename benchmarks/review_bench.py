"""Whole-process `mlgov review` on the synthetic 1,000-card / 100-persona repository with 10
changed files (5 personas, 5 cards), committed into a temporary git repository, against
`mlgov lint` of the same repository in the same run (the ratios are what carry across
machines). Each command is timed cold (an empty document cache, which the run then writes)
and warm (the cache the same command wrote), and the two main ones also with `--no-cache`;
the commands take turns, so that load from elsewhere on the machine falls on all alike.

Targets (on a quiet 2-core machine): `mlgov review base HEAD` under 3 s whole-process warm,
the case of CI restoring the cache with actions/cache; warm review at most 1.3x warm lint;
cold review at most 1.3x cold lint; a cold run (which writes the cache) at most 10% slower
than `--no-cache`.

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
from dataclasses import dataclass
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


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed")
    return time.perf_counter() - start, usage.ru_maxrss


@dataclass(frozen=True)
class Row:
    name: str
    cold: float  # median seconds, an empty cache before each run
    warm: float | None  # median seconds, the cache of the run before; None: no cache used
    peak: int  # KiB, the largest of all runs


@dataclass(frozen=True)
class Command:
    name: str
    argv: list[str]
    cached: bool  # False: run with MLGOV_NO_CACHE=1


def one_round(command: Command, cwd: Path, cache: Path) -> list[tuple[float, int]]:
    """Cached: a cold run from an empty cache folder, then a warm one reading what it wrote."""
    if not command.cached:
        return [timed(command.argv, cwd, {**RUN_ENV, "MLGOV_NO_CACHE": "1"})]
    env = {**RUN_ENV, "MLGOV_CACHE_DIR": str(cache)}
    shutil.rmtree(cache, ignore_errors=True)
    return [timed(command.argv, cwd, env), timed(command.argv, cwd, env)]


def measure(commands: list[Command], cwd: Path, cache: Path, runs: int) -> list[Row]:
    """Round-robin, so that whatever else the machine does falls on every command alike."""
    for command in commands:
        one_round(command, cwd, cache)  # warm-up: bytecode caches, file system caches
    results: dict[str, list[list[tuple[float, int]]]] = {c.name: [] for c in commands}
    for _ in range(runs):
        for command in commands:
            results[command.name].append(one_round(command, cwd, cache))
    rows = []
    for command in commands:
        rounds = results[command.name]
        cold = statistics.median(r[0][0] for r in rounds)
        warm = statistics.median(r[1][0] for r in rounds) if command.cached else None
        rows.append(Row(command.name, cold, warm, max(t[1] for r in rounds for t in r)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scratch", type=Path, default=Path("build/bench"))
    args = parser.parse_args()
    scratch = args.scratch.resolve()
    repo = make_git_repo(scratch / "review")
    cache = scratch / "review-cache"  # outside the repository, as the default location is
    mlgov = [sys.executable, "-m", "mlgov"]
    named = [
        ("mlgov lint", ["lint"]),
        ("mlgov review base HEAD", ["review", "base", "HEAD"]),
        ("mlgov review base (working tree)", ["review", "base"]),
        ("mlgov review base HEAD --format json", ["review", "base", "HEAD", "--format", "json"]),
        ("mlgov lint --baseline base", ["lint", "--baseline", "base"]),
    ]
    commands = [Command(name, [*mlgov, *argv], True) for name, argv in named]
    commands += [Command(f"{name} --no-cache", [*mlgov, *argv], False) for name, argv in named[:2]]
    rows = measure(commands, repo, cache, args.runs)
    shutil.rmtree(cache, ignore_errors=True)
    print_table(rows, args.runs)


def print_table(rows: list[Row], runs: int) -> None:
    cores = os.cpu_count()
    print(f"100 personas, 1,000 cards, 10 changed files; whole process, median of {runs} runs;")
    print(
        f"Python {sys.version.split()[0]}, {cores} core(s); target: review under {TARGET_S} s warm"
    )
    print("cold: an empty document cache (the run writes it); warm: the cache of the run before")
    header = f"{'command':46} {'cold s':>7} {'warm s':>7} {'cold/lint':>9} {'warm/lint':>9}"
    print(f"{header} {'peak MiB':>9}")
    lint = rows[0]
    for row in rows:
        warm = f"{row.warm:7.3f}" if row.warm is not None else f"{'-':>7}"
        warm_ratio = f"{row.warm / lint.warm:9.2f}" if row.warm and lint.warm else f"{'-':>9}"
        line = f"{row.name:46} {row.cold:7.3f} {warm} {row.cold / lint.cold:9.2f} {warm_ratio}"
        print(f"{line} {row.peak / 1024:9.1f}")


if __name__ == "__main__":
    main()

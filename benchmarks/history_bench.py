"""Card history on the synthetic 1,000-card repository with 2,000 committed versions (the cards
added, then four commits of 250 edited cards each, then one of 10), against the baseline of
one `git log` per card measured in the same run (which gives only each card's commits, not
their content). mlgov's history is one `git log` over the cards folder and one `git cat-file
--batch` for the versions not in its cache, each version parsed once.

Rows: the baseline; the history with no cache (every version parsed); with no cache but the
working tree's cards as lint has loaded them already (what a first lint in CI pays); from the
cache of the same HEAD (what a second build, or lint after build, pays); and after one new
commit with the parent's cache (what CI pays on a pull request, restoring the cache). Median
of the runs, the cases taking turns so that load from elsewhere on the machine falls on all
alike.

Target (on a quiet 2-core machine): the history from the cache, or after one new commit, under
a tenth of the baseline; cold under the baseline.

    python benchmarks/history_bench.py [--runs 3] [--scratch build/bench]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from synthetic import make_repo

from governance.cards.gitlog import GitSource, ref_source
from governance.cards.history import load_history
from governance.cards.lifecycle import Lineage
from governance.source import load_yaml_bytes

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
CARDS = 1000


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], env=GIT_ENV, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", message)
    return git(root, "rev-parse", "HEAD")


def edit(root: Path, numbers: range, round_: int) -> None:
    for n in numbers:
        card = root / "cards" / f"card-{n % CARDS:05d}.yaml"
        text = card.read_text("utf-8")
        card.write_text(text.replace(f"owner: Owner {n % CARDS}", f"owner: Owner {n} r{round_}"))


def make_history(folder: Path) -> tuple[Path, str, str]:
    """The repository, the parent commit and HEAD (one commit of 10 cards apart)."""
    shutil.rmtree(folder, ignore_errors=True)
    root = make_repo(folder, 0, cards=CARDS)
    git(root, "init", "-q", "-b", "main")
    commit(root, "cards")
    for round_ in range(4):
        edit(root, range(round_ * 250, round_ * 250 + 250), round_)
        commit(root, f"250 cards edited ({round_})")
    parent = git(root, "rev-parse", "HEAD")
    edit(root, range(10), 9)
    return root, parent, commit(root, "10 cards edited")


def per_card_logs(root: Path) -> int:
    """The baseline: each card's commits, one `git log` per card."""
    seen = 0
    for card in sorted((root / "cards").glob("*.yaml")):
        out = git(root, "log", "--format=%H%x02%aI%x02%aN", "--", f"cards/{card.name}")
        seen += len(out.splitlines())
    return seen


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scratch", type=Path, default=Path("build/bench"))
    args = parser.parse_args()
    scratch = args.scratch.resolve()
    root, parent, head = make_history(scratch / "history")
    cache = scratch / "history-cache"
    os.environ["MLGOV_CACHE_DIR"] = str(cache)
    os.environ.pop("MLGOV_NO_CACHE", None)
    at_head = ref_source(root, head, "", "HEAD")
    at_parent = ref_source(root, parent, "", "HEAD~1")

    def fresh_cache(source: GitSource | None) -> None:
        shutil.rmtree(cache, ignore_errors=True)
        if source is not None:
            load_history(source, "cards")

    def cached_head() -> object:
        return load_history(at_head, "cards")

    files = sorted((root / "cards").glob("*.yaml"))
    parsed = [(f, load_yaml_bytes(f.read_bytes(), f.name).data) for f in files]  # lint's load

    def seeded() -> object:
        return Lineage(at_head, "cards", cached=False, parsed=parsed).history

    cases: list[tuple[str, Callable[[], None], Callable[[], object]]] = [
        ("one git log per card (baseline)", lambda: None, lambda: per_card_logs(root)),
        ("history, no cache", lambda: None, lambda: load_history(at_head, "cards", cached=False)),
        ("history, no cache, the tree's cards parsed", lambda: None, seeded),
        ("history, cache of the same HEAD", lambda: fresh_cache(at_head), cached_head),
        ("history, one commit past the cache", lambda: fresh_cache(at_parent), cached_head),
    ]
    history = load_history(at_head, "cards", cached=False)
    versions = len({c.after for c in history.changes if c.after}) if history else 0
    times: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _ in range(args.runs):
        for name, prepare, work in cases:
            prepare()
            times[name].append(timed(work))
    shutil.rmtree(cache, ignore_errors=True)
    print_table(times, args.runs, len(history.changes) if history else 0, versions)


def print_table(times: dict[str, list[float]], runs: int, changes: int, versions: int) -> None:
    print(f"{CARDS:,} cards, {changes:,} committed changes ({versions:,} distinct versions);")
    print(f"median of {runs} runs; Python {sys.version.split()[0]}, {os.cpu_count()} core(s)")
    baseline = statistics.median(next(iter(times.values())))
    print(f"{'case':44} {'seconds':>8} {'x baseline':>11}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:44} {median:8.3f} {median / baseline:11.3f}")


if __name__ == "__main__":
    main()

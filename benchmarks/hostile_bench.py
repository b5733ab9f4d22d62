"""Every hostile case of tests/hostile_cases.py, run once, timed and measured.

Each case plants one hostile thing (an output folder that is the repository, a FIFO among the
cards, a link to /etc/passwd, an escape sequence in a key, ...) in a fresh git copy of the
example repository and runs `python -m mlgov` on it as a subprocess. The table says whether it
was rejected cleanly (the expected exit code, a message naming the file, no traceback, no raw
control character and only UTF-8 in the output, nothing written outside the repository, the
repository unchanged, an answer within the time limit), its wall time and the peak resident
memory of the run (wait4's rusage: the process and the children it waited for).

The baseline, measured in the same run: the same commands on the clean example repository.
With `--against DIR` (another mlgov source tree, such as `git archive main | tar -x -C DIR`)
every case is also run with that code, to show what it did (hangs are cut at --timeout).

    python benchmarks/hostile_bench.py [--only TEXT] [--against DIR [--timeout S]]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.hostile_cases import (  # noqa: E402
    CASES,
    Case,
    Outcome,
    case_env,
    check_case,
    make_template,
    make_work,
    run,
)

BASELINE = (("lint", ["lint"]), ("compile", ["compile"]), ("build", ["build", "--no-pdf"]))


def baseline(template: Path, base: Path) -> dict[str, Outcome]:
    """Each command once on the clean example repository (after one warm-up lint, so the
    document cache is as warm as in the cases)."""
    repo = make_work(template, base / "clean")
    env = case_env(base / "cache")
    run([sys.executable, "-m", "mlgov", "-C", str(repo), "lint"], repo, env)
    return {
        name: run([sys.executable, "-m", "mlgov", "-C", str(repo), *args], repo, env)
        for name, args in BASELINE
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the cases whose name contains this text")
    parser.add_argument("--against", type=Path, help="also run each case with this mlgov code")
    parser.add_argument("--timeout", type=float, default=10.0, help="for --against (seconds)")
    options = parser.parse_args()
    cases = [c for c in CASES if not options.only or options.only in c.name]
    with tempfile.TemporaryDirectory(prefix="mlgov-hostile-") as temp:
        base = Path(temp)
        template = make_template(base / "template")
        clean = baseline(template, base)
        results = [
            (case, *check_case(case, template, base / f"case-{i}", base / "cache"))
            for i, case in enumerate(cases)
        ]
        if options.against:
            _print_against(options, template, base, cases)
    _print(clean, results)
    return 0 if all(not problems for _, _, problems in results) else 1


def _print_against(options: argparse.Namespace, template: Path, base: Path, cases: list) -> None:
    code, timeout = options.against.resolve(), options.timeout
    print(f"the same cases with the code in {code} (cut at {timeout:g} s)")
    print(f"| {'case':40} | exit | clean | {'time s':>6} | what went wrong |")
    print(f"|{'-' * 42}|------|-------|{'-' * 8}|-----------------|")
    rejected = 0
    for i, case in enumerate(cases):
        work, cache = base / f"against-{i}", base / "cache-against"
        outcome, problems = check_case(case, template, work, cache, code, timeout)
        rejected += not problems
        what = "; ".join(problems)[:70]
        exit_code = "hang" if outcome.timed_out else str(outcome.exit)
        print(
            f"| {case.name[:40]:40} | {exit_code:>4} | {'yes' if not problems else 'NO':5} | "
            f"{outcome.seconds:6.2f} | {what} |"
        )
    print(f"{rejected} of {len(cases)} cases rejected cleanly by that code\n")


def _print(clean: dict[str, Outcome], results: list[tuple[Case, Outcome, list[str]]]) -> None:
    print("baseline (clean example repository)")
    print(f"| {'command':30} | exit | {'time s':>6} | {'peak MB':>7} |")
    print(f"|{'-' * 32}|------|{'-' * 8}|{'-' * 9}|")
    for name, outcome in clean.items():
        print(f"| {name:30} | {outcome.exit:4} | {outcome.seconds:6.2f} | {_mb(outcome):7.1f} |")
    print()
    print(f"| {'case':40} | exit | clean | {'time s':>6} | {'peak MB':>7} |")
    print(f"|{'-' * 42}|------|-------|{'-' * 8}|{'-' * 9}|")
    for case, outcome, problems in results:
        verdict = "yes" if not problems else "NO"
        print(
            f"| {case.name[:40]:40} | {outcome.exit:4} | {verdict:5} | "
            f"{outcome.seconds:6.2f} | {_mb(outcome):7.1f} |"
        )
    for case, _, problems in results:
        if problems:
            print(f"{case.name}: {'; '.join(problems)}")
    slowest = max(results, key=lambda r: r[1].seconds)
    largest = max(results, key=lambda r: r[1].peak_kb)
    rejected = sum(not problems for _, _, problems in results)
    print()
    print(f"{rejected} of {len(results)} cases rejected cleanly")
    print(f"worst time: {slowest[1].seconds:.2f} s ({slowest[0].name})")
    print(f"worst peak memory: {_mb(largest[1]):.1f} MB ({largest[0].name})")
    print(
        f"baseline: lint {clean['lint'].seconds:.2f} s / {_mb(clean['lint']):.1f} MB, "
        f"build --no-pdf {clean['build'].seconds:.2f} s / {_mb(clean['build']):.1f} MB"
    )


def _mb(outcome: Outcome) -> float:
    return outcome.peak_kb / 1024


if __name__ == "__main__":
    sys.exit(main())

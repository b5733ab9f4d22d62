"""Whole-process `mlgov lint` against parliament, in the same run, on the same policies.

Corpus: 500 IAM policies, the six sample shapes of the reference notes (a clean least-privilege
SageMaker policy; `*`/`*`; PassRole on `*`; a misspelt action; `s3:*` on `*`; privilege
escalation through IAM) in rotation with team names and account ids varied. Also one file alone,
a synthetic repository of 100 personas, and one of 1,000 model cards. parliament is installed
into its own virtual environment under the scratch folder, for this benchmark only.

    python benchmarks/lint_bench.py [--runs 5] [--no-parliament]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# As users run it: with bytecode caching, even where the shell disables it for development.
RUN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import CONFIG, make_repo  # noqa: E402


def sample(shape: int, n: int) -> dict:
    account, team = f"{100000000000 + n * 7919:012d}", f"team{n % 41}"
    role = f"arn:aws:iam::{account}:role/{team}-compute"
    statements = [
        [
            {
                "Effect": "Allow",
                "Action": ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob"],
                "Resource": f"arn:aws:sagemaker:eu-west-1:{account}:training-job/{team}-*",
            },
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": f"arn:aws:s3:::{team}-data/prefix/*",
            },
            {
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": role,
                "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
            },
        ],
        [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
        [
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
            {
                "Effect": "Allow",
                "Action": "sagemaker:CreateTrainingJob",
                "Resource": f"arn:aws:sagemaker:eu-west-1:{account}:training-job/{team}-*",
            },
        ],
        [
            {
                "Effect": "Allow",
                "Action": "sagemaker:CreateTraningJob",
                "Resource": f"arn:aws:sagemaker:eu-west-1:{account}:training-job/{team}-*",
            }
        ],
        [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
        [
            {
                "Effect": "Allow",
                "Action": ["iam:CreatePolicyVersion", "iam:AttachRolePolicy"],
                "Resource": "*",
            }
        ],
    ][shape]
    return {"Version": "2012-10-17", "Statement": statements}


def make_corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = json.dumps(sample(n % 6, n), indent=2)
        (folder / f"policy-{n:04d}.json").write_text(text, "utf-8")
    return folder


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=RUN_ENV
    )
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def median_of(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    timed(command, cwd)  # warm-up: bytecode caches, file system caches
    results = [timed(command, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def parliament_bin(scratch: Path) -> Path | None:
    venv = scratch / "parliament-venv"
    binary = venv / "bin" / "parliament"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        # parliament 1.6.4 imports pkg_resources, which setuptools 82 removed.
        install = [
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            "parliament==1.6.4",
            "setuptools<81",
        ]
        if subprocess.run(install, check=False).returncode != 0:
            return None
    return binary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scratch", type=Path, default=Path("build/bench"))
    parser.add_argument("--no-parliament", action="store_true")
    args = parser.parse_args()
    scratch = args.scratch.resolve()
    work = scratch / "lint"
    shutil.rmtree(work, ignore_errors=True)
    repo = work / "repo"
    repo.mkdir(parents=True)
    (repo / "pyproject.toml").write_text(CONFIG, "utf-8")
    corpus = make_corpus(work / "corpus", 500)
    single = corpus / "policy-0000.json"
    personas = make_repo(work / "personas100", 100)
    cards = make_repo(work / "cards1000", 0, cards=1000)
    mlgov = [sys.executable, "-m", "mlgov"]
    rows = [
        ("mlgov lint, empty repository (baseline)", median_of([*mlgov, "lint"], repo, args.runs)),
        ("mlgov lint, 1 policy file", median_of([*mlgov, "lint", str(single)], repo, args.runs)),
        ("mlgov lint, 500 policy files", median_of([*mlgov, "lint", str(corpus)], repo, args.runs)),
        (
            "mlgov lint, 100 personas (compile + lint)",
            median_of([*mlgov, "lint"], personas, args.runs),
        ),
        ("mlgov lint, 1,000 model cards", median_of([*mlgov, "lint"], cards, args.runs)),
    ]
    binary = None if args.no_parliament else parliament_bin(scratch)
    if binary is not None:
        rows.append(
            (
                "parliament --file, 1 policy (stdin)",
                median_of(["sh", "-c", f"{binary} --json < {single}"], repo, args.runs),
            )
        )
        rows.append(
            (
                "parliament --directory, 500 policies",
                median_of([str(binary), "--directory", str(corpus), "--json"], repo, args.runs),
            )
        )
    print_table(rows, args.runs)


def print_table(rows: list[tuple[str, tuple[float, int]]], runs: int) -> None:
    print(f"whole process, median of {runs} runs; Python {sys.version.split()[0]}")
    print(f"{'command':46} {'median s':>9} {'peak MiB':>9} {'x baseline':>11}")
    base = rows[0][1][0]
    for name, (median, peak) in rows:
        print(f"{name:46} {median:9.3f} {peak / 1024:9.1f} {median / base:11.2f}")
    mlgov_500 = dict(rows).get("mlgov lint, 500 policy files")
    parl_500 = dict(rows).get("parliament --directory, 500 policies")
    if mlgov_500 and parl_500:
        print(f"parliament / mlgov on 500 policies: {parl_500[0] / mlgov_500[0]:.2f}x")


if __name__ == "__main__":
    main()

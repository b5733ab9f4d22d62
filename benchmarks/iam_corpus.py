"""mlgov and parliament on the labelled IAM policy corpus, in one run: a table per category.

Corpus: tests/fixtures/iam_corpus (policy documents from peers' public test suites, and our own
probes; labels.json says, for each file, its category, whether it should give a finding, and where
it comes from). mlgov runs in-process through its lint API for standalone policy files, with the
default configuration (`mlgov lint policy.json` outside any repository). parliament runs in one
process of its own, through its API (`analyze_policy_string`, community auditors included, as
`parliament --include-community-auditors`); it is installed into its own virtual environment under
the scratch folder, as benchmarks/lint_bench.py does.

What counts:
- A file labelled "finding" in category C is caught when a rule (mlgov) or finding id
  (parliament) mapped to C below reports on it. A tool's other findings on the file do not count:
  `s3:*` on "*" with an inverted MFA test fails mlgov's gate, but not for the MFA test.
- Severities: mlgov, error and warning (info does not count); parliament, what its CLI shows by
  default (LOW and above, after its own ignore_locations filter). Mapped ids count at any of these.
- False positives of C: files that should give no C finding (every file of category "clean",
  and the files of category C labelled "clean") on which a C rule reports. The "clean" row counts
  clean-category files with any finding at those severities, except parliament's inventory of
  risky grants (PARLIAMENT_INVENTORY below), which it reports on sound policies by design.

    python benchmarks/iam_corpus.py [--no-parliament] [--misses] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "iam_corpus"

# mlgov rule ids (or id prefixes: "SCH" is every schema rule) that report each category. A rule
# added for a category belongs here; tests/test_iam_corpus.py reads this table too.
MLGOV_RULES: dict[str, tuple[str, ...]] = {
    "condition-operator": ("IAM023",),
    "condition-value": ("IAM008", "IAM024"),
    "inverted-mfa": ("IAM025",),
    # IAM026: an Allow the unsupported key makes grant nothing
    "unsupported-condition-key": ("IAM006", "IAM007", "IAM026"),
    "effective-star-resource": ("IAM004",),
    # IAM010: an ARN of no resource type the actions take; IAM027: an action no ARN suits
    "invalid-arn": ("IAM009", "IAM010", "IAM027"),
    "wildcard-only-action-on-arn": ("IAM027",),
    "bucket-object-mismatch": ("IAM010", "IAM027"),
    "privilege-escalation": ("IAM020", "IAM021"),
    "passrole-star": ("IAM005",),
    "unknown-action": ("IAM001",),
    "malformed": ("SRC", "SCH", "IAM009", "IAM016"),  # IAM009: a Resource that is not an ARN
    "redundant": ("IAM012", "IAM013", "IAM014"),
    "full-wildcard": ("IAM002", "IAM003"),
    "not-action/not-resource": ("IAM011",),
}

# parliament finding ids, mapped the same way (its ids: parliament/config.yaml and
# community_auditors/config_override.yaml). Empty: parliament has no check for the category.
PARLIAMENT_IDS: dict[str, tuple[str, ...]] = {
    "condition-operator": ("UNKNOWN_OPERATOR",),
    "condition-value": ("MISMATCHED_TYPE", "MISMATCHED_TYPE_OPERATION_TO_NULL"),
    "inverted-mfa": ("BAD_PATTERN_FOR_MFA",),
    "unsupported-condition-key": ("UNKNOWN_CONDITION_FOR_ACTION",),
    "effective-star-resource": ("RESOURCE_EFFECTIVELY_STAR", "RESOURCE_STAR"),
    "invalid-arn": ("INVALID_ARN", "RESOURCE_MISMATCH"),
    "wildcard-only-action-on-arn": ("RESOURCE_MISMATCH",),
    "bucket-object-mismatch": ("RESOURCE_MISMATCH",),
    "privilege-escalation": ("PRIVILEGE_ESCALATION", "RESOURCE_POLICY_PRIVILEGE_ESCALATION"),
    # No PassRole check: its Resource '*' findings on the PassRole statement stand in for one.
    "passrole-star": ("RESOURCE_STAR", "RESOURCE_EFFECTIVELY_STAR"),
    "unknown-action": ("UNKNOWN_ACTION", "UNKNOWN_PREFIX"),
    "malformed": (
        "MALFORMED", "MALFORMED_JSON", "INVALID_SID", "DUPLICATE_SID", "INVALID_VERSION",
        "INVALID_ARN",
    ),
    "redundant": (),
    "full-wildcard": (),
    "not-action/not-resource": ("NOTRESOURCE_WITH_ALLOW",),
}  # fmt: skip

# Community auditors' inventory of what a policy grants, by design on sound policies too (mlgov's
# counterpart, GOV001, checks personas, not policy files): not false positives on a clean file.
PARLIAMENT_INVENTORY = frozenset(
    {"PERMISSIONS_MANAGEMENT_ACTIONS", "CREDENTIALS_EXPOSURE", "SENSITIVE_ACCESS"}
)

CATEGORIES = (*MLGOV_RULES, "clean")
MLGOV_COUNTED = ("error", "warning")

# Runs in parliament's own virtual environment: file paths on stdin, {path: [[id, severity]]} out.
PARLIAMENT_DRIVER = """
import json, sys
from pathlib import Path
import parliament
from parliament import analyze_policy_string, enhance_finding, override_config
from parliament.cli import is_finding_filtered
override_config(Path(parliament.__file__).parent / "community_auditors" / "config_override.yaml")
out = {}
for path in json.load(sys.stdin):
    policy = analyze_policy_string(
        Path(path).read_text("utf-8"), path, include_community_auditors=True
    )
    found = [enhance_finding(f) for f in policy.findings]
    out[path] = [[f.issue, f.severity] for f in found if not is_finding_filtered(f, "LOW")]
json.dump(out, sys.stdout)
"""


@dataclass(frozen=True)
class Label:
    file: str
    category: str
    expected: str  # "finding" or "clean"
    what: str
    source: str

    @property
    def positive(self) -> bool:
        return self.expected == "finding"


def load_labels(corpus: Path = CORPUS) -> list[Label]:
    raw = json.loads((corpus / "labels.json").read_text("utf-8"))
    return [Label(r["file"], r["category"], r["expected"], r["what"], r["source"]) for r in raw]


def mlgov_findings(corpus: Path = CORPUS) -> dict[str, set[str]]:
    """Rule ids at error or warning severity per corpus file (relative path), one lint run."""
    from governance.config import Config
    from governance.lint.run import lint_policy_files

    result = lint_policy_files(corpus, Config(), [corpus])
    found: dict[str, set[str]] = {}
    for finding in result.findings:
        if finding.severity.value in MLGOV_COUNTED:
            found.setdefault(finding.file, set()).add(finding.rule)
    return found


def parliament_findings(python: Path, corpus: Path, files: list[str]) -> dict[str, set[str]]:
    """parliament's finding ids (LOW and above) per corpus file, in one process."""
    paths = [str(corpus / f) for f in files]
    done = subprocess.run(
        [str(python), "-c", PARLIAMENT_DRIVER],
        input=json.dumps(paths),
        capture_output=True,
        text=True,
        check=True,
    )
    raw = json.loads(done.stdout)
    return {f: {issue for issue, _ in raw.get(str(corpus / f), [])} for f in files}


def matches(ids: Iterable[str], wanted: tuple[str, ...]) -> bool:
    return any(i == w or (len(w) == 3 and i.startswith(w)) for i in ids for w in wanted)


def caught(label: Label, ids: set[str], mapping: dict[str, tuple[str, ...]]) -> bool:
    """A positive label is caught when a rule mapped to its category reports on the file."""
    return matches(ids, mapping[label.category])


def false_positive(
    category: str,
    ids: set[str],
    mapping: dict[str, tuple[str, ...]],
    inventory: frozenset[str] = frozenset(),
) -> bool:
    """Whether a file that should give no `category` finding gives one; for "clean", any."""
    if category == "clean":
        return bool(ids - inventory)
    return matches(ids, mapping[category])


@dataclass
class Row:
    category: str
    positives: int = 0
    negatives: int = 0
    mlgov: int = 0
    parliament: int = 0
    mlgov_fp: int = 0
    parliament_fp: int = 0


def confusion(
    labels: list[Label], mlgov: dict[str, set[str]], parl: dict[str, set[str]] | None
) -> list[Row]:
    rows = {c: Row(c) for c in CATEGORIES}
    clean = [lb for lb in labels if lb.category == "clean"]
    for label in labels:
        row = rows[label.category]
        if label.positive:
            row.positives += 1
            row.mlgov += caught(label, mlgov.get(label.file, set()), MLGOV_RULES)
            if parl is not None:
                row.parliament += caught(label, parl[label.file], PARLIAMENT_IDS)
    for category, row in rows.items():
        negatives = [lb for lb in labels if lb.category == category and not lb.positive]
        if category != "clean":
            negatives += clean  # a clean file must not give this category's finding either
        row.negatives = len(negatives)
        for label in negatives:
            row.mlgov_fp += false_positive(category, mlgov.get(label.file, set()), MLGOV_RULES)
            if parl is not None:
                row.parliament_fp += false_positive(
                    category, parl[label.file], PARLIAMENT_IDS, PARLIAMENT_INVENTORY
                )
    return list(rows.values())


def print_table(rows: list[Row], with_parliament: bool) -> None:
    print(
        f"{'category':28} {'labelled':>8} {'mlgov':>6} {'parl.':>6} {'negatives':>9} "
        f"{'mlgov FP':>8} {'parl. FP':>8}"
    )
    for r in rows:
        labelled = r.positives if r.category != "clean" else "-"
        mlgov = r.mlgov if r.category != "clean" else "-"
        parl = (r.parliament if with_parliament else "n/a") if r.category != "clean" else "-"
        parl_fp = r.parliament_fp if with_parliament else "n/a"
        print(
            f"{r.category:28} {labelled:>8} {mlgov:>6} {parl:>6} {r.negatives:>9} "
            f"{r.mlgov_fp:>8} {parl_fp:>8}"
        )
    positives = sum(r.positives for r in rows)
    print(f"overall recall: mlgov {sum(r.mlgov for r in rows)}/{positives}", end="")
    print(f" = {sum(r.mlgov for r in rows) / positives:.0%}", end="")
    if with_parliament:
        parl = sum(r.parliament for r in rows)
        print(f"; parliament {parl}/{positives} = {parl / positives:.0%}", end="")
    print()


def misses(labels: list[Label], found: dict[str, set[str]], mapping: dict) -> list[Label]:
    return [
        lb for lb in labels if lb.positive and not caught(lb, found.get(lb.file, set()), mapping)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scratch", type=Path, default=Path("build/bench"))
    parser.add_argument("--no-parliament", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the files each tool misses")
    parser.add_argument("--json", type=Path, help="write per-file findings and verdicts here")
    args = parser.parse_args()
    labels = load_labels()
    start = time.perf_counter()
    mlgov = mlgov_findings()
    mlgov_s = time.perf_counter() - start
    parl, parl_s = None, 0.0
    if not args.no_parliament:
        sys.path.insert(0, str(Path(__file__).parent))
        from lint_bench import parliament_bin

        binary = parliament_bin(args.scratch.resolve())
        if binary is None:
            print("parliament could not be installed; run with --no-parliament", file=sys.stderr)
            sys.exit(2)
        started = time.perf_counter()
        parl = parliament_findings(binary.parent / "python", CORPUS, [lb.file for lb in labels])
        parl_s = time.perf_counter() - started
    print(f"{len(labels)} corpus files; Python {sys.version.split()[0]}")
    print_table(confusion(labels, mlgov, parl), parl is not None)
    timing = f"time: mlgov {mlgov_s:.2f} s in-process (IAM data load included)"
    if parl is not None:
        timing += f", parliament {parl_s:.2f} s in one process (start-up included)"
    print(timing)
    if args.misses:
        tools = [("mlgov", mlgov, MLGOV_RULES)]
        if parl is not None:
            tools.append(("parliament", parl, PARLIAMENT_IDS))
        for name, found, mapping in tools:
            missed = misses(labels, found, mapping)
            print(f"\n{name} misses {len(missed)}:")
            for lb in sorted(missed, key=lambda lb: (lb.category, lb.file)):
                print(f"  {lb.category:28} {lb.file}: {lb.what}")
    if args.json:
        rows = [
            {
                "file": lb.file,
                "category": lb.category,
                "expected": lb.expected,
                "mlgov": sorted(mlgov.get(lb.file, set())),
                **({"parliament": sorted(parl[lb.file])} if parl is not None else {}),
            }
            for lb in labels
        ]
        args.json.write_text(json.dumps(rows, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()

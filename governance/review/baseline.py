"""`mlgov lint --baseline REF`: only the findings that REF does not have count (matched as the
review matches them: matching.py). The ref's lint runs in a worker while the current tree is
linted, where the platform forks."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from governance.lint.engine import LintResult
from governance.review.compare import ref_side, start
from governance.review.gitrefs import Ref, resolve
from governance.review.matching import match_key


@dataclass(frozen=True)
class Baseline:
    ref: str
    keys: Future[tuple[Counter[str], str]]  # match keys at the ref, and its compiled folder

    def apply(self, result: LintResult) -> tuple[LintResult, int]:
        """The result without the findings present at the ref, and how many were hidden."""
        counts, compiled_dir = self.keys.result()
        left = Counter(counts)
        kept = []
        for finding in result.findings:
            key = match_key(
                finding.rule, finding.file, finding.message, finding.fingerprint, compiled_dir
            )
            if left[key] > 0:
                left[key] -= 1
            else:
                kept.append(finding)
        hidden = len(result.findings) - len(kept)
        return LintResult(kept, result.waived, result.settings), hidden


def start_baseline(root: Path, ref_name: str) -> Baseline:
    """Resolve the ref now (a bad one fails before any linting) and start linting it."""
    return Baseline(ref_name, start(_keys, resolve(root.resolve(), ref_name)))


def _keys(ref: Ref) -> tuple[Counter[str], str]:
    side = ref_side(ref)
    return Counter(f.match for f in side.findings), side.compiled_dir

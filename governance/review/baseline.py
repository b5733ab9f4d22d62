"""`mlgov lint --baseline REF`: only the findings that REF does not have count (matched as the
review matches them: matching.py). The ref's lint runs in a worker while the current tree is
linted, where the platform forks."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from governance.cache import CacheDelta
from governance.cards.gitlog import GitSource
from governance.lint.engine import LintResult
from governance.review.compare import SideJob, cached_ref_side, start
from governance.review.gitrefs import resolve
from governance.review.matching import match_key

# Match keys at the ref, its compiled folder, and what its load did with the document cache.
Keys = tuple[Counter[str], str, CacheDelta | None]


@dataclass(frozen=True)
class Baseline:
    ref: str
    keys: Future[Keys]
    source: GitSource  # the ref's commit, where the current tree's card history falls short

    def cache_delta(self) -> CacheDelta | None:
        """For the current tree's cache, which the ref shares (merged before it is written)."""
        return self.keys.result()[2]

    def apply(self, result: LintResult) -> tuple[LintResult, int]:
        """The result without the findings present at the ref, and how many were hidden."""
        counts, compiled_dir, _ = self.keys.result()
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


def start_baseline(root: Path, ref_name: str, no_cache: bool = False) -> Baseline:
    """Resolve the ref now (a bad one fails before any linting) and start linting it."""
    root = root.resolve()
    ref = resolve(root, ref_name)
    return Baseline(ref_name, start(_keys, SideJob(ref, root, no_cache)), ref.source)


def _keys(job: SideJob) -> Keys:
    side, delta = cached_ref_side(job)
    return Counter(f.match for f in side.findings), side.compiled_dir, delta

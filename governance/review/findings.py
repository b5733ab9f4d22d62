"""Findings of two sides matched by fingerprint (rule, file, JSON path): a reworded message or a
moved line is the same finding. (In compiled policies, by rule, persona and message: see
matching.py.)"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from governance.review.side import FindingRow


@dataclass(frozen=True)
class FindingsDiff:
    new: tuple[FindingRow, ...]
    fixed: tuple[FindingRow, ...]
    unchanged: tuple[FindingRow, ...]  # as on the head side
    unchecked: tuple[FindingRow, ...] = ()  # base findings in files head could not check

    @property
    def new_failing(self) -> tuple[FindingRow, ...]:
        return tuple(f for f in self.new if f.failing)


def compare_sides(
    base: Iterable[FindingRow], head: Iterable[FindingRow], checked: Callable[[str], bool]
) -> FindingsDiff:
    """As compare_findings; but a base finding in a file the head could not check (it did not
    load, or its persona did not compile) is not fixed, only unchecked."""
    diff = compare_findings(base, head)

    def could_check(row: FindingRow) -> bool:
        # A finding placed at an activity line but made on a persona's compiled policy could
        # be checked only if that persona compiled.
        return checked(row.file) and all(checked(file) for file in row.related)

    fixed = tuple(f for f in diff.fixed if could_check(f))
    unchecked = tuple(f for f in diff.fixed if not could_check(f))
    return replace(diff, fixed=fixed, unchecked=unchecked)


def compare_findings(base: Iterable[FindingRow], head: Iterable[FindingRow]) -> FindingsDiff:
    """As multisets: two findings with one fingerprint on a side count twice."""
    before, after = list(base), list(head)
    unmatched = Counter(_key(f) for f in before)
    new, unchanged = [], []
    for finding in after:
        if unmatched[_key(finding)] > 0:
            unmatched[_key(finding)] -= 1
            unchanged.append(finding)
        else:
            new.append(finding)
    fixed = []
    for finding in reversed(before):  # the last of duplicates are the ones left over
        if unmatched[_key(finding)] > 0:
            unmatched[_key(finding)] -= 1
            fixed.append(finding)
    return FindingsDiff(tuple(new), tuple(reversed(fixed)), tuple(unchanged))


def _key(finding: FindingRow) -> str:
    return finding.match or finding.fingerprint

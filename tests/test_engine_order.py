"""The engine sorts findings by a key; that key must give Finding's own order."""

from __future__ import annotations

import dataclasses
import itertools

from governance.findings import Finding, Severity
from governance.lint.engine import _ORDER


def test_sort_key_is_the_compared_fields() -> None:
    compared = tuple(f.name for f in dataclasses.fields(Finding) if f.compare)
    assert _ORDER(Finding("a", 1, 2, "IAM001", Severity.ERROR, "m")) == ("a", 1, 2, "IAM001")
    assert compared == ("file", "line", "column", "rule")


def test_sort_key_orders_as_finding_does() -> None:
    findings = [
        Finding(file, line, column, rule, Severity.WARNING, f"{n}")
        for n, (file, line, column, rule) in enumerate(
            itertools.product(("a.json", "a/b.json", "a-b.json"), (1, 10, 2), (1, 3), ("X", "A"))
        )
    ]
    findings.reverse()
    assert [f.message for f in sorted(findings)] == [
        f.message for f in sorted(findings, key=_ORDER)
    ]

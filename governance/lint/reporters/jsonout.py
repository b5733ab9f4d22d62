"""`--format json`: a list of findings, each with rule, severity, place, message and fingerprint."""

from __future__ import annotations

import json

from governance.findings import Finding, render_path
from governance.lint.engine import LintResult


def finding_json(finding: Finding) -> dict[str, object]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
        "hint": finding.hint,
        "json_path": render_path(finding.json_path),
        "fingerprint": finding.fingerprint,
    }


def report_json(result: LintResult) -> str:
    return json.dumps([finding_json(f) for f in result.findings], indent=2) + "\n"

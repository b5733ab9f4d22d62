"""Reporters take the whole result and return text. Named in REPORTERS, chosen by --format."""

from __future__ import annotations

import json
from collections.abc import Callable

from governance.findings import Finding, Severity, render_path
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


def report_text(result: LintResult) -> str:
    lines = [f.format_text() for f in result.findings]
    errors = sum(f.severity is Severity.ERROR for f in result.findings)
    if result.findings or result.waived:
        summary = f"{len(result.findings)} finding(s), {errors} error(s)"
        if result.waived:
            summary += f", {len(result.waived)} waived"
        lines.append(summary)
    return "".join(line + "\n" for line in lines)


REPORTERS: dict[str, Callable[[LintResult], str]] = {
    "text": report_text,
    "json": report_json,
}

"""`--format text`: one `file:line:col: RULE severity message` line per finding, and a count."""

from __future__ import annotations

from governance.findings import Severity
from governance.lint.engine import LintResult


def report_text(result: LintResult) -> str:
    lines = [f.format_text() for f in result.findings]
    errors = sum(f.severity is Severity.ERROR for f in result.findings)
    if result.findings or result.waived:
        summary = f"{len(result.findings)} finding(s), {errors} error(s)"
        if result.waived:
            summary += f", {len(result.waived)} waived"
        lines.append(summary)
    return "".join(line + "\n" for line in lines)

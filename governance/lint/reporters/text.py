"""`--format text`: one `file:line:col: RULE severity message` line per finding, the places it
also concerns indented below it, and a count. In a terminal, rule ids are links to their
documentation (OSC 8 hyperlinks, which terminals without support show as plain text)."""

from __future__ import annotations

from governance.findings import Finding, Severity
from governance.lint.engine import LintResult
from governance.lint.registry import by_id

# ANSI colours of the severity word, for a terminal that asked for colour (`--color`).
COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def report_text(result: LintResult, links: bool = False, color: bool = False) -> str:
    lines: list[str] = []
    for finding in result.findings:
        lines.append(_colored(_line(finding, links), finding, color))
        lines += [f"    {r.file}:{r.line}:{r.column}: {r.message}" for r in finding.related]
    errors = sum(f.severity is Severity.ERROR for f in result.findings)
    if result.findings or result.waived:
        summary = f"{len(result.findings)} finding(s), {errors} error(s)"
        if result.waived:
            summary += f", {len(result.waived)} waived"
        lines.append(summary)
    return "".join(line + "\n" for line in lines)


def _colored(line: str, finding: Finding, color: bool) -> str:
    if not color:
        return line
    word = f" {finding.severity.value} "
    painted = f" \x1b[{COLORS[finding.severity]}m{finding.severity.value}\x1b[0m "
    return line.replace(word, painted, 1)


def _line(finding: Finding, links: bool) -> str:
    text = finding.format_text()
    rule = by_id().get(finding.rule)
    if not links or rule is None:
        return text
    linked = f"\x1b]8;;{rule.help_uri}\x1b\\{finding.rule}\x1b]8;;\x1b\\"
    return text.replace(f" {finding.rule} ", f" {linked} ", 1)

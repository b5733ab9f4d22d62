"""`--format github`: workflow commands that GitHub Actions shows as annotations on the diff."""

from __future__ import annotations

from governance.findings import Finding, Severity
from governance.lint.engine import LintResult
from governance.lint.reporters.common import full_message, region, total_order

GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_github_data(text: str) -> str:
    """The message after `::`: GitHub's runner decodes %25, %0D and %0A there."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_github_property(text: str) -> str:
    """A property value: additionally `:` and `,`, which would end the value early."""
    return escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(result: LintResult) -> str:
    return "".join(_github_line(f) + "\n" for f in sorted(result.findings, key=total_order))


def _github_line(finding: Finding) -> str:
    where = region(finding)
    props = [("file", finding.file)]
    for name, key in (
        ("line", "startLine"),
        ("col", "startColumn"),
        ("endLine", "endLine"),
        ("endColumn", "endColumn"),
    ):
        if key in where:
            props.append((name, str(where[key])))
    props.append(("title", finding.rule))
    rendered = ",".join(f"{name}={escape_github_property(value)}" for name, value in props)
    command = GITHUB_COMMAND[finding.severity]
    return f"::{command} {rendered}::{escape_github_data(full_message(finding))}"

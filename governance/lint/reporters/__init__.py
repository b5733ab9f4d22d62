"""Reporters take the whole result and return text. Named in REPORTERS, chosen by --format."""

from __future__ import annotations

from collections.abc import Callable

from governance.lint.engine import LintResult
from governance.lint.reporters.github import (
    escape_github_data,
    escape_github_property,
    report_github,
)
from governance.lint.reporters.jsonout import finding_json, report_json
from governance.lint.reporters.markdown import MARKDOWN_MAX_ROWS, escape_markdown, report_markdown
from governance.lint.reporters.sarif import FINGERPRINT_KEY, report_sarif
from governance.lint.reporters.text import report_text

REPORTERS: dict[str, Callable[[LintResult], str]] = {
    "text": report_text,
    "json": report_json,
    "sarif": report_sarif,
    "github": report_github,
    "markdown": report_markdown,
}

__all__ = [
    "FINGERPRINT_KEY",
    "MARKDOWN_MAX_ROWS",
    "REPORTERS",
    "escape_github_data",
    "escape_github_property",
    "escape_markdown",
    "finding_json",
    "report_github",
    "report_json",
    "report_markdown",
    "report_sarif",
    "report_text",
]

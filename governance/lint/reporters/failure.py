"""What a report says when the run failed before it could lint (a bad configuration, a git ref
that does not exist, a bug): a document of the format's own kind, so a CI step that reads it
(code scanning's SARIF upload, a JSON consumer, GitHub's annotations) sees the failure, never
an empty, clean-looking report. The text format has the error line on stderr alone."""

from __future__ import annotations

import json

from governance import __version__
from governance.lint.reporters.github import escape_github_data
from governance.lint.reporters.markdown import escape_markdown
from governance.lint.reporters.sarif import SARIF_SCHEMA


def failure_report(fmt: str, message: str) -> str:
    if fmt == "sarif":
        return _sarif(message)
    if fmt == "json":
        return json.dumps({"error": {"message": message, "tool": "mlgov"}}, indent=2) + "\n"
    if fmt == "github":
        return f"::error title=mlgov lint did not run::{escape_github_data(message)}\n"
    if fmt == "markdown":
        return f"### mlgov lint\n\n**mlgov could not lint:** {escape_markdown(message)}\n"
    return ""


def _sarif(message: str) -> str:
    """SARIF 2.1.0 §3.20.14 (executionSuccessful) and §3.58 (toolExecutionNotifications)."""
    run = {
        "tool": {"driver": {"name": "mlgov", "version": __version__, "rules": []}},
        "invocations": [
            {
                "executionSuccessful": False,
                "toolExecutionNotifications": [{"level": "error", "message": {"text": message}}],
            }
        ],
        "results": [],
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"

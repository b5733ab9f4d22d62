"""`--format markdown`: a summary for a pull-request comment, most severe first."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from governance.findings import Finding, Severity
from governance.lint.engine import LintResult
from governance.lint.reporters.common import full_message, total_order
from governance.lint.waivers import Waiver

MARKDOWN_MAX_ROWS = 100
# What has a meaning inside a GitHub table cell: `|` ends the cell; code spans, emphasis,
# links/images, strikethrough and `$` math would reshape user text. A backslash before ASCII
# punctuation is always a literal in CommonMark, so escaping these is safe. (Block syntax such
# as `#` or `-` only counts at the start of a line, which a cell never is.)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")


def escape_markdown(text: str) -> str:
    """Table-cell-safe text: `&`, `<`, `>` as entities (no raw HTML), Markdown punctuation and
    `|` backslash-escaped, line breaks as spaces (a table row is one line)."""
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.splitlines())


def report_markdown(result: LintResult) -> str:
    lines = ["### mlgov lint", ""]
    if result.findings:
        lines += _md_counts(result)
        lines += _md_findings(result.findings)
    else:
        lines.append("No findings.")
    if result.waived:
        lines += ["", *_md_waived(result.waived)]
    return "\n".join(lines) + "\n"


def _md_counts(result: LintResult) -> list[str]:
    counts = {severity: 0 for severity in Severity}
    for finding in result.findings:
        counts[finding.severity] += 1
    header = "| " + " | ".join(s.value for s in Severity) + " | waived |"
    rule = "|" + "---:|" * (len(Severity) + 1)
    values = "| " + " | ".join(str(counts[s]) for s in Severity) + f" | {len(result.waived)} |"
    verdict = "fails the gate" if result.failing else "passes the gate"
    return [f"**{len(result.findings)} finding(s)**, {verdict}.", "", header, rule, values, ""]


def _md_findings(findings: Iterable[Finding]) -> list[str]:
    # Most severe first, then by place: what blocks the merge is at the top of the comment.
    ordered = sorted(findings, key=lambda f: (-f.severity.rank, total_order(f)))
    lines = ["| rule | severity | location | message |", "|---|---|---|---|"]
    for finding in ordered[:MARKDOWN_MAX_ROWS]:
        cells = (
            finding.rule,
            finding.severity.value,
            _location(finding),
            full_message(finding),
        )
        lines.append("| " + " | ".join(escape_markdown(c) for c in cells) + " |")
    hidden = len(ordered) - MARKDOWN_MAX_ROWS
    if hidden > 0:
        lines += ["", f"…and {hidden} more (run `mlgov lint` for all of them)."]
    return lines


def _location(finding: Finding) -> str:
    if finding.line < 1:
        return finding.file
    if finding.column < 1:
        return f"{finding.file}:{finding.line}"
    return f"{finding.file}:{finding.line}:{finding.column}"


def _md_waived(waived: list[tuple[Finding, Waiver]]) -> list[str]:
    ordered = sorted(waived, key=lambda pair: total_order(pair[0]))
    lines = [
        f"<details><summary>{len(ordered)} waived finding(s)</summary>",
        "",
        "| rule | location | reason | expires |",
        "|---|---|---|---|",
    ]
    for finding, waiver in ordered[:MARKDOWN_MAX_ROWS]:
        expires = waiver.expires.isoformat() if waiver.expires else "never"
        cells = (finding.rule, _location(finding), waiver.reason or "(no reason given)", expires)
        lines.append("| " + " | ".join(escape_markdown(c) for c in cells) + " |")
    hidden = len(ordered) - MARKDOWN_MAX_ROWS
    if hidden > 0:
        lines += ["", f"…and {hidden} more."]
    return [*lines, "", "</details>"]

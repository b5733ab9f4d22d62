"""What the reporters share: a finding's whole message, a total order, and its region."""

from __future__ import annotations

from governance.findings import Finding


def full_message(finding: Finding) -> str:
    return f"{finding.message} ({finding.hint})" if finding.hint else finding.message


def total_order(finding: Finding) -> tuple[Finding, str, str]:
    """Findings sort by place and rule; two at the same place of the same rule are told apart
    by what they are about, so that output never depends on the order it was produced in."""
    return finding, finding.fingerprint, full_message(finding)


def region(finding: Finding) -> dict[str, int]:
    """1-based region; unknown parts (0) are left out, as is an end before the start."""
    return region_of(finding.line, finding.column, finding.end_line, finding.end_column)


def region_of(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    if line < 1:
        return {}
    out = {"startLine": line}
    if column >= 1:
        out["startColumn"] = column
    if end_line >= 1 and end_column >= 1 and (end_line, end_column) >= (line, max(column, 1)):
        out["endLine"] = end_line
        out["endColumn"] = end_column
    return out

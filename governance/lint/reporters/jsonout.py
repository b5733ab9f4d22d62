"""`--format json`: a list of findings, each with rule, severity, place, message and
fingerprint; waived findings too, flagged (`"waived": true`, with the waiver); places the
finding concerns besides its own (`related`), and structured parts of the message (`details`:
every escalation method, not the five a message names)."""

from __future__ import annotations

import json

from governance.findings import Finding, render_path
from governance.lint.engine import LintResult
from governance.lint.reporters.common import total_order
from governance.lint.waivers import Waiver


def finding_json(finding: Finding, waiver: Waiver | None = None) -> dict[str, object]:
    out = _finding_fields(finding)
    out["waived"] = waiver is not None
    if waiver is not None:
        pos = waiver.doc.position(("waivers", waiver.index))
        out["waiver"] = {
            "reason": waiver.reason,
            "expires": waiver.expires.isoformat() if waiver.expires else None,
            "file": waiver.doc.path,
            "line": pos.line,
        }
    if finding.related:
        out["related"] = [
            {"file": r.file, "line": r.line, "column": r.column, "message": r.message}
            | {"json_path": render_path(r.json_path)}
            for r in finding.related
        ]
    if finding.details:
        out["details"] = {key: list(values) for key, values in finding.details}
    return out


def _finding_fields(finding: Finding) -> dict[str, object]:
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
    rows: list[tuple[Finding, Waiver | None]] = [(f, None) for f in result.findings]
    rows += list(result.waived)
    rows.sort(key=lambda row: (total_order(row[0]), row[1] is not None))
    return json.dumps([finding_json(f, w) for f, w in rows], indent=2) + "\n"

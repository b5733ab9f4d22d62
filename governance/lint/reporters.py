"""Reporters take the whole result and return text. Named in REPORTERS, chosen by --format."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, urlsplit

from governance import __version__
from governance.findings import Finding, Severity, render_path
from governance.lint.docs import code_block, prose
from governance.lint.engine import LintResult
from governance.lint.registry import RULES
from governance.lint.rule import Rule
from governance.lint.waivers import Waiver

Json = dict[str, Any]


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


def _full_message(finding: Finding) -> str:
    return f"{finding.message} ({finding.hint})" if finding.hint else finding.message


def _total_order(finding: Finding) -> tuple[Finding, str, str]:
    """Findings sort by place and rule; two at the same place of the same rule are told apart
    by what they are about, so that output never depends on the order it was produced in."""
    return finding, finding.fingerprint, _full_message(finding)


# --- SARIF 2.1.0 (GitHub code scanning and other SARIF viewers) -------------------------------

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
# Versioned, as SARIF recommends, so that a future change of Finding.fingerprint can be told
# apart from a changed finding by code scanning's alert matching.
FINGERPRINT_KEY = "mlgovFingerprint/v1"
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def report_sarif(result: LintResult) -> str:
    rules = _sarif_rule_list(result)
    index = {rule.id: i for i, rule in enumerate(rules)}
    rows: list[tuple[Finding, Waiver | None]] = [(f, None) for f in result.findings]
    rows += [(f, w) for f, w in result.waived]
    rows.sort(key=lambda row: (_total_order(row[0]), row[1] is not None))
    run: Json = {
        "tool": {"driver": _sarif_driver(rules)},
        "columnKind": "unicodeCodePoints",  # the loaders count code points, not UTF-16 units
        "results": [_sarif_result(f, w, index) for f, w in rows],
        "properties": _run_properties(),
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"


def _sarif_rule_list(result: LintResult) -> list[Rule]:
    """Every registered rule, plus a stub for any id a finding names that is not registered,
    so that every result's ruleIndex is valid. Sorted by id: stable as rules are added."""
    known = {rule.id: rule for rule in RULES}
    seen = {f.rule for f in result.findings} | {f.rule for f, _ in result.waived}
    for rule_id in seen - set(known):
        known[rule_id] = Rule(rule_id, rule_id, "", Severity.ERROR, "engine")
    return [known[rule_id] for rule_id in sorted(known)]


def _sarif_driver(rules: list[Rule]) -> Json:
    return {
        "name": "mlgov",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_sarif_rule(rule) for rule in rules],
    }


def _sarif_rule(rule: Rule) -> Json:
    descriptor: Json = {
        "id": rule.id,
        "name": _pascal(rule.title) or rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale or rule.title},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"enabled": rule.enabled, "level": SARIF_LEVEL[rule.severity]},
        "properties": {"scope": rule.scope, "waivable": rule.waivable},
    }
    # SARIF wants an absolute helpUri, and GitHub's upload refuses the whole file when one is
    # not (it checks the schema's "uri" format). While Rule.help_uri is relative to the mlgov
    # repository, it is named in the help text instead.
    if urlsplit(rule.help_uri).scheme:
        descriptor["helpUri"] = rule.help_uri
    return descriptor


def _pascal(title: str) -> str:
    """SARIF's `name` is an identifier-like string: "Action is a full wildcard" becomes
    "ActionIsAFullWildcard"."""
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def _help_text(rule: Rule) -> str:
    parts = [rule.rationale or rule.title]
    if rule.bad:
        parts.append("Triggers it:\n" + rule.bad.rstrip("\n"))
    if rule.good:
        parts.append("Fixed:\n" + rule.good.rstrip("\n"))
    parts.append(f"Documentation: {rule.help_uri}")
    return "\n\n".join(parts)


def _help_markdown(rule: Rule) -> str:
    parts = [f"**{rule.id}: {prose(rule.title)}**", prose(rule.rationale or rule.title)]
    if rule.bad:
        parts.append("Triggers it:\n\n" + code_block(rule.bad))
    if rule.good:
        parts.append("Fixed:\n\n" + code_block(rule.good))
    parts.append(f"Documentation: `{rule.help_uri}`")
    return "\n\n".join(parts)


def _sarif_result(finding: Finding, waiver: Waiver | None, index: dict[str, int]) -> Json:
    out: Json = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": _full_message(finding)},
        "locations": [_sarif_location(finding.file, _region(finding))],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    if finding.json_path:
        out["properties"] = {"jsonPath": render_path(finding.json_path)}
    if waiver is not None:
        out["suppressions"] = [_sarif_suppression(waiver)]
    return out


def _region(finding: Finding) -> Json:
    """1-based region; unknown parts (0) are left out, as is an end before the start."""
    return _region_of(finding.line, finding.column, finding.end_line, finding.end_column)


def _region_of(line: int, column: int, end_line: int, end_column: int) -> Json:
    if line < 1:
        return {}
    region: Json = {"startLine": line}
    if column >= 1:
        region["startColumn"] = column
    if end_line >= 1 and end_column >= 1 and (end_line, end_column) >= (line, max(column, 1)):
        region["endLine"] = end_line
        region["endColumn"] = end_column
    return region


def _sarif_location(file: str, region: Json) -> Json:
    # Relative to the repository root, as code scanning expects; percent-encoded, being a URI.
    physical: Json = {"artifactLocation": {"uri": quote(file, safe="/")}}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def _sarif_suppression(waiver: Waiver) -> Json:
    pos = waiver.doc.position(("waivers", waiver.index))
    where = _region_of(pos.line, pos.column, pos.end_line, pos.end_column)
    suppression: Json = {
        "kind": "inSource",
        "status": "accepted",
        "justification": waiver.reason,
        "location": _sarif_location(waiver.doc.path, where),
    }
    if waiver.expires is not None:
        suppression["properties"] = {"expires": waiver.expires.isoformat()}
    return suppression


def _run_properties() -> Json:
    # Findings about actions depend on the IAM data: record which data produced them.
    from governance.iam.actiondata import catalog

    data = catalog()
    return {"iamDataDate": str(data.data_date), "iamDataVersion": str(data.data_version)}


# --- GitHub Actions workflow commands (annotations on the pull request) ------------------------

GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_github_data(text: str) -> str:
    """The message after `::`: GitHub's runner decodes %25, %0D and %0A there."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_github_property(text: str) -> str:
    """A property value: additionally `:` and `,`, which would end the value early."""
    return escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(result: LintResult) -> str:
    return "".join(_github_line(f) + "\n" for f in sorted(result.findings, key=_total_order))


def _github_line(finding: Finding) -> str:
    region = _region(finding)
    props = [("file", finding.file)]
    for name, key in (
        ("line", "startLine"),
        ("col", "startColumn"),
        ("endLine", "endLine"),
        ("endColumn", "endColumn"),
    ):
        if key in region:
            props.append((name, str(region[key])))
    props.append(("title", finding.rule))
    rendered = ",".join(f"{name}={escape_github_property(value)}" for name, value in props)
    command = GITHUB_COMMAND[finding.severity]
    return f"::{command} {rendered}::{escape_github_data(_full_message(finding))}"


# --- Markdown (a pull-request comment) ---------------------------------------------------------

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
    ordered = sorted(findings, key=lambda f: (-f.severity.rank, _total_order(f)))
    lines = ["| rule | severity | location | message |", "|---|---|---|---|"]
    for finding in ordered[:MARKDOWN_MAX_ROWS]:
        cells = (
            finding.rule,
            finding.severity.value,
            _location(finding),
            _full_message(finding),
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
    ordered = sorted(waived, key=lambda pair: _total_order(pair[0]))
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


REPORTERS: dict[str, Callable[[LintResult], str]] = {
    "text": report_text,
    "json": report_json,
    "sarif": report_sarif,
    "github": report_github,
    "markdown": report_markdown,
}

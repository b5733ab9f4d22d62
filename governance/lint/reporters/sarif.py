"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers; waived
findings appear as suppressed results."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

from governance import __version__
from governance.findings import Finding, Severity, render_path
from governance.lint.engine import LintResult
from governance.lint.registry import RULES
from governance.lint.reporters.common import full_message, region, region_of, total_order
from governance.lint.rule import Rule
from governance.lint.waivers import Waiver

Json = dict[str, Any]

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
    rows.sort(key=lambda row: (total_order(row[0]), row[1] is not None))
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
        "properties": _rule_properties(rule),
    }
    # SARIF wants an absolute helpUri, and GitHub's upload refuses the whole file when one is
    # not (it checks the schema's "uri" format).
    if urlsplit(rule.help_uri).scheme:
        descriptor["helpUri"] = rule.help_uri
    return descriptor


def _rule_properties(rule: Rule) -> Json:
    """GitHub code scanning reads `tags` and ranks security alerts by `security-severity`
    (a number as a string)."""
    properties: Json = {"scope": rule.scope, "waivable": rule.waivable, "tags": list(rule.tags)}
    if rule.security_severity is not None:
        properties["security-severity"] = f"{rule.security_severity:.1f}"
    if rule.references:
        properties["awsDocumentation"] = list(rule.references)
    return properties


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
    parts += [f"AWS: {url}" for url in rule.references]
    return "\n\n".join(parts)


def _help_markdown(rule: Rule) -> str:
    # Imported here: the rules reference's helpers (html, textwrap) serve SARIF alone, and
    # every lint imports this module to list the formats.
    from governance.lint.docs import code_block, prose

    parts = [f"**{rule.id}: {prose(rule.title)}**", prose(rule.rationale or rule.title)]
    if rule.bad:
        parts.append("Triggers it:\n\n" + code_block(rule.bad))
    if rule.good:
        parts.append("Fixed:\n\n" + code_block(rule.good))
    parts.append(f"Documentation: <{rule.help_uri}>")
    if rule.references:
        parts.append("AWS: " + ", ".join(f"<{url}>" for url in rule.references))
    return "\n\n".join(parts)


def _sarif_result(finding: Finding, waiver: Waiver | None, index: dict[str, int]) -> Json:
    out: Json = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": full_message(finding)},
        "locations": [_sarif_location(finding.file, region(finding))],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    properties: Json = {}
    if finding.json_path:
        properties["jsonPath"] = render_path(finding.json_path)
    properties.update({key: list(values) for key, values in finding.details})
    if properties:
        out["properties"] = properties
    if finding.related:
        out["relatedLocations"] = [
            {
                "id": index,
                **_sarif_location(r.file, region_of(r.line, r.column, r.end_line, r.end_column)),
                "message": {"text": r.message},
            }
            for index, r in enumerate(finding.related)
        ]
    if waiver is not None:
        out["suppressions"] = [_sarif_suppression(waiver)]
    return out


def _sarif_location(file: str, region: Json) -> Json:
    # Relative to the repository root, as code scanning expects; percent-encoded, being a URI.
    physical: Json = {"artifactLocation": {"uri": quote(file, safe="/")}}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def _sarif_suppression(waiver: Waiver) -> Json:
    pos = waiver.doc.position(("waivers", waiver.index))
    where = region_of(pos.line, pos.column, pos.end_line, pos.end_column)
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

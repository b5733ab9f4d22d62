"""The sarif, github and markdown reporters: valid SARIF, escaping, and byte-stable output."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from governance.findings import Finding, Severity
from governance.lint.docs import code_block
from governance.lint.engine import LintResult
from governance.lint.registry import RULES, by_id
from governance.lint.reporters import (
    FINGERPRINT_KEY,
    MARKDOWN_MAX_ROWS,
    REPORTERS,
    escape_github_data,
    escape_github_property,
    escape_markdown,
    report_github,
    report_json,
    report_markdown,
    report_sarif,
)
from governance.lint.settings import LintSettings
from governance.lint.waivers import Waiver
from governance.source import Document
from governance.source.document import Position
from mlgov.cli import main
from tests.conftest import MakeRepo

SCHEMA_FILE = Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json"
E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


# RFC 3986 characters (pct-encoded included); what a URI may contain at all.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def assert_valid_sarif(validator: jsonschema.Draft4Validator, text: str) -> dict[str, Any]:
    log = json.loads(text)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    assert_uri_formats(log)
    return log


def assert_uri_formats(node: object, key: str = "") -> None:
    """The schema's `format` checks, which jsonschema skips without extra packages but GitHub's
    upload enforces: "uri" (absolute) for helpUri and the like, "uri-reference" for locations."""
    if isinstance(node, dict):
        for name, value in node.items():
            assert_uri_formats(value, name)
    elif isinstance(node, list):
        for value in node:
            assert_uri_formats(value, key)
    elif isinstance(node, str) and key in ("helpUri", "informationUri", "$schema", "uri"):
        assert URI_CHARS.match(node), f"{key}: {node!r} is not a URI"
        if key != "uri":
            assert urlsplit(node).scheme, f"{key}: {node!r} is not an absolute URI"


def waiver(rule: str, reason: str, expires: datetime.date | None = None) -> Waiver:
    doc = Document(
        "personas/p.yaml",
        {"waivers": [{"rule": rule, "reason": reason}]},
        positions={("waivers", 0): Position(7, 5, 7, 40)},
    )
    return Waiver(doc, 0, rule, reason, expires, "")


def make_result(
    findings: Iterable[Finding], waived: Iterable[tuple[Finding, Waiver]] = ()
) -> LintResult:
    return LintResult(list(findings), list(waived), LintSettings())


FINDINGS = [
    Finding(
        "personas/p.yaml",
        4,
        5,
        "REF002",
        E,
        "unknown activity 'x'",
        hint="did you mean 'y'?",
        json_path=("activities", 0),
        end_line=4,
        end_column=11,
    ),
    Finding("personas/a b.yaml", 2, 0, "SRC011", W, "a | b <script>", "", ("country",)),
    Finding("policies/x.json", 0, 0, "IAM001", INFO, "no position known"),
]
WAIVED = Finding("personas/p.yaml", 9, 3, "SRC011", W, "yes-like word", json_path=("k",))


@pytest.fixture
def result() -> LintResult:
    when = datetime.date(2027, 1, 31)
    return make_result(FINDINGS, [(WAIVED, waiver("SRC011", "legacy, agreed", when))])


@pytest.mark.parametrize("fmt", ["sarif", "github", "markdown"])
def test_each_format_is_offered_by_the_cli(
    fmt: str, make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo({"personas/p.yaml": "schema_version: 1\nid: p\n"})
    assert main(["-C", str(root), "lint", "--format", fmt]) == 0
    assert capsys.readouterr().out == REPORTERS[fmt](make_result([]))


# --- SARIF ------------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema(
    sarif_validator: jsonschema.Draft4Validator, result: LintResult
) -> None:
    assert_valid_sarif(sarif_validator, report_sarif(result))


def test_sarif_of_a_clean_run_is_valid(sarif_validator: jsonschema.Draft4Validator) -> None:
    log = assert_valid_sarif(sarif_validator, report_sarif(make_result([])))
    assert log["runs"][0]["results"] == []


def test_sarif_driver_lists_every_rule_with_its_documentation(result: LintResult) -> None:
    driver = json.loads(report_sarif(result))["runs"][0]["tool"]["driver"]
    assert driver["name"] == "mlgov" and driver["version"]
    assert "informationUri" not in driver
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and set(ids) == {r.id for r in RULES}
    for descriptor in driver["rules"]:
        rule = by_id()[descriptor["id"]]
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["fullDescription"]["text"] == rule.rationale
        assert rule.help_uri in descriptor["help"]["text"]
        assert rule.help_uri in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        assert descriptor["name"].isalnum()
        if rule.bad:
            assert rule.bad.strip() in descriptor["help"]["markdown"]
            assert rule.bad.strip() in descriptor["help"]["text"]


def test_sarif_help_uri_only_when_absolute(
    result: LintResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub rejects a SARIF file whose helpUri is not an absolute URI."""
    rules = json.loads(report_sarif(result))["runs"][0]["tool"]["driver"]["rules"]
    # pyproject names no project URL yet: the repository's address is the fallback.
    assert all(r["helpUri"] == by_id()[r["id"]].help_uri for r in rules)
    base = "https://github.com/mlgov/mlgov/blob/main/docs/rules.md#"
    assert all(r["helpUri"] == base + r["id"].lower() for r in rules)
    monkeypatch.setattr("governance.lint.metadata.help_base", lambda: "docs/rules.md#")
    rules = json.loads(report_sarif(result))["runs"][0]["tool"]["driver"]["rules"]
    assert all("helpUri" not in r for r in rules)  # a relative one is left out


def test_sarif_results_point_at_their_rule_and_place(result: LintResult) -> None:
    run = json.loads(report_sarif(result))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_rule = {r["ruleId"]: r for r in run["results"] if "suppressions" not in r}
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    ref = by_rule["REF002"]
    assert ref["level"] == "error"
    assert ref["message"]["text"] == "unknown activity 'x' (did you mean 'y'?)"
    location = ref["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "personas/p.yaml"}
    assert location["region"] == {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 11}
    assert ref["partialFingerprints"] == {FINGERPRINT_KEY: FINDINGS[0].fingerprint}
    # Unknown parts of a position are left out rather than written as 0.
    src = by_rule["SRC011"]["locations"][0]["physicalLocation"]
    assert src["artifactLocation"] == {"uri": "personas/a%20b.yaml"}
    assert src["region"] == {"startLine": 2}
    assert by_rule["SRC011"]["level"] == "warning"
    assert "region" not in by_rule["IAM001"]["locations"][0]["physicalLocation"]
    assert by_rule["IAM001"]["level"] == "note"


def test_sarif_waived_finding_is_a_suppressed_result(result: LintResult) -> None:
    run = json.loads(report_sarif(result))["runs"][0]
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert len(suppressed) == 1
    (suppression,) = suppressed[0]["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["justification"] == "legacy, agreed"
    assert suppression["properties"] == {"expires": "2027-01-31"}
    where = suppression["location"]["physicalLocation"]
    assert where["region"]["startLine"] == 7


def test_sarif_records_the_iam_data_date(result: LintResult) -> None:
    from governance.iam.actiondata import catalog

    properties = json.loads(report_sarif(result))["runs"][0]["properties"]
    assert properties["iamDataDate"] == str(catalog().data_date)


def test_sarif_of_a_real_lint_run_is_valid(
    make_repo: MakeRepo,
    capsys: pytest.CaptureFixture[str],
    sarif_validator: jsonschema.Draft4Validator,
) -> None:
    persona = (
        "schema_version: 1\nid: p\ntags: {country: NO}\nactivities: [nope]\n"
        "waivers:\n  - {rule: SRC011, reason: 'a legacy code, kept', expires: 2999-01-01}\n"
    )
    root = make_repo({"personas/p.yaml": persona})
    assert main(["-C", str(root), "lint", "--format", "sarif"]) == 1
    log = assert_valid_sarif(sarif_validator, capsys.readouterr().out)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"REF002", "SRC011"}
    waived = [r for r in results if r["ruleId"] == "SRC011"]
    assert waived and all(r["suppressions"][0]["justification"] for r in waived)


# --- GitHub workflow commands -----------------------------------------------------------------


def test_github_escapes_data_and_properties() -> None:
    assert escape_github_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d"
    assert escape_github_property("a:b,c%d\r\n") == "a%3Ab%2Cc%25d%0D%0A"


def test_github_line_for_each_finding(result: LintResult) -> None:
    lines = report_github(result).splitlines()
    assert lines == [
        "::warning file=personas/a b.yaml,line=2,title=SRC011::a | b <script>",
        "::error file=personas/p.yaml,line=4,col=5,endLine=4,endColumn=11,title=REF002::"
        "unknown activity 'x' (did you mean 'y'?)",
        "::notice file=policies/x.json,title=IAM001::no position known",
    ]


def test_github_escapes_hostile_file_names_and_messages() -> None:
    # A finding's text is printable once made (governance/printable.py): a line break or an
    # escape sequence arrives as the letters `\n`, `\x1b`, never as a new workflow command.
    finding = Finding("p,x:y%.yaml", 1, 1, "SRC003", E, "line one\n::warning::two\x1b[2J 100%")
    (line,) = report_github(make_result([finding])).splitlines()
    assert line == (
        "::error file=p%2Cx%3Ay%25.yaml,line=1,col=1,title=SRC003::"
        "line one\\n::warning::two\\x1b[2J 100%25"
    )


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_escapes_pipes_html_and_markup() -> None:
    assert escape_markdown("a | b") == "a \\| b"
    assert escape_markdown("<img src=x onerror=alert(1)> & co") == (
        "&lt;img src=x onerror=alert(1)&gt; &amp; co"
    )
    assert escape_markdown("[click](http://x) *bold* `code` ${p}") == (
        "\\[click\\](http://x) \\*bold\\* \\`code\\` \\${p}"
    )
    assert escape_markdown("two\nlines") == "two lines"


def test_markdown_summary_table_and_waivers(result: LintResult) -> None:
    text = report_markdown(result)
    assert "| error | warning | info | waived |" in text
    assert "| 1 | 1 | 1 | 1 |" in text
    row = "| REF002 | error | personas/p.yaml:4:5 | unknown activity 'x' (did you mean 'y'?) |"
    assert row in text
    assert "| SRC011 | warning | personas/a b.yaml:2 | a \\| b &lt;script&gt; |" in text
    assert "<script>" not in text
    # Errors first: what blocks the merge heads the comment.
    assert text.index("REF002") < text.index("| SRC011 | warning") < text.index("IAM001")
    assert "1 waived finding(s)" in text
    assert "| SRC011 | personas/p.yaml:9:3 | legacy, agreed | 2027-01-31 |" in text


def test_markdown_when_clean() -> None:
    text = report_markdown(make_result([]))
    assert "No findings." in text and "|" not in text


def test_markdown_caps_the_table() -> None:
    many = [Finding(f"personas/p{i:03d}.yaml", 1, 1, "SRC009", E, "empty") for i in range(105)]
    text = report_markdown(make_result(many))
    assert text.count("| SRC009 |") == MARKDOWN_MAX_ROWS
    assert "and 5 more" in text


def test_code_block_fence_outgrows_backticks_in_the_example() -> None:
    assert code_block("a: ```x```\n").startswith("````yaml\n")
    assert code_block('{"a": 1}').startswith("```json\n")


# --- Determinism ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_same_input_gives_the_same_bytes(fmt: str, result: LintResult) -> None:
    report = REPORTERS[fmt]
    shuffled = make_result(list(reversed(result.findings)), list(reversed(result.waived)))
    first = report(result)
    assert report(result) == first
    if fmt not in ("text", "json"):  # these two print the engine's (sorted) order as given
        assert report(shuffled) == first


@pytest.mark.parametrize("fmt", ["sarif", "github", "markdown"])
def test_findings_at_the_same_place_keep_a_stable_order(fmt: str) -> None:
    twins = [
        Finding("personas/p.yaml", 3, 1, "SRC006", E, "the tag !A is not supported"),
        Finding("personas/p.yaml", 3, 1, "SRC006", E, "the tag !B is not supported"),
    ]
    report = REPORTERS[fmt]
    assert report(make_result(twins)) == report(make_result(reversed(twins)))


# --- what issue 15 added: related places, waived findings in JSON, structured details, SARIF
# security-severity, helpUri and tags, links ---------------------------------------------------

ESCALATING = (
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
)
PASS_ANY = (
    "schema_version: 1\nid: pass-any\ntitle: Pass any\ndescription: Passes any role.\n"
    "statements:\n  - actions: [sagemaker:CreateTrainingJob, iam:PassRole]\n"
    "    resources: ['*']\n"
)


def test_json_lists_waived_findings_flagged_with_their_waiver(
    result: LintResult,
) -> None:
    rows = json.loads(report_json(result))
    assert [(r["file"], r["rule"], r["waived"]) for r in rows] == [
        ("personas/a b.yaml", "SRC011", False),
        ("personas/p.yaml", "REF002", False),
        ("personas/p.yaml", "SRC011", True),  # in place order, among the others
        ("policies/x.json", "IAM001", False),
    ]
    waived = rows[2]
    assert waived["waiver"] == {
        "reason": "legacy, agreed",
        "expires": "2027-01-31",
        "file": "personas/p.yaml",
        "line": 7,
    }


def test_json_gives_every_escalation_method_not_only_the_five_the_message_names(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo({"p.json": ESCALATING})
    main(["-C", str(root), "lint", "--format", "json", str(root / "p.json")])
    [row] = [r for r in json.loads(capsys.readouterr().out) if r["rule"] == "IAM021"]
    assert "and 66 more" in row["message"]
    assert len(row["details"]["methods"]) == 71
    assert "SendCommandToExistingInstance" in row["details"]["methods"]
    assert "ssm-002" in row["details"]["pathfinding"]


def test_sarif_has_security_severity_absolute_help_uri_tags_and_related_locations(
    make_repo: MakeRepo,
    capsys: pytest.CaptureFixture[str],
    sarif_validator: jsonschema.Draft4Validator,
) -> None:
    persona = "schema_version: 1\nid: p\nextends: builtin:custom\nactivities: [pass-any]\n"
    root = make_repo({"personas/p.yaml": persona, "personas/activities/pass-any.yaml": PASS_ANY})
    assert main(["-C", str(root), "lint", "--format", "sarif"]) == 1
    log = assert_valid_sarif(sarif_validator, capsys.readouterr().out)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["IAM005"]["properties"]["security-severity"] == "8.5"
    assert rules["IAM005"]["properties"]["tags"] == ["security", "iam"]
    assert rules["IAM005"]["helpUri"].endswith("/docs/rules.md#iam005")
    assert "security-severity" not in rules["SRC003"]["properties"]
    assert rules["IAM023"]["properties"]["awsDocumentation"][0].startswith(
        "https://docs.aws.amazon.com/IAM/"
    )
    [passrole, *_] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "IAM005"]
    location = passrole["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "personas/activities/pass-any.yaml"
    related = passrole["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "compiled/p/policy-1.json"
    assert related["message"]["text"].startswith("in the compiled policy")


def test_text_shows_related_places_and_links_rule_ids_in_a_terminal(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    persona = "schema_version: 1\nid: p\nextends: builtin:custom\nactivities: [pass-any]\n"
    root = make_repo({"personas/p.yaml": persona, "personas/activities/pass-any.yaml": PASS_ANY})
    main(["-C", str(root), "lint"])
    plain = capsys.readouterr().out
    assert "\x1b]8;;" not in plain  # not a terminal: no escape codes
    assert "\n    compiled/p/policy-1.json:" in plain
    from governance.lint.reporters.text import report_text
    from governance.lint.run import lint_repository
    from governance.repository import Repository

    linked = report_text(lint_repository(Repository.load(root), []), links=True)
    url = by_id()["IAM005"].help_uri
    assert f"\x1b]8;;{url}\x1b\\IAM005\x1b]8;;\x1b\\" in linked


def test_the_rules_reference_links_each_iam_rule_to_aws() -> None:
    from governance.lint.docs import render

    text = render()
    for rule in RULES:
        if rule.id.startswith(("IAM", "CMP", "GOV", "CRD", "MON")):
            assert rule.references, rule.id
            assert all(u.startswith("https://docs.aws.amazon.com/") for u in rule.references)
            assert f"<{rule.references[0]}>" in text

"""Invariants of the rule registry: every rule is well described, every rule id the code emits is
registered, and every rule is covered by fixtures."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest

from governance.findings import Severity
from governance.lint import engine
from governance.lint.registry import RULES, by_id
from governance.lint.rule import Hit, Rule
from tests.conftest import ROOT, MakeRepo
from tests.test_rule_fixtures import FIXTURES

ID = re.compile(r"^[A-Z]{3}[0-9]{3}$")
SCOPES = {"policy", "role", "repository", "source", "engine"}
# Rules whose findings come from loading, compiling or the engine: no check of their own.
EMITTED_SCOPES = {"source", "engine"}
# A quoted rule id in Python source, such as "REF002" or 'WVR001'.
ID_LITERAL = re.compile(r"""["']([A-Z]{3}[0-9]{3})["']""")

# Emitted rules without a fixture folder, each with the reason a fixture is impractical.
# Keep this list short: a rule listed here is tested only where its emitter is.
NO_FIXTURE = {
    # An unreadable file (no permission, a folder named p.yaml) cannot be checked into git;
    # tests/test_source.py::test_load_path_unreadable covers it.
    "SRC000": "unreadable files cannot be fixtures",
    # A fixture over 2 MiB would bloat the repository; tests/test_source.py covers the limit.
    "SRC002": "needs a file over 2 MiB",
    # A fixture is copied with its links followed, and not every checkout keeps a file name
    # that is not UTF-8 or holds control characters; tests/test_hostile.py plants both.
    "SRC013": "links are followed when fixtures are copied",
    "SRC014": "such file names do not survive every checkout",
    # Only a crashing rule emits it and no input makes a correct rule crash;
    # test_a_crashing_rule_becomes_an_lnt001_finding below covers it.
    "LNT001": "needs a buggy rule",
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_well_described(rule: Rule) -> None:
    assert ID.match(rule.id), f"{rule.id!r} is not three capitals and three digits"
    assert rule.title.strip() and rule.title == rule.title.strip()
    assert not rule.title.endswith("."), "titles are labels, not sentences"
    assert rule.rationale.strip()
    assert isinstance(rule.severity, Severity)
    assert rule.scope in SCOPES


def test_rule_ids_are_unique() -> None:
    repeated = [rule_id for rule_id, n in Counter(r.id for r in RULES).items() if n > 1]
    assert repeated == []
    assert len(by_id()) == len(RULES)


def test_every_rule_id_in_the_code_is_registered() -> None:
    """A finding of an unregistered rule could be neither selected, waived nor explained."""
    unregistered = sorted(
        f"{path.relative_to(ROOT)}: {rule_id}"
        for path in (ROOT / "governance").rglob("*.py")
        for rule_id in set(ID_LITERAL.findall(path.read_text("utf-8")))
        if rule_id not in by_id()
    )
    assert unregistered == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_a_rule_that_is_not_emitted_has_a_check(rule: Rule) -> None:
    if rule.scope not in EMITTED_SCOPES:
        assert rule.check is not None, f"{rule.id} ({rule.scope}) would never report anything"


def test_every_emitted_rule_has_fixtures_unless_exempt() -> None:
    emitted = {r.id for r in RULES if r.scope in EMITTED_SCOPES}
    missing = sorted(i for i in emitted - NO_FIXTURE.keys() if not (FIXTURES / i).is_dir())
    assert missing == [], "add tests/fixtures/rules/<ID>/{bad,good}/ and expected.txt"


def test_fixture_exemptions_are_current() -> None:
    """An exemption must name an emitted rule that still has no fixture folder."""
    for rule_id in NO_FIXTURE:
        assert rule_id in by_id(), f"{rule_id} is exempt but not registered"
        assert by_id()[rule_id].scope in EMITTED_SCOPES
        assert not (FIXTURES / rule_id).exists(), f"{rule_id} has fixtures now: drop the exemption"


def test_every_fixture_folder_names_a_registered_rule() -> None:
    folders = [p.name for p in FIXTURES.iterdir() if p.is_dir()]
    assert sorted(f for f in folders if f not in by_id()) == []


def test_a_crashing_rule_becomes_an_lnt001_finding(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from governance.iam.compiler import compile_repository
    from governance.lint.build import build_context
    from governance.lint.settings import LintSettings
    from governance.repository import Repository

    def broken(target: object, ctx: object) -> Iterator[Hit]:
        raise ZeroDivisionError("boom")
        yield  # a generator, like every check

    crashing = Rule("TST999", "Crashes", "For this test.", Severity.WARNING, "repository", broken)
    monkeypatch.setattr(engine, "RULES", (*RULES, crashing))
    repo = Repository.load(make_repo({"personas/p.yaml": "schema_version: 1\nid: p\n"}))
    bundles, _ = compile_repository(repo)
    result = engine.lint(build_context(repo, bundles), LintSettings(), [])
    crashes = [f for f in result.findings if f.rule == "LNT001"]
    assert len(crashes) == 1 and "TST999 crashed: ZeroDivisionError: boom" in crashes[0].message
    assert crashes[0].severity is Severity.ERROR

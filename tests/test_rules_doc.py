"""docs/rules.md is generated from the registry and must be current; `mlgov explain RULE` tells
the same story in a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.lint import docs
from governance.lint.registry import RULES, by_id
from mlgov.cli import main as mlgov
from tests.conftest import ROOT

RULES_MD = ROOT / docs.DEFAULT_PATH


def test_rules_doc_is_current() -> None:
    current = RULES_MD.read_text("utf-8") if RULES_MD.is_file() else ""
    assert current == docs.render(), (
        f"{docs.DEFAULT_PATH} is not current: run `{docs.REGENERATE}` at the repository root "
        "and commit the result"
    )


def test_each_rule_has_the_anchor_its_help_uri_names() -> None:
    text = docs.render()
    for rule in RULES:
        page, _, fragment = rule.help_uri.partition("#")
        assert page.endswith(docs.DEFAULT_PATH.as_posix()) and fragment == rule.id.lower()
        assert text.count(f'<a id="{fragment}"></a>') == 1, rule.id
        assert f"](#{fragment})" in text, f"{rule.id} missing from the index table"


def test_sections_show_examples_and_escape_html() -> None:
    text = docs.render()
    src012 = text.split('<a id="src012"></a>')[1].split("<a id=")[0]
    assert "(&lt;&lt;)" in src012  # a merge key shown as written, not read as a tag
    iam001 = text.split('<a id="iam001"></a>')[1].split("<a id=")[0]
    assert "`mlgov --version`" in iam001  # code spans kept
    assert "```json\n" + by_id()["IAM001"].bad in iam001


def test_check_mode_exits_1_when_stale_and_write_makes_it_current(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "docs" / "rules.md"
    assert docs.main(["--check", "--out", str(out)]) == 1
    assert docs.REGENERATE in capsys.readouterr().err
    assert docs.main(["--out", str(out)]) == 0
    assert docs.main(["--check", "--out", str(out)]) == 0
    out.write_text(out.read_text("utf-8") + "edited by hand\n", "utf-8")
    assert docs.main(["--check", "--out", str(out)]) == 1


def test_explain_a_rule(capsys: pytest.CaptureFixture[str]) -> None:
    rule = by_id()["SRC004"]
    assert mlgov(["explain", "SRC004"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"SRC004: {rule.title}\n")
    for fact in ("severity: error", "scope:    source", "waivable: no"):
        assert fact in out
    assert " ".join(rule.rationale.split()) in " ".join(out.split())
    assert "    id: a\n    id: b\n" in out and "Fixed:\n    id: a\n" in out
    assert rule.help_uri in out


def test_explain_a_rule_ignoring_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert mlgov(["explain", "wvr003"]) == 0
    assert capsys.readouterr().out.startswith("WVR003: Expired waiver\n")


def test_explain_without_a_name_also_lists_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert mlgov(["-C", str(ROOT), "explain"]) == 0
    out = capsys.readouterr().out
    assert "activities:\n" in out and "personas:\n" in out and "rules:\n" in out
    rules_part = out.split("rules:\n")[1]
    assert all(f"  {rule.id} " in rules_part for rule in RULES)


def test_explain_an_activity_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    assert mlgov(["-C", str(ROOT), "explain", "manage-ml-jobs"]) == 0
    assert capsys.readouterr().out.startswith("manage-ml-jobs: ")


def test_explain_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert mlgov(["-C", str(ROOT), "explain", "XYZ999"]) == 2
    assert "no rule, activity or persona named 'XYZ999'" in capsys.readouterr().err

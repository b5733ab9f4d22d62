"""Every rule has a good and a bad fixture; the bad one gives exactly the expected (line, column)
findings of that rule, the good one none of that rule.

Layout: tests/fixtures/rules/<RULE>/ holds `bad.json` + `good.json` (standalone IAM policy files,
linted as `mlgov lint FILE` in an otherwise empty repository), or `bad/` + `good/` (whole
repositories, linted as `mlgov lint` at their root; a repository without pyproject.toml or
mlgov.yaml gets the default test configuration). `expected.txt` lists the bad fixture's findings
of that rule, one `FILE LINE COLUMN` per line (FILE relative to the linted root).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from governance.lint.registry import RULES
from mlgov.cli import main
from tests.conftest import CONFIG

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
RULE_DIRS = sorted(p for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []


def run_lint(root: Path, target: Path | None, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    if not (root / "pyproject.toml").exists() and not (root / "mlgov.yaml").exists():
        (root / "pyproject.toml").write_text(CONFIG + '\n[tool.mlgov.lint]\ntoday = "2026-11-28"\n')
    args = ["-C", str(root), "lint", "--format", "json"] + ([str(target)] if target else [])
    code = main(args)
    assert code in (0, 1), capsys.readouterr()
    return json.loads(capsys.readouterr().out)


def lint_fixture(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    root = tmp_path / "repo"
    if case.is_dir():
        shutil.copytree(case, root)
        return run_lint(root, None, capsys)
    root.mkdir()
    shutil.copy(case, root / case.name)
    return run_lint(root, root / case.name, capsys)


def _case(rule_dir: Path, kind: str) -> Path:
    found = [p for p in rule_dir.iterdir() if p.stem == kind]
    assert len(found) == 1, f"{rule_dir.name} needs exactly one {kind} fixture"
    return found[0]


@pytest.mark.parametrize("rule_dir", RULE_DIRS, ids=lambda p: p.name)
def test_bad_fixture_gives_exactly_the_expected_findings(
    rule_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = lint_fixture(_case(rule_dir, "bad"), tmp_path, capsys)
    found = sorted((r["file"], r["line"], r["column"]) for r in rows if r["rule"] == rule_dir.name)
    expected = sorted(
        (file, int(line), int(column))
        for file, line, column in (
            ln.split() for ln in (rule_dir / "expected.txt").read_text().splitlines() if ln.strip()
        )
    )
    assert expected, "expected.txt lists no finding"
    assert found == expected


@pytest.mark.parametrize("rule_dir", RULE_DIRS, ids=lambda p: p.name)
def test_good_fixture_has_no_finding_of_the_rule(
    rule_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = lint_fixture(_case(rule_dir, "good"), tmp_path, capsys)
    assert [r for r in rows if r["rule"] == rule_dir.name] == []


# IAM022 (role over the attached-policy quota) cannot be produced through `mlgov compile`, which
# refuses such a persona (CMP003); it guards hand-built bundles and is tested in
# tests/test_escalation.py with a RoleUnderTest instead. CRD003 (Archived card changed) needs
# git history, which a copied fixture folder has not; tests/test_card_rules.py builds one.
NO_FIXTURE = {"IAM022", "CRD003"}


def test_every_rule_with_a_check_has_fixtures() -> None:
    missing = [r.id for r in RULES if r.check is not None and not (FIXTURES / r.id).is_dir()]
    assert sorted(missing) == sorted(NO_FIXTURE)

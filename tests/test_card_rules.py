"""Card rules that fixture folders cannot show: CRD003 needs git history; waivers on cards.
(The lifecycle across branches, clones and the CLI as CI runs it: tests/test_lifecycle.py.)"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mlgov.cli import main
from tests.conftest import CONFIG, MakeRepo

TODAY = '\n[tool.mlgov.lint]\ntoday = "2026-11-28"\n'
ARCHIVED = """
schema_version: 1
id: old
status: Archived
model_overview: {model_description: Churn model of 2024.}
"""


def _lint(root: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int, int, str]]:
    code = main(["-C", str(root), "lint", "--format", "json"])
    assert code in (0, 1)
    rows = json.loads(capsys.readouterr().out)
    return [(r["rule"], r["line"], r["column"], r["message"]) for r in rows if not r["waived"]]


def _git(root: Path, *args: str) -> None:
    env = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *env, *args], cwd=root, check=True, capture_output=True)


def test_an_archived_card_edited_in_the_working_tree_is_reported(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo({"cards/old.yaml": ARCHIVED}, CONFIG + TODAY)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "archive")
    assert [r for r in _lint(root, capsys) if r[0] == "CRD003"] == []
    edited = ARCHIVED.replace("of 2024", "of 2025").lstrip("\n")
    (root / "cards/old.yaml").write_text(edited + "waivers: []\n")
    # a card not yet committed sits between committed ones in git's batch answer
    (root / "cards/new.yaml").write_text(ARCHIVED.replace("id: old", "id: new"))
    (root / "cards/zed.yaml").write_text(ARCHIVED.replace("id: old", "id: zed"))
    _git(root, "add", "cards/zed.yaml")
    _git(root, "commit", "-qm", "zed")
    (root / "cards/zed.yaml").write_text(
        ARCHIVED.replace("id: old", "id: zed").replace("Churn", "churn")
    )
    found = [r for r in _lint(root, capsys) if r[0] == "CRD003"]
    assert [r[:3] for r in found] == [("CRD003", 4, 17), ("CRD003", 5, 17)]  # old.yaml, zed.yaml
    first, second = (_head(root, "HEAD~1"), _head(root, "HEAD"))
    assert found[0][3] == f"'model_overview' of a card Archived in commit {first} has changed"
    assert found[1][3] == f"'model_overview' of a card Archived in commit {second} has changed"


def _head(root: Path, ref: str) -> str:
    done = subprocess.run(["git", "rev-parse", "--short=7", ref], cwd=root, capture_output=True)
    return done.stdout.decode().strip()


def test_outside_git_the_archived_rule_is_silent(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo({"cards/old.yaml": ARCHIVED}, CONFIG + TODAY)
    assert [r for r in _lint(root, capsys) if r[0] == "CRD003"] == []


def test_a_card_waiver_with_a_reason_silences_its_finding(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    card = """
    schema_version: 1
    id: c
    status: Draft
    review: {next: 2026-01-01}
    waivers:
      - {rule: CRD004, reason: Review moved to the Q1 committee, expires: 2027-01-31}
    """
    root = make_repo({"cards/c.yaml": card}, CONFIG + TODAY)
    assert _lint(root, capsys) == []
    (root / "cards/c.yaml").write_text(
        (root / "cards/c.yaml").read_text().replace("CRD004", "CRD005")
    )
    assert sorted((r[0], r[1]) for r in _lint(root, capsys)) == [("CRD004", 4), ("WVR002", 6)]

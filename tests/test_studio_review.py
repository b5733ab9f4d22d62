"""`mlgov review` shows Studio user profiles added, removed, or moved to another persona, as a
subprocess on a temporary git repository (the command a pull request's CI runs)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_review import commit, git

FIXTURE = Path(__file__).parent / "fixtures" / "studio" / "repo"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "gov"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    studio = root / "studio" / "lab.yaml"
    text = studio.read_text("utf-8")
    text = text.replace("  cy:\n    persona: engineer\n", "")  # removed
    text = text.replace("  ben:\n    persona: engineer", "  ben:\n    persona: scientist")  # moved
    text += "  dee:\n    persona: engineer\n"  # added
    studio.write_text(text, "utf-8")
    return root


def review(root: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mlgov", "-C", str(root), "--no-cache", "review", "main", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_review_lists_profiles_added_removed_and_moved(repo: Path) -> None:
    data = json.loads(review(repo, "--format", "json"))
    changes = [
        (p["name"], p["change"], p["persona_before"], p["persona_after"]) for p in data["profiles"]
    ]
    assert changes == [
        ("ben", "moved", "engineer", "scientist"),
        ("cy", "removed", "engineer", None),
        ("dee", "added", None, "engineer"),
    ]
    assert {p["domain"] for p in data["profiles"]} == {"d-lab"}
    assert data["summary"]["profiles_changed"] == 3

    text = review(repo)
    assert "3 Studio user profiles changed" in text.splitlines()[2]
    assert "### Studio user profiles (3 changed)" in text
    assert "| `ben` | `d-lab` | **moved** | `engineer` | `scientist` | `studio/lab.yaml` |" in text
    assert "| `cy` | `d-lab` | removed | `engineer` | — | `studio/lab.yaml` |" in text


def test_a_studio_file_that_does_not_load_is_not_a_removal(repo: Path) -> None:
    (repo / "studio" / "lab.yaml").write_text("schema_version: 1\nid: d-lab\nprofiles: [\n")
    data = json.loads(review(repo, "--format", "json"))
    assert data["profiles"] == []
    assert any(f["rule"] == "SRC003" for f in data["findings"]["new"])


def test_a_review_without_studio_changes_has_no_studio_section(repo: Path) -> None:
    commit(repo, "head")
    text = review(repo, "HEAD")
    assert "Studio" not in text

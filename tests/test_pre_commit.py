"""The pre-commit hook `mlgov init` writes, run by pre-commit itself as a person's `git commit`
runs it: a commit that breaks a card is refused with the finding, a fixed one goes through,
and a commit that touches no governance data does not run mlgov at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
pytestmark = pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is not installed: pip install -e '.[dev]'"
)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PATH"] = f"{BIN}:/usr/bin:/bin"  # the hook is `language: system`: mlgov from PATH
    env["HOME"] = str(tmp_path / "home")
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    env["SOURCE_DATE_EPOCH"] = "1796083200"
    return env


def _run(repo: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root, env = tmp_path / "governance", _env(tmp_path)
    (tmp_path / "home").mkdir()
    root.mkdir()
    for argv in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "config", "user.email", "dev@example.com"],
        ["git", "config", "user.name", "Dev"],
        ["mlgov", "init", "--account", "111122223333", "--region", "eu-west-1"],
        ["git", "add", "-A"],
        ["git", "commit", "-qm", "mlgov init"],
        [str(PRE_COMMIT), "install"],
    ):
        done = _run(root, env, *argv)
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
    return root, env


def test_a_commit_that_breaks_a_card_is_refused(repo: tuple[Path, dict[str, str]]) -> None:
    root, env = repo
    card = next((root / "cards").glob("*.yaml"))
    good = card.read_text("utf-8")
    card.write_text(good.replace("status: Draft", "status: Aproved", 1), "utf-8")
    line = card.read_text("utf-8").splitlines().index("status: Aproved") + 1
    _run(root, env, "git", "add", "-A")
    refused = _run(root, env, "git", "commit", "-m", "break the card")
    assert refused.returncode != 0
    said = refused.stdout + refused.stderr  # git runs the hook with its output on stderr
    assert "mlgov lint" in said and "Failed" in said
    assert f"cards/{card.name}:{line}:9: SCH004" in said  # the finding, at its line
    log = _run(root, env, "git", "log", "--oneline").stdout.splitlines()
    assert len(log) == 1  # nothing was committed

    card.write_text(good.replace("title: First model", "title: First model, renamed"), "utf-8")
    _run(root, env, "git", "add", "-A")
    fixed = _run(root, env, "git", "commit", "-m", "a valid edit")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "mlgov lint" in fixed.stderr and "Passed" in fixed.stderr


def test_a_commit_without_governance_data_skips_the_hook(
    repo: tuple[Path, dict[str, str]],
) -> None:
    root, env = repo
    (root / "notes.txt").write_text("not governance data\n", "utf-8")
    _run(root, env, "git", "add", "notes.txt")
    done = _run(root, env, "git", "commit", "-m", "notes")
    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "mlgov lint" in said and "Skipped" in said

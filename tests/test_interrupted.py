"""Runs killed midway and runs at the same time, as `python -m mlgov` in a git copy of the
example repository: a build or a compile killed (SIGKILL, the whole process group) at any
point leaves the previous output byte-identical, or the new one whole; the next run cleans up
and succeeds; two runs at once leave one complete output with no placeholder in any page."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile_cases import ROOT, TIMEOUT, case_env, make_template, tree_state

PLACEHOLDER = re.compile(rb"mlgov:fragment")
Ready = Callable[[], bool]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return case_env(tmp_path_factory.mktemp("interrupted-cache"))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """The example repository with a site built once: every test starts from a whole site
    and leaves one (the tests edit a card, so each build has something new to publish)."""
    root = make_template(tmp_path_factory.mktemp("interrupted") / "repo")
    assert mlgov(root, env, "build", "--no-pdf").returncode == 0
    return root


def mlgov(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mlgov", "-C", str(root), *args]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def start(root: Path, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "mlgov", "-C", str(root), *args]
    return subprocess.Popen(
        cmd,
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # the kill takes its PDF workers too, as a CI cancel would
    )


def kill_when(proc: subprocess.Popen[bytes], ready: Ready) -> bool:
    """SIGKILL the run's process group once `ready()`; False when it ended first."""
    deadline = time.monotonic() + TIMEOUT
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(TIMEOUT)
            return True
        time.sleep(0.002)
    proc.wait(TIMEOUT)
    return False


def after(seconds: float) -> Ready:
    moment = time.monotonic() + seconds
    return lambda: time.monotonic() >= moment


def stage_holds(parent: Path, name: str, inner: str = "") -> Ready:
    """The run's new folder beside `parent/name` exists (and holds `inner`)."""
    prefix = f".{name}.mlgov-new-"

    def ready() -> bool:
        stages = [parent / n for n in os.listdir(parent) if n.startswith(prefix)]
        return any((s / inner).exists() if inner else True for s in stages)

    return ready


def leftovers(parent: Path, name: str) -> list[str]:
    return sorted(n for n in os.listdir(parent) if n.startswith(f".{name}.mlgov-"))


def assert_complete_site(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert (site / "index.html").is_file() and (site / ".mlgov-site").is_file()
    assert len(pages) > 10
    assert not [p for p in pages if PLACEHOLDER.search(p.read_bytes())], "a page kept a placeholder"


def edit_card(root: Path, label: str) -> None:
    """A visible change (the card's title), so the new site differs from the one it replaces."""
    card = root / "cards" / "demand-forecast.yaml"  # a Draft: an edit needs no re-approval
    text = re.sub(
        r"(?m)^title: .*$", f"title: Weekly demand forecast ({label})", card.read_text("utf-8")
    )
    card.write_text(text, "utf-8")


POINTS: dict[str, Callable[[Path], Ready]] = {
    "after 0.2 s": lambda root: after(0.2),
    "after 1 s": lambda root: after(1.0),
    "when the new folder appears": lambda root: stage_holds(root, "site"),
    "when mkdocs has built it": lambda root: stage_holds(root, "site", "sitemap.xml"),
}


@pytest.mark.parametrize("point", sorted(POINTS))
def test_killed_build_leaves_the_previous_site(repo: Path, env: dict[str, str], point: str) -> None:
    before = tree_state(repo / "site")
    edit_card(repo, point)
    killed = kill_when(start(repo, env, "build", "--no-pdf"), POINTS[point](repo))
    now = tree_state(repo / "site")
    if point.startswith("when"):
        assert killed, "the build ended before the point"
        assert now == before, "the previous site changed"
    elif now != before:  # a timed kill came after the swap: the new site, whole
        assert_complete_site(repo / "site")
    rebuilt = mlgov(repo, env, "build", "--no-pdf")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert leftovers(repo, "site") == []
    assert_complete_site(repo / "site")


def test_build_killed_while_making_pdfs_leaves_the_previous_site(
    repo: Path, env: dict[str, str]
) -> None:
    before = tree_state(repo / "site")
    edit_card(repo, "pdf")
    proc = start(repo, env, "build", "--jobs", "2")
    assert kill_when(proc, stage_holds(repo, "site", "index.html")), "the build ended first"
    assert tree_state(repo / "site") == before
    assert mlgov(repo, env, "build", "--no-pdf").returncode == 0
    assert leftovers(repo, "site") == []


def test_two_builds_at_once_publish_one_complete_site(repo: Path, env: dict[str, str]) -> None:
    edit_card(repo, "concurrent")
    runs = [start(repo, env, "build", "--no-pdf") for _ in range(2)]
    errors = [run.communicate(timeout=TIMEOUT)[1].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert any("waiting for another mlgov run" in e for e in errors), errors
    assert_complete_site(repo / "site")
    assert leftovers(repo, "site") == []


def test_a_held_lock_is_waited_for_then_refused(repo: Path, env: dict[str, str]) -> None:
    before = tree_state(repo / "site")
    lock = repo / "build" / "mlgov.lock"
    with open(lock, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        started = time.monotonic()
        done = mlgov(repo, {**env, "MLGOV_LOCK_TIMEOUT": "0.5"}, "build", "--no-pdf")
        waited = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert "another mlgov run" in done.stderr and "build/mlgov.lock" in done.stderr
    assert "Traceback" not in done.stderr
    assert waited < TIMEOUT / 2
    assert tree_state(repo / "site") == before


def test_a_run_killed_between_the_fallback_renames_is_recovered(
    repo: Path, env: dict[str, str]
) -> None:
    """Where the atomic exchange is missing, the swap is two renames; a kill between them
    leaves the old site beside its place, and the next run puts it back, then builds."""
    (repo / "site" / ".nojekyll").write_text("", "utf-8")
    os.rename(repo / "site", repo / ".site.mlgov-old-12345")
    (repo / ".site.mlgov-new-stale").mkdir()  # a half-built folder of another killed run
    (repo / ".site.mlgov-new-stale" / "index.html").write_text("half", "utf-8")
    done = mlgov(repo, env, "build", "--no-pdf")
    assert done.returncode == 0, done.stderr
    assert leftovers(repo, "site") == []
    assert (repo / "site" / ".nojekyll").is_file()  # it was the old site that came back
    assert_complete_site(repo / "site")


def test_hidden_entries_of_the_site_survive_a_build(repo: Path, env: dict[str, str]) -> None:
    """A gh-pages checkout in the site folder: its .git is the user's, as with mkdocs."""
    git = repo / "site" / ".git"
    (git / "refs").mkdir(parents=True, exist_ok=True)
    (git / "HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")
    os.symlink("HEAD", git / "link")
    edit_card(repo, "hidden")
    assert mlgov(repo, env, "build", "--no-pdf").returncode == 0
    assert (git / "HEAD").read_text("utf-8") == "ref: refs/heads/gh-pages\n"
    assert os.readlink(git / "link") == "HEAD" and (git / "refs").is_dir()
    assert_complete_site(repo / "site")


def test_a_site_of_an_earlier_mlgov_is_recognised(repo: Path, env: dict[str, str]) -> None:
    """Earlier versions wrote no marker: sitemap.xml, search/search_index.json and
    assets/mlgov.js together say mlgov built the folder."""
    (repo / "site" / ".mlgov-site").unlink()
    assert mlgov(repo, env, "build", "--no-pdf").returncode == 0
    assert (repo / "site" / ".mlgov-site").is_file()


def test_a_folder_that_only_looks_like_a_site_is_refused(
    repo: Path, env: dict[str, str], tmp_path: Path
) -> None:
    other = tmp_path / "mkdocs-site"
    (other / "search").mkdir(parents=True)
    (other / "sitemap.xml").write_text("<urlset/>", "utf-8")
    (other / "search" / "search_index.json").write_text("{}", "utf-8")
    (other / "notes.md").write_text("mine", "utf-8")
    done = mlgov(repo, env, "build", "--no-pdf", "--out", str(other))
    assert done.returncode == 2 and "mlgov did not make" in done.stderr
    assert (other / "notes.md").read_text("utf-8") == "mine"


# --- compile ---------------------------------------------------------------------------------


def edit_persona(root: Path, hours: int) -> None:
    persona = root / "personas" / "mlops.yaml"
    text = re.sub(r"max_session_hours: \d+", f"max_session_hours: {hours}", persona.read_text())
    persona.write_text(text, "utf-8")


COMPILE_POINTS: dict[str, Callable[[Path], Ready]] = {
    "after 0.1 s": lambda root: after(0.1),
    "after 0.3 s": lambda root: after(0.3),
    "after 0.5 s": lambda root: after(0.5),
    "when the new folder appears": lambda root: stage_holds(root, "compiled"),
}


@pytest.mark.parametrize("point", sorted(COMPILE_POINTS))
def test_killed_compile_leaves_old_or_new_policies_never_a_mix(
    repo: Path, env: dict[str, str], point: str
) -> None:
    old = tree_state(repo / "compiled")
    edit_persona(repo, 1 + sorted(COMPILE_POINTS).index(point))  # differs from the last
    kill_when(start(repo, env, "compile"), COMPILE_POINTS[point](repo))
    killed = tree_state(repo / "compiled")
    done = mlgov(repo, env, "compile")
    assert done.returncode == 0, done.stderr
    new = tree_state(repo / "compiled")
    assert new != old
    assert killed in (old, new), "compiled/ holds old and new policies mixed"
    assert leftovers(repo, "compiled") == []
    assert mlgov(repo, env, "compile", "--check").returncode == 0


def test_two_compiles_at_once(repo: Path, env: dict[str, str]) -> None:
    edit_persona(repo, 6)
    runs = [start(repo, env, "compile") for _ in range(2)]
    errors = [run.communicate(timeout=TIMEOUT)[1].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert mlgov(repo, env, "compile", "--check").returncode == 0
    assert leftovers(repo, "compiled") == []


def test_the_example_compiled_folder_is_still_accepted() -> None:
    """The committed compiled/ carries the marker: `mlgov compile` may replace it."""
    assert (ROOT / "compiled" / ".mlgov-compiled").is_file()

"""Card history from git: a card followed through its life (by id, across a move), and what it
costs: one `git log` for a build, none when HEAD has not moved (the cache), and a shallow
clone's cut-off history read but never cached. git is watched through a shim on PATH that logs
each call and runs the real git."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from governance.cards.digest import content_digest
from governance.cards.gitlog import working_source
from governance.cards.history import load_history
from governance.cards.timeline import card_timeline
from governance.source import load_yaml_bytes
from site_builder.data import load_inputs
from site_builder.pdf.build import print_documents
from tests.test_lifecycle import CONFIG, commit, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CARD = """\
schema_version: 1
id: churn
status: Draft
owner: Ana
contacts: [{name: Ana}, {name: Bo}]
intended_uses: {risk_rating: Low}
model_overview: {model_description: Churn scores.}
"""


def write(root: Path, name: str, text: str) -> None:
    path = root / "cards" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def bound(text: str) -> str:
    """The card approved by Bo, with its digest."""
    digest = content_digest(load_yaml_bytes(text.encode(), "c.yaml").data or {})
    approval = f"approvals: [{{by: Bo, date: 2026-11-02, digest: '{digest}'}}]\n"
    return text.replace("status: PendingReview", "status: Approved") + approval


@pytest.fixture
def lived(tmp_path: Path) -> Path:
    root = tmp_path / "gov"
    root.mkdir()
    (root / "pyproject.toml").write_text(CONFIG)
    git(root, "init", "-q", "-b", "main")
    write(root, "churn.yaml", CARD)
    commit(root, "draft")
    review = CARD.replace("Draft", "PendingReview").replace("Low", "High")
    write(root, "churn.yaml", review)
    commit(root, "to review, rated High")
    write(root, "churn.yaml", bound(review))
    commit(root, "approved")
    git(root, "mv", "cards/churn.yaml", "cards/churn-model.yaml")
    commit(root, "moved")
    write(root, "churn-model.yaml", bound(review).replace("Approved", "Archived"))
    commit(root, "archived")
    return root


def test_a_card_is_followed_through_its_life_by_its_id(lived: Path) -> None:
    source = working_source(lived)
    assert source is not None and not source.shallow
    history = load_history(source, "cards")
    assert history is not None
    events = card_timeline(history, "churn")
    assert [e.what for e in events] == ["created", "changed", "changed", "moved", "changed"]
    assert [e.status for e in events] == [
        (None, "Draft"),
        ("Draft", "PendingReview"),
        ("PendingReview", "Approved"),
        None,
        ("Approved", "Archived"),
    ]
    assert events[1].risk == ("Low", "High") and events[1].fields == ("intended_uses",)
    (approval,) = events[2].approvals
    assert (approval.by, approval.date) == ("Bo", "2026-11-02")
    assert approval.digest == events[2].digest  # it approved what it was recorded with
    assert events[3].path == "cards/churn-model.yaml" and events[3].fields == ()
    assert {e.author for e in events} == {"Ana Example"}
    assert events[0].commit == git(lived, "rev-list", "--max-parents=0", "HEAD")


def _shim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `git` first on PATH that logs its arguments, one call a line, and runs the real one;
    what `cat-file` is asked for goes to `<log>.stdin`."""
    real, log = shutil.which("git"), tmp_path / "git-calls.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "git"
    shim.write_text(
        f'#!/bin/sh\necho "$*" >> "{log}"\n'
        f'case "$*" in *cat-file*) tee -a "{log}.stdin" | "{real}" "$@";;\n'
        f'*) exec "{real}" "$@";;\nesac\n'
    )
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


def _logs(log: Path) -> int:
    calls = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return sum(" log " in f" {c} " for c in calls)


def test_one_git_log_per_build_and_none_while_head_stays(
    lived: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(30):
        write(lived, f"card-{n:02d}.yaml", CARD.replace("id: churn", f"id: card-{n:02d}"))
    commit(lived, "thirty more")
    log = _shim(tmp_path, monkeypatch)
    inputs = load_inputs(lived)  # lint, history, pages' data
    documents = print_documents(inputs)  # every card's print HTML, revisions included
    assert _logs(log) == 1
    assert "approved by Bo" in next(d.html for d in documents if d.id == "churn")
    print_documents(load_inputs(lived))
    assert _logs(log) == 0  # HEAD unchanged: the history comes from the cache
    write(lived, "card-00.yaml", CARD.replace("id: churn", "id: card-00").replace("Low", "High"))
    commit(lived, "card-00 rated High")
    inputs = load_inputs(lived)
    assert _logs(log) == 1
    assert inputs.history is not None
    assert card_timeline(inputs.history, "card-00")[-1].risk == ("Low", "High")


def test_a_shallow_history_is_read_but_never_cached(
    lived: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{lived}", str(clone))
    log = _shim(tmp_path, monkeypatch)
    for _ in range(2):
        source = working_source(clone)
        assert source is not None and source.shallow
        history = load_history(source, "cards")
        assert history is not None
        # two commits: the boundary shows the card as it was then, added
        assert [e.what for e in card_timeline(history, "churn")] == ["created", "changed"]
        assert _logs(log) == 1


def test_outside_git_there_is_no_history(tmp_path: Path) -> None:
    write(tmp_path, "churn.yaml", CARD)
    assert working_source(tmp_path) is None
    inputs = load_inputs(tmp_path)
    assert inputs.history is None
    html = next(d.html for d in print_documents(inputs) if d.id == "churn")
    assert "No git history: the repository is not a git checkout." in html


def test_without_git_installed_there_is_no_history(
    lived: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert working_source(lived) is None


def test_odd_history_neither_crashes_nor_misleads(lived: Path) -> None:
    """Versions that were never valid cards, a file name git would quote, and the user's own
    git settings that change what `git log` prints."""
    write(lived, "broken.yaml", "id: [unclosed\n")
    write(lived, "list.yaml", "- id: x\n")
    write(lived, "odd approvals.yaml", CARD.replace("id: churn", "id: odd") + "approvals: 3\n")
    write(lived, "naïve\tname.yaml", CARD.replace("id: churn", "id: tabbed"))
    commit(lived, "odd files")
    config = lived.parent / "gitconfig"
    config.write_text(
        "[log]\n\tshowSignature = true\n\tshowRoot = false\n\tdecorate = full\n"
        "[diff]\n\trenames = copies\n[color]\n\tui = always\n[core]\n\tquotepath = true\n"
    )
    source = working_source(lived)
    assert source is not None
    plain = load_history(source, "cards", cached=False)
    os.environ["GIT_CONFIG_GLOBAL"] = str(config)
    try:
        configured = load_history(source, "cards", cached=False)
    finally:
        del os.environ["GIT_CONFIG_GLOBAL"]
    assert plain is not None and configured == plain
    assert {c.path for c in plain.changes} >= {"cards/naïve\tname.yaml", "cards/broken.yaml"}
    broken = next(c for c in plain.changes if c.path == "cards/broken.yaml")
    assert broken.after is not None and broken.after.id is None  # not a card: no id
    assert [e.what for e in card_timeline(plain, "tabbed")] == ["created"]
    assert card_timeline(plain, "odd")[0].approvals == ()


def test_a_damaged_history_cache_is_read_from_git_again(lived: Path) -> None:
    source = working_source(lived)
    assert source is not None
    first = load_history(source, "cards")
    folder = Path(os.environ["MLGOV_CACHE_DIR"])
    (written,) = folder.glob("history-*.json")
    for damage in (b"{not json", b"[]", b'{"heads": {"x": 1}, "versions": []}'):
        written.write_bytes(damage)
        assert load_history(source, "cards") == first
    load_history(source, "cards")  # written again, whole
    content = json.loads(written.read_text())
    good = json.dumps(content)
    content["heads"][source.commit] = [["too", "short"]]  # rows of another shape
    content["versions"] = {sha: ["not", "a", "version"] for sha in content["versions"]}
    written.write_text(json.dumps(content))
    assert load_history(source, "cards") == first
    written.write_text(good.replace(source.commit or "", "f" * 40))  # the head is not there
    assert load_history(source, "cards") == first


def test_versions_the_tree_has_loaded_are_not_read_from_git_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from governance.cards.lifecycle import Lineage

    root = tmp_path / "gov"
    root.mkdir()
    (root / "pyproject.toml").write_text(CONFIG)
    git(root, "init", "-q", "-b", "main")
    for n in range(5):
        write(root, f"c{n}.yaml", CARD.replace("id: churn", f"id: c{n}"))
    commit(root, "five")
    write(root, "c0.yaml", CARD.replace("id: churn", "id: c0").replace("Low", "High"))
    parsed = [
        (p, load_yaml_bytes(p.read_bytes(), p.name).data) for p in sorted(root.glob("cards/*"))
    ]
    log = _shim(tmp_path, monkeypatch)
    history = Lineage(working_source(root), "cards", cached=False, parsed=parsed).history
    assert history is not None and len(history.changes) == 5
    asked = Path(f"{log}.stdin")
    # c0 was edited since: only its committed version is read from git
    assert len(asked.read_text().split()) == 1
    assert card_timeline(history, "c0")[0].risk == (None, "Low")
    commit(root, "c0 rated High")
    asked.unlink()
    history = Lineage(working_source(root), "cards", cached=False, parsed=parsed).history
    assert history is not None and card_timeline(history, "c0")[-1].risk == ("Low", "High")
    assert len(asked.read_text().split()) == 1  # the older c0; the five now are the tree's

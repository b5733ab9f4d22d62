"""Output folders (governance/outputs): what may be claimed, how a new folder replaces the old
one, what of the old is kept. The command-line cases are in tests/test_hostile.py and
tests/test_interrupted.py; these call the functions, for the paths a run rarely takes (the
fallback without an atomic exchange, an error midway)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from governance.findings import MlgovError
from governance.iam.compiler import compile_repository
from governance.iam.output import MARKER, write_bundles
from governance.outputs import OutputKind, carry_hidden, claim_output, staged
from governance.outputs import stage as stage_module
from governance.repository import Repository
from site_builder.publish import SITE
from tests.conftest import ROOT

KIND = OutputKind("the test output", ".mlgov-test", "test\n", hidden_kept=True)


def _folder(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, "utf-8")
    return path


def test_the_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    old = _folder(tmp_path / "out", {"a": "old"})
    new = _folder(tmp_path / "new", {"a": "new"})
    inode = new.stat().st_ino
    if not stage_module.exchange(new, old):
        pytest.skip("this file system has no RENAME_EXCHANGE (the fallback is tested below)")
    assert (tmp_path / "out" / "a").read_text() == "new" and old.stat().st_ino == inode
    assert (tmp_path / "new" / "a").read_text() == "old"


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two renames"])
def test_staged_replaces_the_folder_and_keeps_hidden_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atomic: bool
) -> None:
    if not atomic:
        monkeypatch.setattr(stage_module, "exchange", lambda first, second: False)
    out = _folder(tmp_path / "site", {"index.html": "old", "gone.html": "old", ".git/HEAD": "x"})
    head = (out / ".git" / "HEAD").stat().st_ino
    with staged(out, KIND, carry_hidden) as stage:
        (stage / "index.html").write_text("new", "utf-8")
    assert sorted(os.listdir(out)) == [".git", ".mlgov-test", "index.html"]
    assert (out / "index.html").read_text() == "new"
    assert (out / ".git" / "HEAD").stat().st_ino == head  # linked, not rewritten
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_an_error_midway_leaves_the_old_folder_and_no_stage(tmp_path: Path) -> None:
    out = _folder(tmp_path / "site", {"index.html": "old"})
    with pytest.raises(RuntimeError), staged(out, KIND) as stage:
        (stage / "index.html").write_text("half", "utf-8")
        raise RuntimeError("killed, say")
    assert (out / "index.html").read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_recover_puts_back_an_old_folder_left_between_the_two_renames(tmp_path: Path) -> None:
    _folder(tmp_path / ".site.mlgov-old-7", {"index.html": "old"})
    _folder(tmp_path / ".site.mlgov-new-x", {"index.html": "half"})
    stage_module.recover(tmp_path / "site")
    assert sorted(os.listdir(tmp_path)) == ["site"]
    assert (tmp_path / "site" / "index.html").read_text() == "old"


def test_a_folder_of_hidden_entries_only_is_claimable_for_the_site(tmp_path: Path) -> None:
    """A fresh gh-pages clone: nothing but .git, which the build keeps."""
    repo = _folder(tmp_path / "repo", {"personas/p.yaml": "id: p\n"})
    site = _folder(tmp_path / "pages", {".git/HEAD": "ref\n"})
    protected = {"personas": repo / "personas"}
    assert claim_output(site, SITE, repo, protected, explicit=True) == site.resolve()
    (site / "notes.md").write_text("mine", "utf-8")
    with pytest.raises(MlgovError, match="did not make"):
        claim_output(site, SITE, repo, protected, explicit=True)


def test_an_output_inside_the_repository_by_default_only(tmp_path: Path) -> None:
    repo = _folder(tmp_path / "repo", {"personas/p.yaml": "id: p\n"})
    (tmp_path / "elsewhere").mkdir()
    os.symlink("../elsewhere", repo / "site")
    with pytest.raises(MlgovError, match="outside the repository"):
        claim_output(repo / "site", SITE, repo, {}, explicit=False)
    assert claim_output(repo / "site", SITE, repo, {}, explicit=True) == tmp_path / "elsewhere"


def test_compile_keeps_what_mlgov_did_not_write(tmp_path: Path) -> None:
    repo = Repository.load(ROOT)
    bundles, _ = compile_repository(repo)
    out = tmp_path / "compiled"
    write_bundles(bundles, out)
    _folder(out, {"README.md": "ours", "mlops/NOTES.txt": "a note", "gone/manifest.json": "{}"})
    (out / "mlops" / "role.json").write_text("{}", "utf-8")  # stale: compiled anew
    changed = write_bundles(bundles, out)
    assert (out / "README.md").read_text() == "ours"
    assert (out / "mlops" / "NOTES.txt").read_text() == "a note"
    assert not (out / "gone").exists()  # a persona folder of a persona no longer there
    assert (out / MARKER).is_file()
    assert sorted(p.relative_to(out).as_posix() for p in changed) == ["gone", "mlops/role.json"]
    assert write_bundles(bundles, out) == []  # nothing to change: nothing written


@pytest.mark.parametrize("out", ["/", "/usr", "/tmp"])
def test_the_file_system_root_and_system_folders_are_refused(tmp_path: Path, out: str) -> None:
    """Checked alone, never by running a build into them: the check itself is what is tested."""
    repo = _folder(tmp_path / "repo", {"personas/p.yaml": "id: p\n"})
    with pytest.raises(MlgovError, match=r"repository|did not make"):
        claim_output(Path(out), SITE, repo, {}, explicit=True)

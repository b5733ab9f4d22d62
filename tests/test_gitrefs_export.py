"""Exporting a git ref for a review: into memory when there is room, else the usual temporary
folder; links and odd names through tarfile's "data" filter."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from governance.review import gitrefs

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _repo(root: Path) -> gitrefs.Ref:
    (root / "cards").mkdir(parents=True)
    (root / "cards" / "a.yaml").write_text("id: a\n")
    (root / "top.yaml").write_text("x: 1\n")
    os.symlink("top.yaml", root / "link.yaml")
    for args in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *args], cwd=root, env=ENV, check=True)
    commit = ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one"]
    subprocess.run(["git", *commit], cwd=root, env=ENV, check=True)
    return gitrefs.resolve(root, "HEAD")


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_full_memory_file_system_falls_back_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = _repo(tmp_path / "repo")
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(gitrefs, "_scratch_parents", lambda size: [str(memory), None])
    real = gitrefs._extract

    def full(archive: bytes, folder: Path) -> None:
        if folder.parent == memory:
            raise OSError(28, "No space left on device")
        real(archive, folder)

    monkeypatch.setattr(gitrefs, "_extract", full)
    with gitrefs.exported(ref) as folder:
        assert folder.parent != memory
        assert _files(folder) == {
            "cards/a.yaml": "id: a\n",
            "link.yaml": "x: 1\n",
            "top.yaml": "x: 1\n",
        }
    assert not list(memory.iterdir())


def test_plain_archives_are_written_directly_and_links_filtered(tmp_path: Path) -> None:
    ref = _repo(tmp_path / "repo")
    with gitrefs.exported(ref) as folder:
        assert (folder / "link.yaml").is_symlink()  # via the "data" filter: inside, so kept
        assert _files(folder)["cards/a.yaml"] == "id: a\n"


def test_tmpdir_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert gitrefs._scratch_parents(100) == [None]
    monkeypatch.delenv("TMPDIR")
    monkeypatch.setattr(gitrefs, "MEMORY", tmp_path / "absent")
    assert gitrefs._scratch_parents(100) == [None]
    monkeypatch.setattr(gitrefs, "MEMORY", tmp_path)
    assert gitrefs._scratch_parents(100) == [str(tmp_path), None]
    assert gitrefs._scratch_parents(2**62) == [None]

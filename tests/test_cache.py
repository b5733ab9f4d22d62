"""The document cache (governance/cache): hits, misses, damage, location, and switching it off.
Each test has its own MLGOV_CACHE_DIR (conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from governance.cache import fingerprint, open_cache
from governance.cache.location import cache_file, cache_folder
from governance.repository import Repository
from mlgov.cli import main
from tests.conftest import MakeRepo

PERSONA = """
    schema_version: 1
    id: analyst
    title: Analyst
    description: Reads data.
    activities: [s3-bucket-access]
"""
CARD = """
    schema_version: 1
    id: fraud
    status: Draft
    model_overview:
      model_name: fraud
"""


@pytest.fixture
def root(make_repo: MakeRepo) -> Path:
    return make_repo({"personas/analyst.yaml": PERSONA, "cards/fraud.yaml": CARD})


def _cache_dir() -> Path:
    return Path(os.environ["MLGOV_CACHE_DIR"])


def _load(root: Path) -> tuple[Repository, int, int]:
    """The repository, and how many files came from the cache and how many were loaded."""
    cache = open_cache(root)
    assert cache is not None
    repo = Repository.load(root, cache=cache)
    cache.save()
    return repo, len(cache.used), len(cache.added)


def _lint(root: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    code = main([*options, "-C", str(root), "lint"])
    return code, capsys.readouterr().out


def test_second_load_is_served_from_the_cache(root: Path) -> None:
    first, hits, loaded = _load(root)
    assert hits == 0 and loaded > 2  # the two files and the built-in catalog
    second, hits, loaded = _load(root)
    assert (hits, loaded) == (hits, 0) and hits > 2
    assert second.findings == first.findings
    assert second.personas["analyst"].origin.doc.data == first.personas["analyst"].origin.doc.data


def test_changed_bytes_miss(root: Path) -> None:
    _load(root)
    persona = root / "personas/analyst.yaml"
    persona.write_text(persona.read_text().replace("Reads data.", "Reads more data."))
    repo, _, loaded = _load(root)
    assert loaded == 1
    assert repo.personas["analyst"].description == "Reads more data."


def test_changed_fingerprint_misses_everything(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, loaded = _load(root)
    monkeypatch.setattr(fingerprint, "_versions", lambda: ["another mlgov"])
    fingerprint.loader_fingerprint.cache_clear()
    try:
        assert not open_cache(root).stored  # type: ignore[union-attr]
        assert _load(root)[1:] == (0, loaded)
    finally:
        fingerprint.loader_fingerprint.cache_clear()


def test_the_fingerprint_covers_loader_and_schema_files() -> None:
    names = {p.relative_to(fingerprint.PACKAGE).as_posix() for p in fingerprint._files()}
    assert {"source/yaml_builder.py", "schemas/card.schema.json", "schemas/quick.py"} <= names
    assert {"cache/codec.py", "findings.py"} <= names


@pytest.mark.parametrize(
    "damage",
    [
        b"not json at all {",
        b"\xff\xfe\x00",
        b'{"format": 1, "fingerprint": "x", "entries": []}',
        b"[]",
        b"",
    ],
)
def test_a_corrupt_cache_file_is_ignored(
    root: Path, capsys: pytest.CaptureFixture[str], damage: bytes
) -> None:
    expected = _lint(root, capsys, "--no-cache")
    target = cache_file(root)
    assert target is not None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(damage)
    assert _lint(root, capsys) == expected
    assert _lint(root, capsys) == expected  # and the file was rewritten, sound


def test_corrupt_entries_are_misses(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _lint(root, capsys, "--no-cache")
    _lint(root, capsys)
    cache = open_cache(root)
    assert cache is not None and cache.stored
    damaged = [["[1, 2]", None], "text", [None, None], ['[{}, [["x"]], []]', "[]"]]
    for key, bad in zip(cache.stored, damaged * len(cache.stored), strict=False):
        cache.stored[key] = bad
    cache.added = dict(cache.stored)
    cache.save()
    assert _lint(root, capsys) == expected


def test_damaged_positions_fall_back_to_loading(root: Path) -> None:
    _load(root)
    cache = open_cache(root)
    assert cache is not None
    for entry in cache.stored.values():
        if entry[1] is not None:
            entry[1] = "[[[[not positions"
    doc = Repository.load(root, cache=cache).personas["analyst"].origin.doc
    fresh = Repository.load(root).personas["analyst"].origin.doc
    assert dict(doc.positions) == dict(fresh.positions)
    assert dict(doc.key_positions) == dict(fresh.key_positions)


def test_writes_are_atomic(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(root)
    target = cache_file(root)
    assert target is not None
    before = target.read_bytes()
    (root / "personas/analyst.yaml").write_text(PERSONA.replace("Analyst", "Analyst two"))

    def failing_replace(source: str, destination: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    _load(root)  # the write fails: silently, and without touching the old file
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left


def test_an_unwritable_cache_folder_changes_nothing(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _lint(root, capsys, "--no-cache")
    blocker = _cache_dir() / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("MLGOV_CACHE_DIR", str(blocker / "cache"))
    assert _lint(root, capsys) == expected


def test_no_cache_option_leaves_no_file(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lint(root, capsys, "--no-cache")
    assert not any(_cache_dir().iterdir())
    _lint(root, capsys)
    assert any(_cache_dir().iterdir())


def test_no_cache_variable_leaves_no_file(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLGOV_NO_CACHE", "1")
    _lint(root, capsys)
    assert open_cache(root) is None
    assert not any(_cache_dir().iterdir())


def test_unused_entries_are_pruned(root: Path) -> None:
    _load(root)
    before = set(open_cache(root).stored)  # type: ignore[union-attr]
    (root / "cards/fraud.yaml").unlink()
    _load(root)
    after = set(open_cache(root).stored)  # type: ignore[union-attr]
    assert len(after) == len(before) - 1 and after < before


def test_cache_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLGOV_CACHE_DIR", str(tmp_path / "explicit"))
    assert cache_folder() == tmp_path / "explicit"
    monkeypatch.delenv("MLGOV_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "mlgov"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "mlgov"
    one, other = cache_file(tmp_path / "a"), cache_file(tmp_path / "b")
    assert one != other and one == cache_file(tmp_path / "a" / ".." / "a")


def test_review_sides_share_the_invoking_repositorys_cache(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one"],
        cwd=root,
        env=env,
        check=True,
    )
    assert main(["-C", str(root), "review", "HEAD"]) == 0
    first = capsys.readouterr().out
    files = [f for f in _cache_dir().iterdir() if f.name.startswith("documents-")]
    assert [f.name for f in files] == [cache_file(root).name]  # type: ignore[union-attr]
    # (the card history has a file of its own beside it: governance/cards/history_cache.py)
    _, hits, loaded = _load(root)  # the working tree equals HEAD: all served
    assert loaded == 0 and hits > 2
    assert main(["-C", str(root), "review", "HEAD"]) == 0
    assert capsys.readouterr().out == first


def test_a_loader_failure_is_not_remembered(tmp_path: Path) -> None:
    from governance.cache import checked_bytes
    from governance.source.document import Document, internal_failure

    def broken(raw: bytes, display: str) -> Document:
        return internal_failure(display, MemoryError())

    cache = open_cache(tmp_path)
    assert cache is not None
    doc, _ = checked_bytes(b"a: 1\n", "x.yaml", "persona", broken, cache)
    assert doc.data is None and cache.delta().added == {}


def test_a_build_after_lint_parses_nothing_again(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`mlgov lint` then `mlgov build`, as CI runs them: the build is served from the cache the
    lint saved, and builds the same site as without the cache."""
    from governance.cache import loading

    _lint(root, capsys)
    parsed: list[str] = []
    fresh = loading._fresh
    monkeypatch.setattr(
        loading,
        "_fresh",
        lambda raw, display, *a: parsed.append(display) or fresh(raw, display, *a),
    )
    cached_site, plain_site = tmp_path / "cached", tmp_path / "plain"
    assert main(["-C", str(root), "build", "--no-pdf", "--force", "--out", str(cached_site)]) in (
        0,
        1,
    )
    assert parsed == []
    assert main(
        ["-C", str(root), "--no-cache", "build", "--no-pdf", "--force", "--out", str(plain_site)]
    ) in (0, 1)
    assert "cards/fraud.yaml" in parsed
    pages = sorted(p.relative_to(cached_site) for p in cached_site.rglob("*.html"))
    assert pages and pages == sorted(p.relative_to(plain_site) for p in plain_site.rglob("*.html"))
    for page in pages:
        assert (cached_site / page).read_bytes() == (plain_site / page).read_bytes(), page


def test_a_card_served_from_the_cache_can_go_to_a_worker_process(root: Path) -> None:
    """PDF workers get the cards pickled: a cached card, positions not decoded yet, too."""
    import pickle

    _load(root)
    repo, hits, _ = _load(root)
    assert hits > 2
    card = pickle.loads(pickle.dumps(repo.cards["fraud"]))
    assert card.data == repo.cards["fraud"].data
    assert card.origin.doc.position(("model_overview", "model_name")).line == 5

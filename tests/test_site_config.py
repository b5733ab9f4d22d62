"""The mkdocs configuration mlgov makes: a site without any mkdocs.yml, and an override that may
change how the site looks but not what runs (a pull request can edit mkdocs.yml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from governance.findings import MlgovError
from site_builder.site_config import BASE, site_config, write_site_config

ROOT = Path(__file__).resolve().parent.parent


def _config(tmp_path: Path, text: str | None) -> dict:
    if text is not None:
        (tmp_path / "mkdocs.yml").write_text(text, "utf-8")
    return site_config(tmp_path, "ML governance").data


def test_without_an_override_the_base_is_used(tmp_path: Path) -> None:
    data = _config(tmp_path, None)
    assert data["site_name"] == "ML governance"
    assert data["plugins"] == ["search", "tags", "offline"]
    assert data["use_directory_urls"] is False and data["theme"]["font"] is False


def test_an_override_changes_looks_and_adds_extensions(tmp_path: Path) -> None:
    data = _config(
        tmp_path,
        "site_name: Acme governance\ncopyright: Acme\n"
        "theme: {palette: {primary: teal}, features: [navigation.footer, search.highlight]}\n"
        "markdown_extensions: [footnotes, {pymdownx.tasklist: {custom_checkbox: true}}]\n",
    )
    assert (data["site_name"], data["copyright"]) == ("Acme governance", "Acme")
    assert data["theme"]["palette"] == {"primary": "teal"} and data["theme"]["font"] is False
    assert data["theme"]["features"] == [*BASE["theme"]["features"], "navigation.footer"]
    assert data["markdown_extensions"][-2:] == [
        "footnotes",
        {"pymdownx.tasklist": {"custom_checkbox": True}},
    ]
    assert data["plugins"] == BASE["plugins"]


@pytest.mark.parametrize(
    ("text", "where", "why"),
    [
        ("hooks: [evil.py]\n", "mkdocs.yml:1:1", "hooks run code"),
        ("plugins: [search, macros]\n", "mkdocs.yml:1:1", "plugins run code"),
        ("site_name: x\nnav: [{Home: index.md}]\n", "mkdocs.yml:2:1", "navigation"),
        ("extra_javascript: [https://cdn.example/x.js]\n", "mkdocs.yml:1:1", "ship inside"),
        ("docs_dir: /etc\n", "mkdocs.yml:1:1", "build/docs"),
        ("theme: {name: material, custom_dir: overrides}\n", "mkdocs.yml:1:25", "custom_dir"),
        ("theme: {font: {text: Roboto}}\n", "mkdocs.yml:1:9", "font"),
        ("extra: {polyfills: [https://unpkg.com/x]}\n", "mkdocs.yml:1:9", "polyfills"),
        ("markdown_extensions: [pymdownx.snippets]\n", "mkdocs.yml:1:23", "snippets"),
        ("site_nmae: typo\n", "mkdocs.yml:1:1", "site_nmae"),
        ("site_name: [a, list]\n", "mkdocs.yml:1:1", "must be text"),
        (
            "markdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
            "mkdocs.yml:3:20",
            "tag",
        ),
        ("site_name: a\nsite_name: b\n", "mkdocs.yml:2:1", "duplicate key"),
    ],
)
def test_an_override_that_would_change_what_runs_is_refused(
    tmp_path: Path, text: str, where: str, why: str
) -> None:
    with pytest.raises(MlgovError) as raised:
        _config(tmp_path, text)
    message = str(raised.value)
    assert message.startswith(where) and why in message, message


def test_the_written_configuration_is_rewritten_only_when_it_changes(tmp_path: Path) -> None:
    config = site_config(tmp_path, "ML governance")
    first = write_site_config(config, tmp_path / "build")
    stamp = first.stat().st_mtime_ns
    second = write_site_config(config, tmp_path / "build")
    assert first == second and second.stat().st_mtime_ns == stamp
    assert "docs_dir" not in first.read_text() and "site_dir" not in first.read_text()


def _example_without_mkdocs_yml(target: Path) -> Path:
    for name in ("personas", "policies", "cards", "snapshots"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_a_repository_without_mkdocs_yml_builds_a_whole_site(tmp_path: Path) -> None:
    repo = _example_without_mkdocs_yml(tmp_path / "repo")
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mlgov", "-C", str(repo), "build", "--no-pdf", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    page = (out / "index.html").read_text("utf-8")
    assert "<title>" in page and "ML governance" in page
    for script in ("assets/vendor/tablesort.min.js", "assets/vendor/iframe-worker-shim.js"):
        assert (out / script).is_file() and script in page


def test_a_bad_override_stops_the_build_with_its_place(tmp_path: Path) -> None:
    repo = _example_without_mkdocs_yml(tmp_path / "repo")
    (repo / "mkdocs.yml").write_text("site_name: x\nhooks: [steal.py]\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mlgov", "-C", str(repo), "build", "--no-pdf"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert "mkdocs.yml:2:1: 'hooks' cannot be set" in done.stderr
    assert "Traceback" not in done.stderr and not (repo / "site").exists()

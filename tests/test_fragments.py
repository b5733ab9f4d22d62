"""Held HTML blocks (site_builder/fragments.py): the built site is the same as with every block
inline, byte for byte, and a page that lost a placeholder stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.findings import MlgovError
from site_builder import data as site_data_module
from site_builder.build import build_site, generate_pages, site_config_file
from site_builder.data import load_inputs
from site_builder.fragments import PageFragments, built_page, inject
from site_builder.mkdocs_run import run_mkdocs
from site_builder.offline import relative_404

ROOT = Path(__file__).resolve().parents[1]


def _pages(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*.html"))
        if "assets" not in p.parts
    }


@pytest.mark.parametrize("summary_only", [False, True])
def test_held_blocks_give_the_same_pages_as_inline_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, summary_only: bool
) -> None:
    if summary_only:  # as on a large site: model pages out of search, every block held
        monkeypatch.setattr(site_data_module, "SEARCH_SUMMARY_FROM", 1)
    inputs = load_inputs(ROOT)
    generate_pages(inputs, tmp_path / "inline-docs")
    run_mkdocs(site_config_file(ROOT, inputs.repo), tmp_path / "inline-docs", tmp_path / "inline")
    relative_404(tmp_path / "inline")
    held = build_site(ROOT, tmp_path / "held", tmp_path / "held-docs", inputs)
    model = (held.docs_dir / "models" / "fraud-detection.md").read_text("utf-8")
    assert "<!-- mlgov:fragment 0 -->" in model and "<svg" not in model
    assert ("mlgov-fields" in model) is not summary_only  # searchable text stays inline
    inline, built = _pages(tmp_path / "inline"), _pages(held.site_dir)
    assert built.keys() == inline.keys()
    assert [p for p in inline if inline[p] != built[p]] == []
    assert b"mlgov:fragment" not in b"".join(built.values())


def test_a_page_that_lost_its_placeholder_stops_the_build(tmp_path: Path) -> None:
    fragments = PageFragments()
    placeholder = fragments.hold(caller=lambda: "<svg>chart</svg>\n\n")
    assert placeholder == "<!-- mlgov:fragment 0 -->\n"  # one newline, whatever the block had
    page = built_page(tmp_path, "models/a.md", directory_urls=False)
    page.parent.mkdir()
    page.write_text(f"<main>{placeholder}</main>", "utf-8")
    assert inject(tmp_path, {"models/a.md": fragments.blocks}, False) == 1
    assert page.read_text("utf-8") == "<main><svg>chart</svg>\n</main>"
    with pytest.raises(MlgovError, match=r"models/a\.md does not hold each"):
        inject(tmp_path, {"models/a.md": fragments.blocks}, False)  # placeholder gone now


def test_built_page_follows_mkdocs_urls(tmp_path: Path) -> None:
    assert built_page(tmp_path, "models/a.md", False) == tmp_path / "models/a.html"
    assert built_page(tmp_path, "models/a.md", True) == tmp_path / "models/a/index.html"
    assert built_page(tmp_path, "index.md", True) == tmp_path / "index.html"
    assert built_page(tmp_path, "personas/index.md", True) == tmp_path / "personas/index.html"


def test_inline_mode_keeps_blocks(tmp_path: Path) -> None:
    fragments = PageFragments(defer=False)
    assert fragments.hold(caller=lambda: "<svg/>") == "<svg/>" and fragments.blocks == []
    searchable = PageFragments(searchable=True)
    assert searchable.hold(searchable=True, caller=lambda: "<table/>") == "<table/>"
    assert searchable.hold(caller=lambda: "<svg/>") == "<!-- mlgov:fragment 0 -->\n"

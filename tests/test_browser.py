"""The built example site in headless Chromium, from file://, as a person would open it.

Drives Debian's `chromium` with Playwright. Checks the dashboard's rows, its filter, that a
model page shows its charts and lineage, that search works offline, and that no request leaves
file:// (or data:/blob:). Skips, saying why, where chromium or Playwright is missing; CI
installs chromium (.ci/run).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`mlgov build` of a copy of the example repository, PDFs included."""
    root = tmp_path_factory.mktemp("example")
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, root / name)
    for folder in ("personas", "policies", "cards", "snapshots", "compiled", "schemas"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    out = root / "site"
    cmd = [sys.executable, "-m", "mlgov", "-C", str(root), "build", "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []  # every URL the page asked for, to prove nothing left file://
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    outside = [url for url in tab.requests if not url.startswith(LOCAL_SCHEMES)]
    context.close()
    assert outside == [], f"requests left file://: {outside}"


def card_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / "cards").glob("*.yaml"))


def test_dashboard_lists_every_card(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    rows = page.locator("table.mlgov-dashboard tbody tr")
    assert rows.count() == len(card_ids())
    links = rows.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for card in card_ids():
        assert f"models/{card}.html" in links
    first = rows.first.inner_text()
    assert "Alert" in first  # alerts come first, in words as well as colour
    summary = page.locator("a[href='pdf/_governance-summary.pdf']")
    assert summary.count() == 1 and (site / "pdf" / "_governance-summary.pdf").is_file()


def test_dashboard_filter_hides_rows(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    filters = page.locator(".mlgov-filters")
    filters.locator("select[aria-label='Filter by risk']").select_option("High")
    visible = page.locator("table.mlgov-dashboard tbody tr:visible")
    assert 0 < visible.count() < len(card_ids())
    for text in visible.all_inner_texts():
        assert "High" in text
    assert "shown" in filters.inner_text()


def test_dashboard_sorts_on_a_heading(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    heading = page.locator("table.mlgov-dashboard thead th", has_text="Model").first
    heading.click()
    names = page.locator("table.mlgov-dashboard tbody tr td:first-child").all_inner_texts()
    assert names == sorted(names, key=str.casefold) or names == sorted(
        names, key=str.casefold, reverse=True
    )


def test_model_page_shows_charts_and_lineage(site: Path, page: Any) -> None:
    page.goto((site / "models" / "credit-risk-scoring.html").as_uri())
    assert page.locator("svg.mlgov-lineage").count() == 1
    charts = page.locator("svg.mlgov-svg:not(.mlgov-lineage)")
    assert charts.count() >= 2
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20  # drawn, not hidden
    pdf = page.locator("a[href$='pdf/credit-risk-scoring.pdf']")
    assert pdf.count() >= 1
    assert (site / "pdf" / "credit-risk-scoring.pdf").is_file()


def test_persona_page_shows_policies(site: Path, page: Any) -> None:
    page.goto((site / "personas" / "mlops.html").as_uri())
    assert page.locator("code, pre").count() > 0
    assert "6,144" in page.inner_text("article")


def test_search_works_offline(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    page.keyboard.type("fraud", delay=50)  # material listens to key events, not to fill()
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    assert results.count() > 0
    assert "models/fraud-detection.html" in results.first.locator("a").first.get_attribute("href")

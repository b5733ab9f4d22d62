"""Every built page as a person gets it: `mlgov build` of the example repository and of a
generated 1,000-card one (benchmarks/synthetic.py), run as a subprocess in a git repository.

Each HTML page must show no raw Markdown (a table left as `| a | b |`, `**bold**`, `[x](y.md)`,
escapes such as `\\-`), no leftover `mlgov:fragment` placeholder or template syntax, and no
internal link to a file the site lacks; also after `mlgov build --no-pdf`, with and without
PDFs in the cache. In headless Chromium (as tests/test_browser.py), no page is wider than a
400 px phone, and the dashboard's table fits 1280 px without cutting a column.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.html_text import read_page, table_rows

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import make_repo, write_snapshot  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LARGE = 1000

# Markdown that reached the reader as text. Code and scripts are not read (html_text.HIDDEN).
RAW_MARKDOWN = {
    "a Markdown table row": re.compile(r"^\s*\|.*\|.*\|\s*$", re.M),
    "a Markdown table rule": re.compile(r"\|\s*:?-{3,}:?\s*\|"),
    "a Markdown link": re.compile(r"\]\([^)\s]+\)"),
    "Markdown emphasis": re.compile(r"\*\*\S[^*\n]*\*\*"),
    "a Markdown heading": re.compile(r"^#{1,6} \S", re.M),
    "an admonition": re.compile(r"^!!! ", re.M),
    "a Markdown escape": re.compile(r"\\[-_*.()#+!|\[\]`{}]"),
    "template syntax": re.compile(r"\{\{|\{%|%\}|\}\}"),
}
EXTERNAL = ("http:", "https:", "mailto:", "data:", "javascript:", "blob:", "about:")


def page_problems(site: Path) -> list[str]:
    """What is wrong with the built pages, one line each (empty: nothing)."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text("utf-8")
        name = page.relative_to(site).as_posix()
        if "mlgov:fragment" in html:
            problems.append(f"{name}: a held block was not put back (mlgov:fragment)")
        if re.search(r"<div[^>]*\smarkdown[\s>=]", html):
            problems.append(f"{name}: a <div markdown> block (needs md_in_html)")
        text, links, _ = read_page(html)
        for what, pattern in RAW_MARKDOWN.items():
            found = pattern.search(text)
            if found:
                problems.append(f"{name}: {what} shows as text: {found.group(0)[:60]!r}")
        problems += [f"{name}: broken link {url}" for url in _broken(site, page, links)]
    return problems


def _broken(site: Path, page: Path, links: list[tuple[str, str]]) -> Iterator[str]:
    for _, url in links:
        if url.startswith(EXTERNAL) or url.startswith("#"):
            continue
        path = unquote(urlsplit(url).path)
        if not path:
            continue
        target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
        if path.endswith("/"):
            target = target / "index.html"
        if not target.resolve().is_relative_to(site.resolve()) or not target.exists():
            yield url


def mlgov_build(repo: Path, *extra: str, env: dict[str, str] | None = None) -> Path:
    out = repo / "site"
    cmd = [sys.executable, "-m", "mlgov", "-C", str(repo), "build", "--out", str(out), *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode in (0, 1), done.stderr  # 1: findings (the large site has many)
    return out


def git_repo(root: Path) -> Path:
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "data"], check=True)
    return root


def copy_example(dest: Path) -> Path:
    dest.mkdir()
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, dest / name)
    for folder in ("personas", "policies", "cards", "snapshots", "compiled"):
        shutil.copytree(ROOT / folder, dest / folder)
    return git_repo(dest)


def real_clock() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository built with the real clock: its demo snapshot is days old."""
    return mlgov_build(copy_example(tmp_path_factory.mktemp("pages") / "repo"), env=real_clock())


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("large") / "repo", personas=5, cards=LARGE)
    write_snapshot(root, LARGE)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return mlgov_build(git_repo(root), "--no-pdf", "--force")


def test_the_checker_finds_what_readers_would_see(tmp_path: Path) -> None:
    """The checks themselves: each planted fault is found, code and scripts are not read."""
    (tmp_path / "a").mkdir()
    (tmp_path / "ok.html").write_text("<p>fine</p>")
    (tmp_path / "a" / "page.html").write_text(
        "<p>| Service | Access level |<br>|---|---|</p><!-- mlgov:fragment 3 -->"
        "<p>see [the card](x.md) and **this**, acme\\-ml</p>"
        '<a href="../ok.html">ok</a><a href="missing.html#x">gone</a><img src="/nope.png">'
        "<pre>| code | stays |</pre><script>if (a || b) x = '**'</script>"
    )
    found = "\n".join(page_problems(tmp_path))
    for fault in (
        "table row",
        "table rule",
        "mlgov:fragment",
        "Markdown link",
        "emphasis",
        "escape",
        "broken link missing.html#x",
        "broken link /nope.png",
    ):
        assert fault in found, fault
    assert "ok.html" not in found and "code" not in found


def test_example_pages_show_no_raw_markdown_placeholders_or_broken_links(example: Path) -> None:
    assert len(list(example.rglob("*.html"))) > 20
    assert page_problems(example) == []


def test_the_who_can_do_what_matrix_is_a_table(example: Path) -> None:
    rows = table_rows((example / "personas/index.html").read_text("utf-8"), "mlgov-access")
    assert rows[0][:2] == ["Service", "Access level"] and len(rows) > 10
    assert all(len(r) == len(rows[0]) for r in rows)


def test_the_404_page_finds_its_styles_from_file(example: Path) -> None:
    html = (example / "404.html").read_text("utf-8")
    assert 'href="/assets' not in html and 'src="/assets' not in html
    assert 'href="assets/stylesheets/' in html


def test_the_old_demo_snapshot_is_stale_in_the_static_page(example: Path) -> None:
    """The built text says so, not only the script that runs when the page is viewed."""
    text, _, _ = read_page((example / "index.html").read_text("utf-8"))
    assert "Stale snapshot" in text and "STALE" in text
    assert "old at build time" in text and "0 min old" not in text
    attention = text.split("Needs attention", 1)[1].split("Snapshot of account", 1)[0]
    assert "Monitor in alert" in attention and "Next:" in attention
    assert "Stale snapshot" in attention and "Undocumented endpoint" in attention
    assert attention.index("Monitor in alert") < attention.index("Stale snapshot")


def test_no_pdf_keeps_cached_pdfs_and_their_links(example: Path) -> None:
    repo = example.parent
    pdfs = sorted(p.name for p in (example / "pdf").glob("*.pdf"))
    assert len(pdfs) == len(list((repo / "cards").glob("*.yaml"))) + 1
    again = mlgov_build(repo, "--no-pdf", env=real_clock())
    assert sorted(p.name for p in (again / "pdf").glob("*.pdf")) == pdfs
    assert page_problems(again) == []


def test_no_pdf_without_a_cache_links_no_pdf(tmp_path: Path) -> None:
    site = mlgov_build(copy_example(tmp_path / "repo"), "--no-pdf")
    assert not list(site.rglob("*.pdf"))
    assert page_problems(site) == []
    assert ".pdf" not in (site / "models/credit-risk-scoring.html").read_text("utf-8")


def test_metrics_read_as_numbers_not_float_reprs(example: Path) -> None:
    """MLflow logs 0.8333333333333334 and 60.0; the page shows six significant digits."""
    html, _, _ = read_page((example / "models/upsell-propensity.html").read_text("utf-8"))
    text = " ".join(html.split())
    assert "accuracy_score 0.833333" in text and "example_count 60 " in text
    assert "0.8333333333333334" not in text and "60.0" not in text


def test_large_site_pages(large: Path) -> None:
    pages = list(large.rglob("*.html"))
    assert len(pages) > LARGE
    assert page_problems(large) == []
    index = (large / "index.html").read_text("utf-8")
    assert index.count('<tr data-risk="') == LARGE
    text, _, _ = read_page(index)
    assert "Needs attention" in text and "more:" in text  # the list is short, the rest counted


# ---- in the browser ----------------------------------------------------------------------

needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get)")
WIDTH = """() => {
  const table = document.querySelector('table.mlgov-dashboard');
  const spilling = table ? [...table.querySelectorAll('th, td')].filter(
    c => c.offsetParent !== null && c.scrollWidth > c.clientWidth + 1).map(c => c.textContent) : [];
  return {width: document.documentElement.scrollWidth,
          table: table ? table.scrollWidth : 0,
          box: table ? table.parentElement.clientWidth : 0,
          spilling: spilling.length};
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


def widths(browser: Any, site: Path, pages: list[Path], width: int) -> dict[str, dict[str, int]]:
    tab = browser.new_page(viewport={"width": width, "height": 800})
    try:
        found = {}
        for page in pages:
            tab.goto(page.as_uri())
            found[page.relative_to(site).as_posix()] = tab.evaluate(WIDTH)
        return found
    finally:
        tab.close()


@needs_browser
def test_no_example_page_is_wider_than_a_phone(example: Path, browser: Any) -> None:
    pages = sorted(example.rglob("*.html"))
    wide = {p: w for p, w in widths(browser, example, pages, 400).items() if w["width"] > 400}
    assert wide == {}


@needs_browser
@pytest.mark.parametrize("width", [1280, 1400])
def test_the_dashboard_fits_a_desktop_without_cutting_a_column(
    example: Path, browser: Any, width: int
) -> None:
    found = widths(browser, example, [example / "index.html"], width)["index.html"]
    assert found["width"] == width and 0 < found["table"] <= found["box"]
    assert found["spilling"] == 0  # no cell's text runs past its column


STACKED = """() => {
  const table = document.querySelector('table.mlgov-personas');
  return {head: getComputedStyle(table.querySelector('thead')).display,
          fits: table.scrollWidth <= table.parentElement.clientWidth};
}"""


@needs_browser
def test_the_persona_list_stacks_on_a_phone(example: Path, browser: Any) -> None:
    """A row per persona becomes a block of labelled lines: no sideways scrolling to read it."""
    tab = browser.new_page(viewport={"width": 400, "height": 800})
    try:
        tab.goto((example / "personas/index.html").as_uri())
        assert tab.evaluate(STACKED) == {"head": "none", "fits": True}
        assert tab.locator("table.mlgov-personas td[data-label=Role]").count() == len(
            list((ROOT / "personas").glob("*.yaml"))
        )
    finally:
        tab.close()


@needs_browser
def test_large_site_pages_fit_a_phone(large: Path, browser: Any) -> None:
    models = sorted((large / "models").glob("*.html"))
    pages = [*sorted(large.glob("*.html")), *sorted(large.glob("personas/*.html")), *models[:5]]
    wide = {p: w for p, w in widths(browser, large, pages, 400).items() if w["width"] > 400}
    assert wide == {}


@needs_browser
def test_a_thousand_rows_page_filter_and_sort(large: Path, browser: Any) -> None:
    """The first page of rows is laid out; a filter reaches any row; "Show all" shows all."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        tab.goto((large / "index.html").as_uri())
        rows = tab.locator("table.mlgov-dashboard tbody tr")
        visible = tab.locator("table.mlgov-dashboard tbody tr:visible")
        assert rows.count() == LARGE and visible.count() == 250
        count = tab.locator(".mlgov-filter-count")
        assert count.inner_text() == f"first 250 of {LARGE} matching ({LARGE} in all)"
        tab.locator(".mlgov-filters input").fill("card-00999")
        assert visible.count() == 1 and "card-00999" in visible.first.inner_html()
        tab.locator(".mlgov-filters input").fill("")
        tab.locator("table.mlgov-dashboard thead th", has_text="Model").first.click()
        first = visible.first.locator("td a").first.inner_text()
        assert first in ("card-00000", "card-00999")  # ascending or descending
        tab.locator("button.mlgov-more-rows").click()
        assert visible.count() == LARGE and count.inner_text() == f"{LARGE} of {LARGE} shown"
    finally:
        tab.close()

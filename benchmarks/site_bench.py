"""The governance site and its PDFs on synthetic repositories of 100 and 1,000 model cards
(and more: `--sizes 10000`), each with a snapshot of its cards' endpoints.

For each size, in the same run:
- **floor**: mkdocs-material building the same number of plain Markdown pages, each as long as
  the model page mlgov generates for that card, kept out of the navigation like ours;
- **site**: mlgov's site step (load + lint + compile, Markdown pages, the mkdocs build, the
  held HTML blocks put back: site_builder/fragments.py), loading through the document cache
  as `mlgov build` does: once from an empty cache (a first build, or `--no-cache`), then
  --runs times with the cache that first build left (a rebuild, or a build after `mlgov lint`).
  From 200 cards on, a forked worker renders the held blocks while mkdocs runs
  (site_builder/blocks.py): the peak RSS of both processes is shown;
- **PDFs**: one per card plus the summary, cold cache, with 1 and with 2 processes; then one
  card is edited and the build is run again, counting how many PDFs were rendered.

- **dashboard in the browser**: the built dashboard (one row per card) opened from file:// in
  headless Chromium (Playwright, /usr/bin/chromium): time until its filters are ready, then a
  text filter that keeps one row, the filter cleared, a risk filter, and sorts on two headings,
  each timed in the page until the browser has laid the table out again.

Each measurement runs in a fresh process (its peak RSS, children included, is reported). Times
are medians of --runs. Targets: site <= 1.2x the floor's time and <= 1.5x its peak memory at
10,000 cards (issue 18; 1.5x at 1,000 was issue 6's); PDFs >= 1.7x faster with 2 processes
than 1; exactly one PDF re-rendered after one card changes; filter and sort each well under a
second at 10,000 rows.

    python benchmarks/site_bench.py [--sizes 100 1000] [--runs 3] [--no-pdf] [--no-browser]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import make_repo, write_snapshot  # noqa: E402

RUN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
WORDS = ("model", "risk", "review", "endpoint", "monitor", "dataset", "threshold", "approval")


def peak_mb() -> float:
    return max(own_and_worker_mb())


def own_and_worker_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest child (the site's page worker, which
    shares this process's memory copy-on-write: their sum counts the shared pages twice)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024, children / 1024


# --- phases, each run in its own process ------------------------------------------------------


def phase_site(root: Path) -> dict[str, float]:
    from site_builder.build import build_site
    from site_builder.data import load_inputs

    start = time.perf_counter()
    inputs = load_inputs(root, cached=True)  # as `mlgov build` loads: MLGOV_CACHE_DIR is ours
    loaded = time.perf_counter()
    result = build_site(root, inputs=inputs)
    done = time.perf_counter()
    own, worker = own_and_worker_mb()
    return {
        "load_s": loaded - start,
        "pages_s": result.seconds["pages"],
        "mkdocs_s": result.seconds["mkdocs"],
        "total_s": done - start,
        "peak_mb": max(own, worker),
        "main_mb": own,
        "worker_mb": worker,
    }


def phase_floor(root: Path) -> dict[str, float]:
    from site_builder.mkdocs_run import run_mkdocs

    start = time.perf_counter()
    run_mkdocs(root / "mkdocs.yml", root / "docs", root / "site", strict=False)
    return {"total_s": time.perf_counter() - start, "peak_mb": peak_mb()}


def phase_pdf(root: Path, jobs: int) -> dict[str, float]:
    from site_builder.data import load_inputs
    from site_builder.pdf import build_pdfs

    inputs = load_inputs(root)
    start = time.perf_counter()
    report = build_pdfs(inputs, root / "site", jobs=jobs)
    return {
        "total_s": time.perf_counter() - start,
        "rendered": float(len(report.rendered)),
        "cached": float(len(report.cached)),
        "peak_mb": peak_mb(),
    }


# In the page: each action, then a forced layout, timed with performance.now().
BROWSER_JS = """async () => {
  const table = document.getElementById('mlgov-dashboard');
  const bar = table.parentNode.querySelector('.mlgov-filters')
    || table.parentNode.parentNode.querySelector('.mlgov-filters');
  const text = bar.querySelector('input');
  const risk = bar.querySelector("select[aria-label='Filter by risk']");
  const timed = (act) => { const t = performance.now(); act(); table.offsetHeight;
                           return performance.now() - t; };
  const type = (v) => () => { text.value = v; text.dispatchEvent(new Event('input')); };
  const pick = (v) => () => { risk.value = v; risk.dispatchEvent(new Event('change')); };
  const head = (name) => () => [...table.tHead.rows[0].cells]
    .find(c => c.textContent.trim() === name).click();
  const out = {};
  out.filter_text_ms = timed(type('card-00007 '));
  out.shown = bar.querySelector('.mlgov-filter-count').textContent;
  out.filter_clear_ms = timed(type(''));
  out.filter_risk_ms = timed(pick('High'));
  timed(pick(''));
  out.sort_model_ms = timed(head('Model'));
  out.sort_risk_ms = timed(head('Risk'));
  return out;
}"""


def phase_browser(root: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        tab.goto((root / "site" / "index.html").as_uri(), timeout=300_000)
        tab.wait_for_selector(".mlgov-filters", timeout=300_000)
        ready = time.perf_counter() - start
        found = tab.evaluate(BROWSER_JS)
        browser.close()
    return {"ready_s": ready, **{k: v for k, v in found.items() if k != "shown"}} | {
        "shown": float(str(found["shown"]).split()[0])
    }


PHASES = {"site": phase_site, "floor": phase_floor, "browser": phase_browser}


def run_phase(name: str, root: Path, *extra: str) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--phase", name, "--root", str(root), *extra]
    env = RUN_ENV | {"MLGOV_CACHE_DIR": str(cache_folder(root))}
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- set-up -----------------------------------------------------------------------------------


def synthetic_repo(base: Path, cards: int) -> Path:
    root = make_repo(base / f"repo-{cards}", personas=5, cards=cards)
    write_snapshot(root, cards)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def floor_repo(base: Path, site_repo: Path) -> Path:
    """Plain pages as long as mlgov's model pages with every block inline (what the browser
    gets; the build holds some blocks out of Markdown), out of the nav, same theme."""
    from site_builder.data import load_inputs, site_data
    from site_builder.pages import render_pages

    root = base / f"floor-{site_repo.name}"
    docs = root / "docs" / "models"
    docs.mkdir(parents=True)
    pages = render_pages(site_data(load_inputs(site_repo)), defer=False).pages
    models = sorted(p for p in pages if p.startswith("models/"))
    for n, page in enumerate(models):
        size = len(pages[page].encode("utf-8"))
        (docs / page.removeprefix("models/")).write_text(plain_page(n, size), "utf-8")
    (root / "docs" / "index.md").write_text("# Floor\n\nPlain pages.\n", "utf-8")
    from site_builder.site_config import BASE

    # The site's own configuration (theme, plugins, extensions), with a one-page navigation.
    config = {**BASE, "site_name": "floor", "nav": [{"Home": "index.md"}]}
    config["not_in_nav"] = "/models/\n"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return root


def plain_page(n: int, size: int) -> str:
    head = f"# Model {n}\n\n## Overview\n\n"
    body: list[str] = []
    length, i = len(head), 0
    while length < size:  # the running length: summing the words each time was quadratic
        body.append(WORDS[(n + i) % len(WORDS)] + ("\n\n" if i % 60 == 59 else ""))
        length += len(body[-1]) + 1
        i += 1
    return head + " ".join(body) + "\n"


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


# --- the table --------------------------------------------------------------------------------


def cache_folder(root: Path) -> Path:
    """The document cache of the benchmark's repository, beside it: never the user's."""
    return root.parent / f"cache-{root.name}"


def measure(size: int, base: Path, runs: int, pdf: bool, browser: bool) -> dict[str, float]:
    repo = synthetic_repo(base, size)
    floor_root = floor_repo(base, repo)
    shutil.rmtree(cache_folder(repo), ignore_errors=True)
    cold = run_phase("site", repo)  # a first build (or `--no-cache`): every file parsed
    site, floor = [], []
    for _ in range(runs):  # interleaved: a machine's load changes over a long run
        site.append(run_phase("site", repo))
        floor.append(run_phase("floor", floor_root))
    row = {
        "cards": size,
        "floor_s": median(floor, "total_s"),
        "site_s": median(site, "total_s"),
        "site_mkdocs_s": median(site, "mkdocs_s"),
        "site_pages_s": median(site, "pages_s"),
        "site_load_s": median(site, "load_s"),
        "site_cold_s": cold["total_s"],
        "site_cold_load_s": cold["load_s"],
        "site_peak_mb": max(r["peak_mb"] for r in site),
        "site_main_mb": max(r["main_mb"] for r in site),
        "site_worker_mb": max(r["worker_mb"] for r in site),
        "floor_peak_mb": max(r["peak_mb"] for r in floor),
    }
    if browser:
        views = [run_phase("browser", repo) for _ in range(runs)]
        row |= {k: median(views, k) for k in views[0]}
    if pdf:
        row |= measure_pdf(repo, runs)
    return row


def measure_pdf(repo: Path, runs: int) -> dict[str, float]:
    cache = repo / "build" / "pdf-cache"
    timings: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    for _ in range(runs):
        for jobs in (1, 2):
            shutil.rmtree(cache, ignore_errors=True)
            timings[jobs].append(run_phase("pdf", repo, "--jobs", str(jobs)))
    card = sorted((repo / "cards").glob("*.yaml"))[0]
    card.write_text(card.read_text("utf-8").replace("Synthetic model", "Edited model", 1))
    again = run_phase("pdf", repo, "--jobs", "2")
    return {
        "pdf_1_s": median(timings[1], "total_s"),
        "pdf_2_s": median(timings[2], "total_s"),
        "pdf_peak_mb": max(r["peak_mb"] for r in timings[2]),
        "pdfs": timings[1][0]["rendered"],
        "rerendered": again["rendered"],
    }


def print_table(rows: list[dict[str, float]]) -> None:
    print(
        "| cards | floor: plain pages, mkdocs-material"
        " | site: total (load+lint+compile / pages / mkdocs) | site ÷ floor"
        " | first build, empty cache (load) | first ÷ floor"
        " | peak RSS site (main / page worker) / floor |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        print(
            f"| {r['cards']:,} | {r['floor_s']:.2f} s | {r['site_s']:.2f} s "
            f"({r['site_load_s']:.2f} / {r['site_pages_s']:.2f} / {r['site_mkdocs_s']:.2f}) "
            f"| {r['site_s'] / r['floor_s']:.2f}x "
            f"| {r['site_cold_s']:.2f} s ({r['site_cold_load_s']:.2f}) "
            f"| {r['site_cold_s'] / r['floor_s']:.2f}x "
            f"| {r['site_peak_mb']:.0f} ({r['site_main_mb']:.0f} / {r['site_worker_mb']:.0f})"
            f" / {r['floor_peak_mb']:.0f} MB ({r['site_peak_mb'] / r['floor_peak_mb']:.2f}x) |"
        )
    if "ready_s" in rows[0]:
        print()
        print(
            "| rows | dashboard ready | text filter (rows left) | filter cleared | risk filter "
            "| sort by model | sort by risk |"
        )
        print("|--:|--:|--:|--:|--:|--:|--:|")
        for r in rows:
            print(
                f"| {r['cards']:,} | {r['ready_s']:.2f} s | {r['filter_text_ms']:.0f} ms "
                f"({r['shown']:.0f}) | {r['filter_clear_ms']:.0f} ms "
                f"| {r['filter_risk_ms']:.0f} ms "
                f"| {r['sort_model_ms']:.0f} ms | {r['sort_risk_ms']:.0f} ms |"
            )
    if "pdf_1_s" not in rows[0]:
        return
    print()
    print(
        "| cards | PDFs | 1 process | 2 processes | speed-up | peak RSS (2)"
        " | re-rendered after 1 edit |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        print(
            f"| {r['cards']:,} | {r['pdfs']:.0f} | {r['pdf_1_s']:.2f} s | {r['pdf_2_s']:.2f} s "
            f"| {r['pdf_1_s'] / r['pdf_2_s']:.2f}x | {r['pdf_peak_mb']:.0f} MB "
            f"| {r['rerendered']:.0f} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--phase", choices=[*PHASES, "pdf"], help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "pdf":
        print(json.dumps(phase_pdf(args.root, args.jobs)))
        return 0
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.root)))
        return 0
    with tempfile.TemporaryDirectory(prefix="mlgov-site-bench-") as scratch:
        rows = [
            measure(n, Path(scratch), args.runs, not args.no_pdf, not args.no_browser)
            for n in args.sizes
        ]
    print(f"median of {args.runs} runs, {os.cpu_count()} CPUs")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

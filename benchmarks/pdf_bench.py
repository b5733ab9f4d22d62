"""PDF rendering on synthetic repositories of 100 (and, with --large, 1,000) model cards.

For each size: one PDF per card plus the governance summary, from a cold cache, with 1 and
with 2 worker processes (median of --runs, each run in a fresh process; peak RSS of that
process and its workers); then one card is edited and the build is run again, which must
render exactly one PDF. Targets (issue 6): >= 1.7x faster with 2 processes than with 1;
exactly one re-render after one edit. Don't edit the print templates, charts or views while
it runs: that (rightly) re-renders every PDF.

The floor, in the same run: WeasyPrint rendering the same cards' text as plain HTML (one
paragraph per block of the print document, a table row being one block), same page size,
margins and fonts, in one process. Per page: seconds (and CPU seconds) over the pages made.
Target (issue 18): mlgov's per-page time, 1 process, within 2x of the floor's.

--decompose renders, in the same run, mlgov's own print documents without their charts, then
without print.css too: where the time over the floor goes.

    python benchmarks/pdf_bench.py [--runs 3] [--large] [--sizes 100 ...] [--decompose]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_repo  # noqa: E402

RUN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def phase(root: Path, jobs: int) -> dict[str, object]:
    """One PDF build in this process (run as a child of the benchmark)."""
    sys.path.insert(0, str(HERE.parent))
    from site_builder.data import load_inputs
    from site_builder.pdf import build_pdfs

    inputs = load_inputs(root)
    start, cpu_start = time.perf_counter(), time.process_time()
    report = build_pdfs(inputs, root / "site", jobs=jobs, progress=False)
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, workers = me.ru_maxrss, kids.ru_maxrss
    return {
        "seconds": time.perf_counter() - start,
        "pages": pdf_pages(root / "site" / "pdf"),
        "render_cpu_s": time.process_time() - cpu_start,  # this process: 1 job renders here
        # CPU seconds of the whole phase (loading included): steadier than wall time on a
        # machine shared with other work
        "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        "rendered": list(report.rendered),
        "cached": len(report.cached),
        "main_mb": own / 1024,
        "worker_mb": workers / 1024,  # the largest worker (0 when rendered in-process)
        "harfbuzz_subset": report.harfbuzz_subset,
    }


def pdf_pages(folder: Path) -> int:
    """Pages of the PDFs in a folder, as poppler's pdfinfo counts them (WeasyPrint compresses
    its page objects, so the bytes cannot simply be searched)."""
    total = 0
    for pdf in sorted(folder.glob("*.pdf")):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        total += int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    return total


FLOOR_CSS = (
    "@page { size: A4; margin: 18mm 16mm 20mm 16mm; }"
    " html { font: 9.5pt/1.4 'Liberation Sans', 'DejaVu Sans', sans-serif; } body { margin: 0; }"
)


class _Flow(HTMLParser):
    """The visible text of a print document, one paragraph per block (charts are not text)."""

    BLOCK = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "br", "figcaption"})
    SKIP = frozenset({"style", "title", "script", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def plain_html(document_html: str) -> str:
    flow = _Flow()
    flow.feed(document_html)
    lines = (" ".join(line.split()) for line in "".join(flow.parts).split("\n"))
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    head = f"<meta charset='utf-8'><style>{FLOOR_CSS}</style>"
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def without_charts(document_html: str) -> str:
    return re.sub(r"<svg\b.*?</svg>", "", document_html, flags=re.S)


def without_charts_or_css(document_html: str) -> str:
    sys.path.insert(0, str(HERE.parent))
    from site_builder.pdf.documents import stylesheet

    return without_charts(document_html).replace(stylesheet(), "")


# --decompose: mlgov's own print documents with parts taken away, to show where the time over
# the floor goes (WeasyPrint's cost of what the PDFs show, or mlgov's).
VARIANTS: dict[str, Callable[[str], str]] = {
    "floor": plain_html,
    "as_is": str,  # rendered alone: the build also makes the HTML, caches and writes
    "no_charts": without_charts,
    "no_charts_no_css": without_charts_or_css,
}


def floor_phase(root: Path, variant: str = "floor") -> dict[str, object]:
    """The same cards' text as plain HTML (or a variant), rendered in this process (run as a
    child)."""
    sys.path.insert(0, str(HERE.parent))
    from site_builder.data import load_inputs
    from site_builder.pdf.build import print_documents
    from site_builder.pdf.render import render_pdf

    make = VARIANTS[variant]
    docs = [make(d.with_date("2026-11-28")) for d in print_documents(load_inputs(root))]
    render_pdf(docs[0])  # fonts loaded, as the measured build's workers have them
    out = root / variant
    out.mkdir(exist_ok=True)
    start, cpu = time.perf_counter(), time.process_time()
    for n, doc in enumerate(docs):
        (out / f"{n}.pdf").write_bytes(render_pdf(doc)[0])
    seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    pages = pdf_pages(out)
    return {"seconds": seconds, "cpu_s": cpu_s, "pages": pages}


def run_phase(root: Path, jobs: int, floor: str = "") -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", "--root", str(root), "--jobs", str(jobs)]
    command += ["--floor", floor] if floor else []
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=RUN_ENV)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def cold(root: Path, jobs: int) -> dict[str, Any]:
    shutil.rmtree(root / "build" / "pdf-cache", ignore_errors=True)
    return run_phase(root, jobs)


def measure(size: int, base: Path, runs: int, decompose: bool = False) -> dict[str, object]:
    repo = make_repo(base / f"repo-{size}", personas=5, cards=size)
    results = {jobs: [cold(repo, jobs) for _ in range(runs)] for jobs in (1, 2)}
    floors = [run_phase(repo, 1, floor="floor") for _ in range(runs)]
    parts = {
        v: [run_phase(repo, 1, floor=v) for _ in range(runs)] for v in decompose_variants(decompose)
    }
    card = repo / "cards" / "card-00001.yaml"
    card.write_text(card.read_text().replace("value: [1, 2, 3]", "value: [1, 2, 4]"))
    edited = run_phase(repo, 2)
    one, two = (statistics.median(float(r["seconds"]) for r in results[j]) for j in (1, 2))
    return {
        "cards": size,
        "pdfs": len(results[1][0]["rendered"]),
        "one_s": one,
        "two_s": two,
        "speedup": one / two,
        "cpu_one_s": statistics.median(float(r["cpu_s"]) for r in results[1]),
        "peak_one_mb": max(float(r["main_mb"]) for r in results[1]),
        "peak_main_mb": max(float(r["main_mb"]) for r in results[2]),
        "peak_worker_mb": max(float(r["worker_mb"]) for r in results[2]),
        "rerendered": edited["rendered"],
        "harfbuzz_subset": results[1][0]["harfbuzz_subset"],
        "pages": float(results[1][0]["pages"]),
        "page_ms": 1000 * one / float(results[1][0]["pages"]),
        "page_cpu_ms": 1000
        * statistics.median(float(r["render_cpu_s"]) for r in results[1])
        / float(results[1][0]["pages"]),
        "floor_pages": float(floors[0]["pages"]),
        "floor_page_ms": 1000
        * statistics.median(float(f["seconds"]) for f in floors)
        / float(floors[0]["pages"]),
        "floor_page_cpu_ms": 1000
        * statistics.median(float(f["cpu_s"]) for f in floors)
        / float(floors[0]["pages"]),
        "parts": {v: per_page_ms(r) for v, r in parts.items()},
    }


def decompose_variants(decompose: bool) -> list[str]:
    return [v for v in VARIANTS if v != "floor"] if decompose else []


def per_page_ms(runs: list[dict[str, Any]]) -> float:
    return 1000 * statistics.median(float(r["seconds"]) for r in runs) / float(runs[0]["pages"])


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| cards | PDFs | 1 process (CPU s) | 2 processes | speed-up | peak RSS, 1 process "
        "| peak RSS, 2 processes (main + each worker) | re-rendered after 1 edit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['cards']:,} | {r['pdfs']} | {r['one_s']:.2f} s ({r['cpu_one_s']:.1f}) "
            f"| {r['two_s']:.2f} s "
            f"| {r['speedup']:.2f}x | {r['peak_one_mb']:.0f} MB "
            f"| {r['peak_main_mb']:.0f} + 2 x {r['peak_worker_mb']:.0f} MB "
            f"| {_ids(r['rerendered'])} |"  # type: ignore[arg-type]
        )
    return "\n".join(lines)


def floor_table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| cards | mlgov: pages, ms per page (CPU) | floor, plain text: pages, ms per page (CPU) "
        "| mlgov ÷ floor per page (CPU) |",
        "|---|---|---|---|",
    ]
    for r in rows:
        ratio = float(r["page_ms"]) / float(r["floor_page_ms"])  # type: ignore[arg-type]
        cpu = float(r["page_cpu_ms"]) / float(r["floor_page_cpu_ms"])  # type: ignore[arg-type]
        lines.append(
            f"| {r['cards']:,} | {r['pages']:.0f}, {r['page_ms']:.1f} ({r['page_cpu_ms']:.1f}) "
            f"| {r['floor_pages']:.0f}, {r['floor_page_ms']:.1f} ({r['floor_page_cpu_ms']:.1f}) "
            f"| {ratio:.2f}x ({cpu:.2f}x) |"
        )
    return "\n".join(lines)


def parts_table(rows: list[dict[str, object]]) -> str:
    names = {
        "as_is": "mlgov's documents, rendered alone",
        "no_charts": "mlgov's documents without their charts",
        "no_charts_no_css": "... and without print.css (browser defaults)",
    }
    lines = ["| cards | document | ms per page | ÷ floor |", "|---|---|---|---|"]
    for r in rows:
        floor = float(r["floor_page_ms"])  # type: ignore[arg-type]
        shown = [("mlgov's build_pdfs (HTML made, rendered, cached, written)", float(r["page_ms"]))]  # type: ignore[arg-type]
        shown += [(names[v], ms) for v, ms in r["parts"].items()]  # type: ignore[attr-defined]
        shown += [("floor: the same text as plain paragraphs", floor)]
        for name, ms in shown:
            lines.append(f"| {r['cards']:,} | {name} | {ms:.1f} | {ms / floor:.2f}x |")
    return "\n".join(lines)


def _ids(ids: list[str]) -> str:
    return f"{len(ids)} ({', '.join(ids)})" if len(ids) <= 3 else f"{len(ids)} (all or most)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--large", action="store_true", help="also 1,000 cards")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument(
        "--decompose",
        action="store_true",
        help="also render mlgov's documents without charts, and without print.css",
    )
    parser.add_argument("--floor", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        found = floor_phase(args.root, args.floor) if args.floor else phase(args.root, args.jobs)
        print(json.dumps(found))
        return
    sizes = [*args.sizes, *([1000] if args.large and 1000 not in args.sizes else [])]
    with tempfile.TemporaryDirectory() as scratch:
        rows = [measure(n, Path(scratch), args.runs, args.decompose) for n in sizes]
    if not rows[0]["harfbuzz_subset"]:
        print("note: no harfbuzz-subset: WeasyPrint subsets fonts with fontTools (slower)")
    print(table(rows))
    print("targets: speed-up >= 1.7x; exactly 1 PDF re-rendered after one edit")
    print()
    print(floor_table(rows))
    print("target: mlgov per page within 2x of the floor (1 process)")
    if args.decompose:
        print()
        print(parts_table(rows))


if __name__ == "__main__":
    main()

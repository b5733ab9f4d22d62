"""Card PDFs: contents, metadata, byte-identical output, the cache, revisions, the CLI line."""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from benchmarks.synthetic import card_yaml
from mlgov.cli import main
from site_builder.data import load_inputs
from site_builder.pdf.build import build_pdfs, print_documents, today
from site_builder.pdf.documents import DATE_PLACEHOLDER
from site_builder.pdf.progress import Progress
from site_builder.pdf.render import render_pdf
from site_builder.pdf.revision import NO_GIT, UNCOMMITTED, card_revisions

ROOT = Path(__file__).resolve().parents[1]
CONFIG = '[tool.mlgov]\npartition = "aws"\naccount = "111122223333"\nregion = "eu-west-1"\n'
DAY = date(2026, 11, 28)


def make_cards(root: Path, count: int) -> Path:
    (root / "cards").mkdir(parents=True)
    (root / "pyproject.toml").write_text(CONFIG)
    rng = random.Random(3)
    for n in range(count):
        (root / "cards" / f"card-{n:05d}.yaml").write_text(card_yaml(n, rng))
    return root


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@e", *args],
        check=True,
        capture_output=True,
    )


def test_example_cards_give_one_pdf_each_and_a_summary(tmp_path: Path) -> None:
    inputs = load_inputs(ROOT)
    report = build_pdfs(inputs, tmp_path, cache_dir=tmp_path / "cache", render_date=DAY)
    names = sorted(p.name for p in (tmp_path / "pdf").iterdir())
    assert names == sorted([f"{c}.pdf" for c in inputs.repo.cards] + ["_governance-summary.pdf"])
    assert report.total == len(names) and report.cached == ()
    assert report.summary_line() == f"{len(names)} PDFs ({len(names)} rendered, 0 from cache)"


def test_card_document_holds_every_part() -> None:
    docs = {d.id: d for d in print_documents(load_inputs(ROOT))}
    html = docs["credit-risk-scoring"].with_date("2026-11-28")
    for text in (
        "Consumer credit risk scoring",  # cover
        "Card status: <strong>Approved</strong>",
        "Risk: <strong>High</strong>",
        "Lena Fischer",
        "Model version</th><td>7<",
        "Marcus Odede",  # approvals
        "2027-03-31",  # next review
        "✓ pass",  # threshold verdict
        "mlgov-lineage",  # lineage SVG
        "mlgov-matrix",  # confusion-matrix chart
        "Ethical considerations",  # a SageMaker section
        "rendered 2026-11-28",  # footer
        'name="dcterms.created"',
    ):
        assert text in html, text
    assert DATE_PLACEHOLDER not in html
    summary = docs["_governance-summary"].html
    assert "credit-risk-scoring" in summary and "data-scientist-team-a" in summary


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    repo = make_cards(tmp_path / "repo", 2)
    inputs = load_inputs(repo)
    first = build_pdfs(inputs, tmp_path / "a", cache_dir=tmp_path / "ca", jobs=1, render_date=DAY)
    second = build_pdfs(inputs, tmp_path / "b", cache_dir=tmp_path / "cb", jobs=2, render_date=DAY)
    assert len(first.rendered) == len(second.rendered) == 3
    for pdf in sorted((tmp_path / "a" / "pdf").iterdir()):
        assert pdf.read_bytes() == (tmp_path / "b" / "pdf" / pdf.name).read_bytes(), pdf.name


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) missing")
def test_metadata_comes_from_the_card(tmp_path: Path) -> None:
    repo = make_cards(tmp_path / "repo", 1)
    build_pdfs(load_inputs(repo), tmp_path, jobs=1, render_date=DAY)
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(tmp_path / "pdf" / "card-00000.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    fields = {k: v.strip() for k, v in fields.items()}
    assert fields["Title"] == "Model card: card-00000"
    assert fields["Author"] == "Owner 0"
    assert fields["Subject"].startswith("card-00000: status Draft, risk High")
    assert "model card" in fields["Keywords"] and "card-00000" in fields["Keywords"]
    # not committed, so the card's own newest date (review.last, approvals), never the clock
    assert fields["CreationDate"].startswith("2026-10-01T00:00:00")
    assert fields["ModDate"] == fields["CreationDate"]


def test_one_changed_card_is_the_only_one_rendered_again(tmp_path: Path) -> None:
    repo = make_cards(tmp_path / "repo", 3)
    site = tmp_path / "site"
    first = build_pdfs(load_inputs(repo), site, jobs=2, render_date=DAY)
    assert len(first.rendered) == 4
    again = build_pdfs(load_inputs(repo), site, jobs=2, render_date=date(2026, 12, 1))
    assert again.rendered == () and len(again.cached) == 4
    card = repo / "cards" / "card-00001.yaml"
    card.write_text(card.read_text().replace("value: [1, 2, 3]", "value: [1, 2, 4]"))
    changed = build_pdfs(load_inputs(repo), site, jobs=2, render_date=DAY)
    assert changed.rendered == ("card-00001",)
    assert changed.summary_line() == "4 PDFs (1 rendered, 3 from cache)"
    cache = repo / "build" / "pdf-cache"
    assert len(list(cache.iterdir())) == 4  # the old entry of card-00001 is gone


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_revision_is_the_last_commit_or_uncommitted(tmp_path: Path) -> None:
    repo = make_cards(tmp_path / "repo", 2)
    paths = ["cards/card-00000.yaml", "cards/card-00001.yaml"]
    assert {r.label for r in card_revisions(repo, paths).values()} == {NO_GIT}
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "cards")
    head = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%h"], capture_output=True, text=True
    ).stdout.strip()
    (repo / "cards" / "card-00001.yaml").write_text("changed: true\n")
    (repo / "cards" / "card-00002.yaml").write_text("new: true\n")
    revisions = card_revisions(repo, [*paths, "cards/card-00002.yaml"])
    assert revisions["cards/card-00000.yaml"].label == head
    assert revisions["cards/card-00000.yaml"].date
    assert revisions["cards/card-00001.yaml"].label == UNCOMMITTED
    assert revisions["cards/card-00002.yaml"].label == UNCOMMITTED


def test_progress_bar_only_on_a_terminal() -> None:
    stream = io.StringIO()
    bar = Progress(3, stream=stream)
    bar.advance("a")
    bar.close()
    assert stream.getvalue() == ""
    forced = Progress(2, stream=stream, enabled=True)
    forced.advance("a")
    assert "1/2" in stream.getvalue()


def test_source_date_epoch_pins_the_render_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert today() == date(2023, 11, 14)


def test_build_command_prints_the_pdf_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_cards(tmp_path / "repo", 1)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    out = tmp_path / "site"
    code = main(["-C", str(repo), "build", "--out", str(out), "--force", "--jobs", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert code in (0, 1)
    assert "2 PDFs (2 rendered, 0 from cache)" in lines
    assert (out / "pdf" / "card-00000.pdf").is_file()
    assert (out / "pdf" / "_governance-summary.pdf").is_file()
    main(["-C", str(repo), "build", "--out", str(out), "--force", "--no-pdf"])
    assert "PDFs" not in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_footer_shows_card_revision_date_and_page_numbers(tmp_path: Path) -> None:
    repo = make_cards(tmp_path / "repo", 1)
    build_pdfs(load_inputs(repo), tmp_path, jobs=1, render_date=DAY)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "pdf" / "card-00000.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first = text.split("\f")[0]
    assert "card-00000 · Draft · no git · rendered 2026-11-28" in first
    assert "Page 1 of" in first


def test_build_says_once_when_harfbuzz_subset_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import site_builder.pdf.render as render

    monkeypatch.setattr(render, "harfbuzz_subset_available", lambda: False)
    repo = make_cards(tmp_path / "repo", 0)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    main(["-C", str(repo), "build", "--out", str(tmp_path / "site"), "--force"])
    out = capsys.readouterr().out
    assert out.count("libharfbuzz-subset0") == 1
    assert "1 PDF (1 rendered, 0 from cache)" in out


def test_bytes_stay_the_same_without_harfbuzz_subset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fontTools fallback stamps fonts with the time unless SOURCE_DATE_EPOCH is set."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = next(d for d in print_documents(load_inputs(ROOT)) if d.id == "fraud-detection")
    first, _ = render_pdf(html.with_date("2026-11-28"))
    time.sleep(1.1)  # fontTools' stamp has a one-second resolution
    second, _ = render_pdf(html.with_date("2026-11-28"))
    assert first == second
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_a_changed_renderer_renders_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import site_builder.pdf.cache as cache

    repo = make_cards(tmp_path / "repo", 2)
    assert len(build_pdfs(load_inputs(repo), tmp_path, jobs=1, render_date=DAY).rendered) == 3
    monkeypatch.setattr(cache, "fingerprint", lambda: "templates or mlgov changed")
    again = build_pdfs(load_inputs(repo), tmp_path, jobs=1, render_date=DAY)
    assert len(again.rendered) == 3 and again.cached == ()


def _split(word: str) -> str:
    """A pattern for the word broken across a line or column: "Unknow n", "Pending\\nReview"."""
    return "|".join(f"{word[:k]}\\s+{word[k:]}" for k in range(1, len(word)))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_summary_shows_deployments_and_monitoring_without_broken_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795852800")  # 2 h after the demo snapshot
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "pyproject.toml", repo)
    for folder in ("personas", "policies", "cards", "snapshots"):
        shutil.copytree(ROOT / folder, repo / folder)
    build_pdfs(load_inputs(repo), tmp_path, jobs=1, render_date=DAY)
    summary = tmp_path / "pdf" / "_governance-summary.pdf"
    text = subprocess.run(["pdftotext", str(summary), "-"], capture_output=True, text=True).stdout
    assert "Deployments and monitoring" in text and "snapshots/demo.json" in text
    for endpoint in ("credit-risk-prod", "document-classifier-prod", "fraud-detection-staging"):
        assert endpoint in text
    assert "⚠ Alert" in text and "✗ Failing" in text and "⊘ Inactive" in text
    words = ("Unknown", "PendingReview", "Approved", "Archived", "InService", "Failing", "Alert")
    broken = [w for w in words if re.search(_split(w), text)]
    assert broken == [] and "Unknown" in text

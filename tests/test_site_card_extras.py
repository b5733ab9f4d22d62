"""The fields of other card standards on the model page and in the PDF: data with sensitive
data and mitigations, ethical risks, fairness assessment, trade-offs, technical
specifications, references and the Hub dataset of an evaluation; a missing mitigation shows,
and only http(s) links become links."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.build import generate_pages
from site_builder.data import load_inputs
from site_builder.pdf.build import print_documents
from site_builder.pdf.render import render_pdf
from tests import test_site_fixture as fixture
from tests.conftest import ROOT

HOSTILE = """\
schema_version: 1
id: hostile
status: Draft
datasets:
  - {name: "<script>alert(1)</script>", link: "javascript:alert(1)", sensitive_data: [age]}
references:
  - {title: Evil, link: "javascript:alert(2)"}
  - {title: Good, link: "https://example.com/paper"}
ethical_risks: [{risk: "<img src=x onerror=alert(3)>"}]
tradeoffs: ["**not bold** [not a link](https://x)"]
"""


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    repo = tmp_path_factory.mktemp("extras") / "repo"
    repo.mkdir()
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, repo / name)
    for folder in ("personas", "policies", "cards"):
        shutil.copytree(ROOT / folder, repo / folder)
    (repo / "cards" / "hostile.yaml").write_text(HOSTILE)
    fixture.write(repo / "snapshots/demo.json", fixture.demo())
    out = repo.parent / "docs"
    generate_pages(load_inputs(repo), out)
    return {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.md")}


def test_the_model_page_shows_data_risks_and_specifications(docs: dict[str, str]) -> None:
    page = docs["models/review-sentiment.md"]
    for text in (
        "## Data",
        "<td>Multilingual Amazon reviews</td><td>training, evaluation</td>",
        '<a href="https://huggingface.co/datasets/mteb/amazon_reviews_multi">',
        "<td>reviewer names written in the review text</td><td>Names are masked",
        "## Risks and mitigations",
        "<td>Dialects and non-native writing may be read as more negative.</td>",
        "### Fairness assessment",
        "<td>Reviewers writing in German or French</td>",
        "### Trade-offs",
        "## Technical specifications",
        "<tr><th>Task (Hugging Face)</th><td>text-classification</td></tr>",
        "<tr><th>Base model</th><td>distilbert/distilbert-base-multilingual-cased</td></tr>",
        "<tr><th>Languages</th><td>en, de, fr</td></tr>",
        "<tr><th>CO₂ emitted</th><td>310 g CO₂ eq.</td></tr>",
        '<a href="https://arxiv.org/abs/1910.01108">DistilBERT, a distilled version of BERT</a>',
        "<td>Hugging Face dataset</td><td>mteb/amazon_reviews_multi (config en, split test",
    ):
        assert text in page, text
    # shown in their own sections, not again in the generic field table
    assert "Ethical risks 1" not in page and "Datasets 1" not in page


def test_hostile_text_and_links_stay_inert(docs: dict[str, str]) -> None:
    page = docs["models/hostile.md"]
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "<td>javascript:alert(1)</td>" in page  # shown as text
    assert '<a href="https://example.com/paper">Good</a>' in page
    assert "<td><strong>none given</strong></td>" in page  # sensitive data, no mitigation
    assert "\\*\\*not bold\\*\\* \\[not a link\\]" in page


def test_the_pdf_carries_the_new_sections(tmp_path: Path) -> None:
    docs = {d.id: d for d in print_documents(load_inputs(ROOT))}
    html = docs["credit-risk-scoring"].with_date("2026-11-28")
    for text in (
        "<h2>Data</h2>",
        "Consumer loan applications 2016-2025",
        "age, sex, postcode",
        "<h2>Risks and mitigations</h2>",
        "Region can stand in for ethnicity.",
        "<h3>Fairness assessment</h3>",
        "Applicants under 25",
        "<h2>Technical specifications</h2>",
        "tabular-classification",
    ):
        assert text in html, text
    pdf, missing = render_pdf(docs["review-sentiment"].with_date("2026-11-28"))
    assert not missing
    (tmp_path / "card.pdf").write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "card.pdf"), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    text = " ".join(done.stdout.split())
    for part in ("Risks and mitigations", "Fairness assessment", "Technical specifications"):
        assert part in text, part
    assert "mteb/amazon_reviews_multi" in text and "310 g CO₂ eq." in text

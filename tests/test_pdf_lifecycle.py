"""Card PDFs as a regulator reads them, checked in the PDF's text (pdftotext): the mark on every
page of a card that is not approved as it stands, the approval block naming the approved digest
and the git revision, the monitoring state per deployment, the card's history, lists one item
a line; and a cache key that changes with what the PDF shows. The example repository, committed
into a temporary git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.data import load_inputs
from site_builder.pdf import cache
from site_builder.pdf.build import print_documents
from site_builder.pdf.documents import card_extras
from site_builder.pdf.render import render_pdf
from site_builder.pdf.revision import card_revisions
from tests.conftest import ROOT
from tests.test_lifecycle import commit, git

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("git") is None,
    reason="pdftotext (poppler-utils) or git missing",
)
MARKS = ("DRAFT", "PENDING REVIEW", "ARCHIVED", "NOT APPROVED")
DAY = "2026-12-01"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pdf-lifecycle") / "gov"
    for name in ("cards", "personas", "policies", "snapshots"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    git(root, "init", "-q", "-b", "main")
    commit(root, "the example repository")
    return root


@pytest.fixture(scope="module")
def pages(example: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The pages' text (raw: the diagonal mark's words stay in order) of three cards."""
    documents = {d.id: d for d in print_documents(load_inputs(example))}
    folder = tmp_path_factory.mktemp("pdfs")
    found = {}
    for card in (
        "demand-forecast",
        "fraud-detection",
        "customer-segmentation",
        "credit-risk-scoring",
    ):
        pdf = folder / f"{card}.pdf"
        pdf.write_bytes(render_pdf(documents[card].with_date(DAY))[0])
        text = subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        found[f"{card} lines"] = text.splitlines()
        found[card] = [" ".join(page.split()) for page in text.split("\f")[:-1]]
    return found


@pytest.mark.parametrize(
    ("card", "mark", "notice"),
    [
        ("demand-forecast", "DRAFT", "Draft: this card is not approved."),
        ("fraud-detection", "PENDING REVIEW", "Pending review: this card is not approved."),
        ("customer-segmentation", "ARCHIVED", "Archived: the record of a retired model"),
    ],
)
def test_every_page_of_a_card_not_approved_carries_its_mark(
    pages: dict[str, list[str]], card: str, mark: str, notice: str
) -> None:
    assert len(pages[card]) >= 2
    assert all(mark in page for page in pages[card])
    assert notice in pages[card][0]


def test_an_approved_card_changed_since_its_approval_is_marked_not_approved(
    example: Path, tmp_path: Path
) -> None:
    card = example / "cards" / "credit-risk-scoring.yaml"
    original = card.read_text()
    card.write_text(original.replace("value: 0.61,", "value: 0.64,"))
    try:
        documents = {d.id: d for d in print_documents(load_inputs(example))}
    finally:
        card.write_text(original)
    pdf = tmp_path / "changed.pdf"
    pdf.write_bytes(render_pdf(documents["credit-risk-scoring"].with_date(DAY))[0])
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [" ".join(page.split()) for page in text.split("\f")[:-1]]
    assert all("NOT APPROVED" in page for page in pages)
    assert "This is not the content approved by Sofia Alves" in pages[0]


def test_an_approved_card_carries_no_mark_and_names_what_was_approved(
    pages: dict[str, list[str]], example: Path
) -> None:
    text = pages["credit-risk-scoring"]
    assert not any(mark in page for page in text for mark in MARKS)
    first = text[0]
    head = git(example, "log", "-1", "--format=%h", "--", "cards/credit-risk-scoring.yaml")
    digest = load_inputs(example).repo.cards["credit-risk-scoring"].latest_approval
    assert digest is not None and digest.digest
    assert (
        f"This is the content approved by {digest.by} ({digest.role}) on {digest.date}, "
        f"recorded in commit {head}" in first
    )
    assert f"Approved digest {digest.digest} (the same)" in first
    assert f"Git revision revision {head}" in first


def test_the_monitoring_state_of_each_deployment_is_printed(pages: dict[str, list[str]]) -> None:
    text = " ".join(pages["credit-risk-scoring"])
    assert "Deployments and monitoring" in text
    assert "is on the governance site" not in text
    assert "credit-risk-prod" in text and "InService" in text
    assert "⚠ Alert since 2026-11-27 05:00" in text  # the open DataQuality alert
    assert "taken 2026-11-28 06:00 UTC" in text
    assert "3 days before it was rendered — STALE (older than 24 h)" in text
    assert "dataquality-violations ⚠ InAlert" in text  # the alert history


def test_history_and_lists_read_one_item_a_line(pages: dict[str, list[str]]) -> None:
    text = " ".join(pages["credit-risk-scoring"])
    assert "History" in text and "created (Approved, High risk)" in text
    assert "review.; Business" not in text
    lines = pages["credit-risk-scoring lines"]
    first = lines.index(
        "Out of scope uses Fully automated rejection without an underwriter's review."
    )
    assert lines[first + 1] == "Business lending, mortgages or any product it was not trained on."


def test_the_cache_key_follows_monitoring_and_history(example: Path) -> None:
    def keys() -> dict[str, str]:
        inputs = load_inputs(example)
        cards = inputs.repo.cards
        paths = [c.origin.doc.path for c in cards.values()]
        revisions = card_revisions(inputs.repo.root, paths, inputs.history)
        return {
            c.id: cache.card_key(c, revisions[c.origin.doc.path], card_extras(inputs, c))
            for c in cards.values()
        }

    before = keys()
    assert keys() == before
    snapshot = example / "snapshots" / "demo.json"
    data = json.loads(snapshot.read_text())
    for schedule in data["monitoring_schedules"]:
        schedule["alert_history"] = []  # the alerts go
    snapshot.write_text(json.dumps(data))
    after = keys()
    assert after["credit-risk-scoring"] != before["credit-risk-scoring"]
    assert after["demand-forecast"] == before["demand-forecast"]  # not deployed
    git(example, "checkout", "-q", "--", "snapshots")
    assert keys() == before
    card = example / "cards" / "demand-forecast.yaml"
    card.write_text(card.read_text() + "# reviewed in the weekly meeting\n")
    commit(example, "a comment: a new revision in the card's history")
    try:
        changed = keys()
        assert changed["demand-forecast"] != before["demand-forecast"]
        assert changed["credit-risk-scoring"] == before["credit-risk-scoring"]
    finally:
        git(example, "reset", "-q", "--hard", "HEAD~1")

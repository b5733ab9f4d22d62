"""Model pages, the dashboard and the snapshot they show: from the example cards and a snapshot
like the demo fleet's (tests/test_site_fixture.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from governance.findings import MlgovError
from site_builder.build import SiteResult, build_site, generate_pages
from site_builder.data import load_inputs
from tests import test_site_fixture as fixture

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Built two hours after the fixture's snapshot (2026-11-28 06:00): fresh, reproducible."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795852800")  # 2026-11-28 08:00 UTC


def copy_example(dest: Path, snapshot: dict | None = None) -> Path:
    dest.mkdir(parents=True)
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, dest / name)
    for folder in ("personas", "policies", "cards"):
        shutil.copytree(ROOT / folder, dest / folder)
    fixture.write(dest / "snapshots/demo.json", snapshot or fixture.demo())
    return dest


def pages(repo: Path, docs: Path) -> dict[str, str]:
    generate_pages(load_inputs(repo), docs)
    return {p.relative_to(docs).as_posix(): p.read_text() for p in docs.rglob("*.md")}


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("models")
    return pages(copy_example(tmp / "repo"), tmp / "docs")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    tmp = tmp_path_factory.mktemp("models-site")
    repo = copy_example(tmp / "repo")
    return build_site(repo, site_dir=tmp / "site", docs_dir=tmp / "docs")


def _rows(index: str) -> list[str]:
    table = index.split('id="mlgov-dashboard"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr data-risk.*?</tr>", table)


def test_a_page_per_card_and_index_pages(docs: dict[str, str]) -> None:
    cards = sorted(p.stem for p in (ROOT / "cards").glob("*.yaml"))
    assert sorted(p[7:-3] for p in docs if p.startswith("models/")) == cards
    for page in ("models-by-team.md", "models-by-risk.md", "models-by-status.md"):
        assert all(f"models/{c}.html" in docs[page] for c in cards), page
    by_risk = docs["models-by-risk.md"]
    assert by_risk.index("## High risk") < by_risk.index("## Medium risk") < by_risk.index("## Low")
    assert "## Team a" in docs["models-by-team.md"]


def test_dashboard_rows_alerts_first_with_filter_attributes(docs: dict[str, str]) -> None:
    index = docs["index.md"]
    assert (
        '<table class="mlgov-dashboard mlgov-filterable mlgov-with-registry" id="mlgov-dashboard"'
        in index
    )  # the example has an MLflow registry snapshot
    assert 'data-filters="risk status team attention"' in index
    rows = _rows(index)
    assert len(rows) == len(list((ROOT / "cards").glob("*.yaml")))
    assert 'data-risk="High" data-status="Approved" data-team="a"' in rows[0]
    assert "credit-risk-scoring.html" in rows[0] and "mlgov-row-alert" in rows[0]
    assert "⚠</span> Alert since 2026-11-27 09:00 UTC" in rows[0]  # icon and words
    assert "document-classifier" in rows[1] and "✗</span> Failing" in rows[1]
    assert "✗</span> Failed</span> <small>2 x ml.m5.large" in rows[1]  # endpoint status, instances
    assert '<small class="mlgov-where">111122223333 eu-west-1</small>' in rows[1]
    assert "⊘</span> Inactive" in rows[2]  # product-recommender's stopped schedule
    assert all(r.count('class="mlgov-cell') == 5 for r in rows)  # 4 monitor types + alarms
    assert "not deployed" in rows[-1]


def test_dashboard_lists_undocumented_endpoints_and_tiles(docs: dict[str, str]) -> None:
    index = docs["index.md"]
    assert "## Endpoints without a card" in index
    assert "legacy-upsell-prod <em>(undocumented)</em>" in index
    found = re.findall(r"<strong>(?:<span[^>]*>)?([^<]+)(?:</span>)?</strong>([^<]+)<", index)
    tiles = {label: value for value, label in found}
    # in service and not staging (fraud detection's card says stage: staging), not Failed
    assert tiles["models in production"] == "3"
    assert tiles["endpoints documented"] == "83%"  # 5 of 6 endpoints have a card
    assert tiles["approved"] == "100%"  # the PendingReview fraud model is only in staging
    assert tiles["open alerts"] == "2"  # the data-quality alert and the latency alarm
    assert "snapshot age" in tiles
    assert "taken 2026-11-28 06:00 UTC" in index and "No read errors." in index


def test_model_page_has_every_part(docs: dict[str, str]) -> None:
    page = docs["models/credit-risk-scoring.md"]
    front = page.split("---", 2)[1]
    assert 'tags: ["High risk", "Approved", "team a"]' in front
    assert '<a href="../pdf/credit-risk-scoring.pdf">PDF</a>' in page
    assert "mlgov-lineage" in page and "credit-risk-train-2026-09-14" in page  # from the snapshot
    assert "mlgov-matrix" in page and ">8,120<" in page  # the confusion matrix, with numbers
    assert "✓ passes (at least 0.55)" in page  # the gini threshold chart
    assert re.search(r"^<tr><td>(<a [^>]*>)?gini(</a>)?</td>.*<td>✓ pass</td>", page, re.M)
    assert "Alert history" in page and "credit-risk-prod-DataQuality-alert" in page
    assert "credit-risk-prod-model-latency" in page  # the alarm
    text = re.sub(r"\\(.)", r"\1", page)  # Markdown table cells escape their punctuation
    assert "Marcus Odede" in text and "2026-09-28" in text and "2027-03-31" in text
    fields = ("Line of business", "Ethical considerations", "hyper parameters: C", "Citation")
    for field in fields:
        assert field in text, field  # every card field, in the generic tables
    assert "Independent validation report MRV-2026-031." in text


def test_lineage_falls_back_to_the_card_without_snapshot_lineage(docs: dict[str, str]) -> None:
    page = docs["models/fraud-detection.md"]  # the fixture has no lineage record for it
    assert "fraud-detection-train-2026-11-03" in page  # from training_details.training_arn
    assert "fraud-detection-staging (InService)" in page


def test_failing_threshold_says_so_in_words(docs: dict[str, str]) -> None:
    page = docs["models/product-recommender.md"]
    assert "<td><strong>✗ fail</strong></td>" in page and "✗ fails" in page


def test_model_pages_render_in_mkdocs(site: SiteResult) -> None:
    html = (site.site_dir / "models/credit-risk-scoring.html").read_text()
    assert html.count("<svg") >= 3 and 'class="mlgov-svg mlgov-lineage"' in html
    assert "High risk" in html  # material's tags
    nav = (site.site_dir / "index.html").read_text()
    assert "models-by-team.html" in nav and "models/credit-risk-scoring.html" in nav
    sidebar = nav.split('class="md-nav md-nav--primary"', 1)[1].split('class="md-content"', 1)[0]
    assert "models-by-team.html" in sidebar and "models/" not in sidebar  # pages, not in nav


def test_read_errors_are_shown_and_give_unknown(tmp_path: Path) -> None:
    error = {
        "section": "monitoring",
        "operation": "sagemaker.search",
        "code": "AccessDeniedException",
        "message": "not authorized",
    }
    docs = pages(copy_example(tmp_path / "repo", fixture.demo(errors=[error])), tmp_path / "docs")
    index = docs["index.md"]
    assert "Parts of the snapshot could not be read" in index and "AccessDeniedException" in index
    assert "<strong>1 read error(s)</strong>" in index
    row = _rows(index)[0]
    assert "?</span> Unknown" in row and "✓</span> OK" not in row.split("Alarms")[0]


def test_a_stale_snapshot_is_said_to_be_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796104800")  # 2026-12-01 06:00: 3 days later
    docs = pages(copy_example(tmp_path / "repo"), tmp_path / "docs")
    index = docs["index.md"]
    assert "Stale snapshot" in index and "<strong>STALE</strong>" in index
    assert "3 d 0 h old at build time (2026-12-01 06:00 UTC)" in index


def test_no_snapshot_shows_unknown_not_ok(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    shutil.rmtree(repo / "snapshots")
    index = pages(repo, tmp_path / "docs")["index.md"]
    assert "No monitoring snapshot" in index
    assert "✓</span> OK" not in index.split("## Personas")[0]


@pytest.mark.parametrize(
    "content",
    ['{"version": 1, "taken_at": "2026-11-28T06:00:00Z"', '{"version": 1}', "not json"],
)
def test_a_corrupt_snapshot_stops_the_build_naming_the_file(tmp_path: Path, content: str) -> None:
    repo = copy_example(tmp_path / "repo")
    (repo / "snapshots/broken.json").write_text(content)
    with pytest.raises(MlgovError, match=r"snapshots/broken\.json:\d+:\d+: .*not built"):
        load_inputs(repo)


def test_many_cards_index_only_summaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From SEARCH_SUMMARY_FROM cards on, model pages leave the search index (each would cost
    about 6 KB of index and an HTML parse per build); the index pages carry their summaries."""
    from site_builder import data

    monkeypatch.setattr(data, "SEARCH_SUMMARY_FROM", 1)
    repo = copy_example(tmp_path / "repo")
    result = build_site(repo, site_dir=tmp_path / "site", docs_dir=tmp_path / "docs")
    page = (result.docs_dir / "models/credit-risk-scoring.md").read_text()
    assert "search: {exclude: true}" in page.split("---", 2)[1]
    index = json.loads((result.site_dir / "search/search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith("models/")]
    by_team = " ".join(
        d["text"] for d in index["docs"] if d["location"].startswith("models-by-team")
    )
    assert "Consumer credit risk scoring" in by_team and "Scorecard-style logistic" in by_team


def test_few_cards_index_whole_model_pages(site: SiteResult) -> None:
    index = json.loads((site.site_dir / "search/search_index.json").read_text())
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("models/credit"))
    assert "MRV-2026-031" in text


def test_model_pages_are_deterministic(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo")
    assert pages(repo, tmp_path / "a") == pages(repo, tmp_path / "b")


def test_policy_size_is_not_called_near_the_limit(docs: dict[str, str]) -> None:
    for name, text in docs.items():
        if name.startswith("personas/") and name != "personas/index.md":
            policy_rows = [line for line in text.splitlines() if line.startswith("| Policy `")]
            assert all("near the limit" not in row for row in policy_rows), name
    assert "Attached policies" in docs["personas/index.md"]

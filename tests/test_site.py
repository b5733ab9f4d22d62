"""The governance site: pages from the example repository, rewrites, escaping, no network."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from site_builder.build import SiteResult, build_site, generate_pages
from site_builder.data import load_inputs
from site_builder.escape import code_block, md_cell, md_text, source_url
from tests.html_text import table_rows

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteResult, float]:
    out = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    result = build_site(ROOT, site_dir=out / "site", docs_dir=out / "docs")
    return result, time.perf_counter() - start


def _copy_example(dest: Path) -> Path:
    dest.mkdir()
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, dest / name)
    for folder in ("personas", "policies"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


def test_pages_exist(built: tuple[SiteResult, float]) -> None:
    result, _ = built
    for page in ("index.md", "personas/index.md", "lint.md", "personas/compute.md"):
        assert (result.docs_dir / page).is_file(), page
    for page in ("index.html", "personas/index.html", "lint.html", "personas/mlops.html"):
        assert (result.site_dir / page).is_file(), page


def test_persona_matrix_is_a_table_with_a_row_per_family(
    built: tuple[SiteResult, float],
) -> None:
    html = (built[0].site_dir / "personas/index.html").read_text()
    rows = table_rows(html, "mlgov-access")
    assert rows[0][:2] == ["Service", "Access level"]
    assert "ml-auditor" in rows[0] and "mlgov" not in rows[0][2:] and "mlops" in rows[0]
    assert '<a href="ml-auditor.html">ml-auditor</a>' in html
    # the auditor reads CloudWatch alarms (policies/auditor-monitoring-read.json), and so does
    # the governance-reader (DescribeAlarms for `mlgov snapshot`), nobody else
    assert ["cloudwatch", "Read", "—", "—", "—", "1", "2", "—"] in rows
    services = [r[0] for r in rows[1:]]
    assert services.count("sagemaker") == 1  # one label a group
    assert "| Service |" not in html  # not left as Markdown


def test_persona_page_shows_policy_size_against_the_quota(
    built: tuple[SiteResult, float],
) -> None:
    text = (built[0].docs_dir / "personas/compute.md").read_text()
    assert (
        "| Policy `mlgov-sagemaker-compute-permissions` (characters) | 1,902 | 6,144 | 31% |"
        in (text)
    )
    assert "```json" in text and '"Sid": "ListBuckets"' in text
    assert "`access-required-aws-services`" in text and "acme\\-ml\\-team\\-a" in text
    html = (built[0].site_dir / "personas/compute.html").read_text()
    assert "highlight" in html  # the policy JSON went through the highlighter


def test_lint_report_lists_waivers_with_reason_and_expiry(
    built: tuple[SiteResult, float],
) -> None:
    text = (built[0].docs_dir / "lint.md").read_text()
    items = [line for line in text.splitlines() if line.startswith("- **`")]
    assert len(items) == 5  # the example repository waives five findings (one a card threshold)
    compute = next(i for i in items if i.startswith("- **`IAM004`**"))
    assert "expires **2027-03-31**, declared in personas/compute\\.yaml:26" in compute
    assert "Reason: SageMaker creates and deletes the network interfaces" in text
    assert "at personas/compute\\.yaml:14 —" in text  # no repository_url: plain text


def test_home_page_lists_every_card(built: tuple[SiteResult, float]) -> None:
    text = (built[0].site_dir / "index.html").read_text()
    assert f"<strong>{len(list((ROOT / 'personas').glob('*.yaml')))}</strong>personas" in text
    cards = sorted(p.stem for p in (ROOT / "cards").glob("*.yaml"))
    assert cards and all(f'href="models/{c}.html"' in text for c in cards)
    assert "No model cards yet" not in text


def test_home_page_without_cards_says_so(tmp_path: Path) -> None:
    generate_pages(load_inputs(_copy_example(tmp_path / "repo")), tmp_path / "docs")
    text = (tmp_path / "docs/index.md").read_text()
    assert "No model cards yet" in text and "No monitoring snapshot" in text


def test_no_remote_assets_in_built_html(built: tuple[SiteResult, float]) -> None:
    for page in built[0].site_dir.rglob("*.html"):
        html = page.read_text()
        assert not re.search(r"<script[^>]+src=\"https?:", html), page
        assert not re.search(r"<link[^>]+href=\"https?:", html), page
        assert not re.search(r"<img[^>]+src=\"https?:", html), page
        assert "fonts.googleapis" not in html and "unpkg.com" not in html, page


def test_build_is_quick(built: tuple[SiteResult, float]) -> None:
    assert built[1] < 20  # about 2 s on a 2-core machine; a loose bound against regressions


def test_only_changed_pages_are_rewritten(tmp_path: Path) -> None:
    repo = _copy_example(tmp_path / "repo")
    docs = tmp_path / "docs"
    first = generate_pages(load_inputs(repo), docs)
    assert "personas/mlops.md" in first.written
    snapshot = {p: p.read_bytes() for p in docs.rglob("*.md")}
    mtimes = {p: p.stat().st_mtime_ns for p in snapshot}
    persona = repo / "personas/mlops.yaml"
    persona.write_text(persona.read_text().replace("title: MLOps engineer", "title: MLOps team"))
    (repo / "personas/ml-auditor.yaml").unlink()
    second = generate_pages(load_inputs(repo), docs)
    assert "personas/mlops.md" in second.written
    assert "personas/compute.md" in second.unchanged
    assert second.removed == ("personas/ml-auditor.md",)
    assert not (docs / "personas/ml-auditor.md").exists()
    compute = docs / "personas/compute.md"
    assert compute.stat().st_mtime_ns == mtimes[compute]
    assert compute.read_bytes() == snapshot[compute]


def test_same_input_gives_byte_identical_pages(tmp_path: Path) -> None:
    inputs = load_inputs(ROOT)
    generate_pages(inputs, tmp_path / "a")
    generate_pages(load_inputs(ROOT), tmp_path / "b")
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.*")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.*")}
    assert a == b


def test_user_text_renders_inert(tmp_path: Path) -> None:
    repo = _copy_example(tmp_path / "repo")
    persona = repo / "personas/ml-auditor.yaml"
    text = persona.read_text()
    text = re.sub(r"^title: .*$", "title: '<script>alert(1)</script>'", text, flags=re.M)
    text = re.sub(
        r"^description: >\n",
        "description: >\n  [click](javascript:alert(2)) <img src=x onerror=alert(3)> **bold** |\n",
        text,
        flags=re.M,
    )
    persona.write_text(text)
    result = build_site(repo, site_dir=tmp_path / "site", docs_dir=tmp_path / "docs")
    for page in ("personas/ml-auditor.html", "personas/index.html", "index.html"):
        html = (result.site_dir / page).read_text()
        assert "<script>alert(1)" not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
    html = (result.site_dir / "personas/ml-auditor.html").read_text()
    assert 'href="javascript:' not in html and "<img src=x" not in html
    assert "<strong>bold</strong>" not in html


def test_markdown_escaping_helpers() -> None:
    assert md_text("<b>a*b</b>") == "&lt;b&gt;a\\*b&lt;/b&gt;"
    assert md_cell("a |\nb") == "a \\| b"
    assert code_block("x ``` y", "json").startswith("````json\n")
    assert source_url("https://git.example/acme/gov/blob/main", "personas/a b.yaml", 3) == (
        "https://git.example/acme/gov/blob/main/personas/a%20b.yaml#L3"
    )
    assert source_url("javascript:alert(1)", "a.yaml", 1) is None
    assert source_url("", "a.yaml", 1) is None


def test_findings_link_to_source_lines_when_a_repository_url_is_set(tmp_path: Path) -> None:
    repo = _copy_example(tmp_path / "repo")
    config = repo / "pyproject.toml"
    url = "https://git.example/acme/governance/blob/main"
    config.write_text(config.read_text() + f'repository_url = "{url}"\n')
    generate_pages(load_inputs(repo), tmp_path / "docs")
    text = (tmp_path / "docs/lint.md").read_text()
    # Placed at the persona line that brings the activity (compiled/ is a related location).
    assert f"]({url}/personas/compute.yaml#L14)" in text
    persona = (tmp_path / "docs/personas/compute.md").read_text()
    assert f"]({url}/personas/compute.yaml#L1)" in persona


def test_build_command_stops_on_failing_findings_unless_forced(tmp_path: Path) -> None:
    from mlgov.cli.main import build_parser

    parser = build_parser()
    repo = _copy_example(tmp_path / "repo")
    mlops = repo / "personas/mlops.yaml"
    mlops.write_text(mlops.read_text().replace("compute_role: compute", "compute_role: nobody"))
    args = parser.parse_args(["--root", str(repo), "build", "--out", str(tmp_path / "out")])
    assert args.handler(args) == 1
    assert not (tmp_path / "out").exists()
    forced = parser.parse_args(
        ["--root", str(repo), "build", "--out", str(tmp_path / "out"), "--force"]
    )
    assert forced.handler(forced) == 1  # built, but the exit code still tells of the findings
    assert (tmp_path / "out/index.html").is_file()
    report = (repo / "build/docs/lint.md").read_text()
    assert re.search(
        r"^\| error \| `[A-Z]+\d{3}` \| personas/mlops\\\.yaml:\d+:\d+ \| ", report, re.M
    )


def test_strict_mode_turns_a_mkdocs_warning_into_an_error(
    built: tuple[SiteResult, float], tmp_path: Path
) -> None:
    from governance.findings import MlgovError
    from site_builder.mkdocs_run import run_mkdocs

    docs = tmp_path / "docs"
    shutil.copytree(built[0].docs_dir, docs)
    with (docs / "lint.md").open("a") as page:
        page.write("\n[a broken link](no-such-page.md)\n")
    with pytest.raises(MlgovError, match="strict mode"):
        run_mkdocs(ROOT / "mkdocs.yml", docs, tmp_path / "site")


def test_tags_page_lists_the_models_of_each_tag(built: tuple[SiteResult, float]) -> None:
    html = (built[0].site_dir / "tags.html").read_text("utf-8")
    assert "High risk" in html and "Archived" in html
    assert 'href="models/credit-risk-scoring.html' in html
    page = (built[0].site_dir / "models" / "credit-risk-scoring.html").read_text("utf-8")
    assert 'href="../tags.html#tag:high-risk"' in page  # a tag on a model page leads there

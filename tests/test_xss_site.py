"""A card carrying script tags, event handlers, javascript: links, remote images and a
`<link rel="attachment" href="file:///etc/passwd">` in every text field renders inert: in the
generated Markdown and in the HTML mkdocs builds from it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from governance.repository import Repository
from site_builder.build import SiteResult, build_site
from tests.test_site_models import copy_example

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src="http://e.x/i.png" onerror="alert(2)">'
JS_LINK = "[x](javascript:alert(3))"
ATTACH = '<link rel="attachment" href="file:///etc/passwd">'
JS_A = '<a href="javascript:alert(4)">a</a>'
MD_IMG = "![i](http://e.x/j.png)"
SVG = "<svg onload=alert(5)>"
IFRAME = "<iframe src=file:///etc/passwd></iframe>"
LONG = " ".join((SCRIPT, IMG, JS_LINK, ATTACH, JS_A, MD_IMG, SVG, IFRAME, "**bold**"))
MID = (SCRIPT + IMG + JS_LINK, ATTACH + JS_A + MD_IMG + SVG)  # fields of at most 128 characters
SHORT = (SCRIPT, IMG, JS_LINK, ATTACH, JS_A, MD_IMG, SVG, IFRAME)  # at most 63


def evil_card() -> dict:
    return {
        "schema_version": 1,
        "id": "xss",
        "title": LONG[:200],
        "status": "Approved",
        "owner": MID[0],
        "contacts": [{"name": MID[0], "role": MID[1]}, {"name": MID[1], "role": MID[0]}],
        "approvals": [{"by": MID[1], "role": MID[0], "date": "2026-01-01", "notes": LONG}],
        "review": {"last": "2026-01-01", "next": "2027-01-01"},
        "intended_users": list(MID),
        "out_of_scope_uses": [LONG],
        "factors": list(MID),
        "license": MID[1],
        "citation": LONG,
        "deployments": [
            {"account": "111122223333", "region": "eu-west-1", "endpoint": "credit-risk-prod"}
        ],
        "tags": {"team": MID[0], MID[1]: MID[0]},
        "model_overview": {
            "model_description": LONG,
            "model_creator": LONG,
            "model_owner": LONG,
            "problem_type": LONG,
            "algorithm_type": LONG,
            "model_artifact": [LONG],
            "model_name": LONG,
        },
        "intended_uses": {
            "purpose_of_model": LONG,
            "intended_uses": LONG,
            "factors_affecting_model_efficiency": LONG,
            "risk_rating": "High",
            "explanations_for_risk_rating": LONG,
        },
        "business_details": {
            k: LONG for k in ("business_problem", "business_stakeholders", "line_of_business")
        },
        "training_details": {
            "objective_function": {"notes": LONG},
            "training_observations": LONG,
            "training_job_details": {
                "training_arn": LONG,
                "training_datasets": [LONG, MID[0]],
                "hyper_parameters": [{"name": MID[0], "value": MID[1]}],
                "training_metrics": [{"name": MID[1], "value": 1, "notes": LONG}],
            },
        },
        "evaluation_details": [
            {
                "name": SHORT[0],
                "evaluation_observation": LONG,
                "evaluation_job_arn": LONG[:256],
                "datasets": [LONG],
                "metadata": {SHORT[1]: LONG},
                "metric_groups": [
                    {
                        "name": SHORT[2],
                        "metric_data": [
                            {
                                "name": MID[0],
                                "type": "number",
                                "value": 0.9,
                                "notes": LONG,
                                "slice": MID[1],
                                "threshold": {"min": 0.5},
                            },
                            {"name": MID[1], "type": "string", "value": LONG},
                            {
                                "name": LONG[:255],
                                "type": "bar_chart",
                                "value": [1, 2],
                                "x_axis_name": [SHORT[3], SHORT[4]],
                                "y_axis_name": SHORT[5],
                            },
                            {
                                "name": MID[0],
                                "type": "linear_graph",
                                "value": [[0, 1], [1, 2]],
                                "x_axis_name": SHORT[6],
                                "y_axis_name": SHORT[7],
                            },
                            {
                                "name": MID[1],
                                "type": "matrix",
                                "value": [[1, 2], [3, 4]],
                                "x_axis_name": [SHORT[0], SHORT[1]],
                                "y_axis_name": [SHORT[3], SHORT[5]],
                            },
                        ],
                    }
                ],
            }
        ],
        "additional_information": {
            "ethical_considerations": LONG,
            "caveats_and_recommendations": LONG,
            "custom_details": {SHORT[6]: LONG},
        },
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    tmp = tmp_path_factory.mktemp("xss")
    repo = copy_example(tmp / "repo")
    (repo / "cards/xss.yaml").write_text(
        yaml.safe_dump(evil_card(), allow_unicode=True, width=10_000)
    )
    loaded = Repository.load(repo)
    schema = [
        f for f in loaded.findings if f.file.endswith("xss.yaml") and f.rule.startswith("SCH")
    ]
    assert "xss" in loaded.cards and not schema, schema  # the card must be valid to be rendered
    return build_site(repo, site_dir=tmp / "site", docs_dir=tmp / "docs")


PAGES = ("models/xss", "index", "models-by-team", "models-by-risk", "models-by-status")


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _assert_inert(html: str, where: str) -> None:
    parser = _Tags()
    parser.feed(html)
    assert not any("alert(" in s for s in parser.scripts), where
    for tag, attrs in parser.tags:
        assert tag not in ("iframe", "object", "embed"), (where, tag)
        assert not (tag == "link" and "attachment" in attrs.get("rel", "")), (where, attrs)
        assert not (tag == "svg" and "onload" in attrs), where
        for name, value in attrs.items():
            assert not (name.startswith("on") and "alert" in value), (where, tag, name)
            if name in ("href", "src", "xlink:href", "action", "formaction", "srcset"):
                url = value.strip().lower()
                assert not url.startswith(("javascript:", "file:", "data:text")), (where, tag, url)
                assert "e.x/" not in url, (where, tag, url)  # no remote image or link from a card


def test_card_text_is_inert_in_the_built_html(built: SiteResult) -> None:
    for page in PAGES:
        _assert_inert((built.site_dir / f"{page}.html").read_text(), page)


def test_card_text_is_still_shown_escaped(built: SiteResult) -> None:
    html = (built.site_dir / "models/xss.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # plain fields: visible, as text
    assert "<strong>bold</strong>" in html  # Markdown fields: rendered, then sanitised


def test_card_text_is_inert_in_the_generated_markdown(built: SiteResult) -> None:
    for page in PAGES:
        text = (built.docs_dir / f"{page}.md").read_text()
        _assert_inert(text, page)  # the raw HTML in the page, read as a browser would
        assert "<script" not in text.lower() and "<iframe" not in text.lower(), page
        # Markdown lines (raw HTML blocks are not Markdown): no link or image to a bad target
        body = text.split("---", 2)[2]
        markdown_lines = [ln for ln in body.splitlines() if not ln.startswith("<")]
        bad = re.compile(r"(?<!\\)\]\((javascript|file|http://e\.x)")
        assert not any(bad.search(ln) for ln in markdown_lines), page


def test_front_matter_cannot_be_broken_out_of(built: SiteResult) -> None:
    text = (built.docs_dir / "models/xss.md").read_text()
    front = yaml.safe_load(text.split("---", 2)[1])
    assert set(front) == {"title", "description", "tags"}
    assert "<script>" not in front["title"]


def test_search_index_holds_card_text_escaped(built: SiteResult) -> None:
    import json

    index = json.loads((built.site_dir / "search/search_index.json").read_text())
    entries = [d for d in index["docs"] if d["location"].startswith("models/xss")]
    assert entries
    for entry in entries:  # material shows search results as HTML: tags must stay entities
        for tag in ("<script", "<img", "<link", "<iframe", "<svg", '<a href="javascript'):
            assert tag not in entry["text"] and tag not in entry["title"], (entry["location"], tag)

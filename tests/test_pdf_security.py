"""A hostile card renders inert in its PDF: no script, handler or javascript: link survives the
sanitiser, and the renderer fetches nothing (not from a live local HTTP server, not a local
file as an attachment), whatever reaches it."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from site_builder.data import load_inputs
from site_builder.pdf.build import build_pdfs, print_documents
from site_builder.pdf.fetcher import DataOnlyFetcher, RefusedURL
from site_builder.pdf.render import render_pdf

CONFIG = '[tool.mlgov]\npartition = "aws"\naccount = "111122223333"\nregion = "eu-west-1"\n'


class Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Recorder.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def payload(base: str) -> str:
    return (
        f'<script>alert(1)</script><img src="{base}/img.png" onerror="alert(2)">'
        f'<a href="javascript:alert(3)" onclick="alert(4)">click</a>'
        f'<link rel="attachment" href="file:///etc/passwd">'
        f"<style>@import url({base}/style.css);</style>"
        f'<svg><image href="{base}/svg.png"/></svg>'
        f'<iframe src="{base}/frame"></iframe>'
    )


def hostile_card(base: str) -> str:
    text = payload(base).replace("'", "''")
    return f"""schema_version: 1
id: hostile
title: 'Hostile {text[:150]}'
status: Draft
owner: '<b onmouseover="alert(5)">Mallory</b>'
contacts: [{{name: '<b onmouseover="alert(5)">Mallory</b>'}}]
out_of_scope_uses: ['{text}']
model_overview:
  model_description: '{text} ![x]({base}/md.png) [j](javascript:alert(6))'
intended_uses: {{risk_rating: High, purpose_of_model: '{text}'}}
evaluation_details:
  - name: eval
    evaluation_observation: '{text}'
    metric_groups:
      - name: g
        metric_data:
          - {{name: '<script>x</script>', type: number, value: 0.5}}
"""


class Elements(HTMLParser):
    """Every element, attribute name and link or source URL of a document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name in ("href", "src", "xlink:href") and value is not None:
                self.urls.append(value.strip().lower())


def _repo(tmp_path: Path, base: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "hostile.yaml").write_text(hostile_card(base))
    return tmp_path


def test_hostile_card_html_is_inert(tmp_path: Path, server: str) -> None:
    inputs = load_inputs(_repo(tmp_path, server))
    assert "hostile" in inputs.repo.cards, inputs.repo.findings
    html = next(d.html for d in print_documents(inputs) if d.id == "hostile")
    elements = Elements()
    elements.feed(html.split("<body>", 1)[1])  # the head holds our own stylesheet
    assert not elements.tags & {"script", "image", "link", "iframe", "object", "embed", "style"}
    assert "src" not in elements.attributes  # the site's sanitiser keeps <img>, without a source
    assert elements.tags & {"svg", "table"}  # the charts and tables are still there
    assert not [a for a in elements.attributes if a.startswith("on")]
    assert not [u for u in elements.urls if not u.startswith(("http://", "https://", "mailto:"))]
    assert [u for u in elements.urls if u.startswith("http")] == []  # nh3 dropped them too
    assert "&lt;script&gt;" in html  # plain fields show the text, escaped


def test_hostile_card_pdf_fetches_nothing(tmp_path: Path, server: str) -> None:
    repo = _repo(tmp_path, server)
    report = build_pdfs(load_inputs(repo), tmp_path / "site", jobs=1, render_date=date(2026, 1, 1))
    assert Recorder.seen == []
    pdf = tmp_path / "site" / "pdf" / "hostile.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert b"/EmbeddedFiles" not in pdf.read_bytes()
    assert report.rendered == ("_governance-summary", "hostile")
    _assert_no_attachments(pdf)


def test_renderer_refuses_raw_hostile_html(tmp_path: Path, server: str) -> None:
    """The second line of defence: unsanitised HTML straight into the renderer."""
    html = f"<html><head>{payload(server)}</head><body><p>x</p>{payload(server)}</body></html>"
    pdf, refused = render_pdf(html)
    assert Recorder.seen == []
    assert any(u.startswith("file:///etc/passwd") for u in refused)
    assert any(u.startswith(server) for u in refused)
    target = tmp_path / "raw.pdf"
    target.write_bytes(pdf)
    assert b"root:" not in pdf
    _assert_no_attachments(target)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://example.com/x",
        "relative/path.png",
        "//example.com/x.png",
        " javascript:alert(1)",
    ],
)
def test_fetcher_refuses_all_but_data(url: str) -> None:
    fetcher = DataOnlyFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_allows_data_urls() -> None:
    response = DataOnlyFetcher().fetch("data:text/plain;base64,aGk=")
    assert response.read() == b"hi"


def _assert_no_attachments(pdf: Path) -> None:
    if shutil.which("pdfdetach") is None:
        pytest.skip("pdfdetach (poppler-utils) is not installed: attachment count not checked")
    listing = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.strip() == "0 embedded files", listing.stdout

"""Persona pages list their Studio users: from git's studio files, and from the snapshots where the
account differs (not created yet, running as another persona's role, made in the console)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from site_builder.build import SiteResult, build_site
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    out = tmp_path_factory.mktemp("studio-site")
    return build_site(ROOT, site_dir=out / "site", docs_dir=out / "docs")


def _rows(html: str) -> list[list[str]]:
    """The cells of the Studio users table, as text."""
    section = html.partition('id="studio-users"')[2].partition("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in row] for row in cells if row]


def test_a_persona_page_lists_its_users_and_the_accounts_differences(built: SiteResult) -> None:
    html = (built.site_dir / "personas" / "data-scientist-team-a.html").read_text("utf-8")
    rows = _rows(html)
    assert [r[1:4] for r in rows] == [
        ["ana-garcia", "JupyterLab, Code Editor", "git and account"],
        ["dara-singh", "the domain's defaults", "git only"],
        ["chen-wei", "—", "account only"],
    ]
    assert rows[0][0] == "acme-ml (d-a1b2c3d4e5f6)"
    assert "not in the account (2026-11-28)" in rows[1][4]
    assert rows[2][4] == "git binds it to persona mlops: mlgov roles apply moves it"


def test_the_persona_git_binds_shows_the_drift(built: SiteResult) -> None:
    html = (built.site_dir / "personas" / "mlops.html").read_text("utf-8")
    ((_, name, apps, where, note),) = _rows(html)
    assert (name, apps, where) == ("chen-wei", "JupyterLab, Code Editor", "differs")
    assert note == "in the account (2026-11-28) it runs as persona data-scientist-team-a's role"


def test_a_persona_nobody_uses_says_so(built: SiteResult) -> None:
    html = (built.site_dir / "personas" / "compute.html").read_text("utf-8")
    assert "No Studio user profile uses this persona, in git or in the snapshots." in html


def test_without_studio_data_the_section_is_absent(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, repo / name)
    for folder in ("personas", "policies"):
        shutil.copytree(ROOT / folder, repo / folder)
    result = build_site(repo, site_dir=tmp_path / "site", docs_dir=tmp_path / "docs")
    assert "Studio users" not in (result.docs_dir / "personas" / "mlops.md").read_text("utf-8")


def test_names_from_a_snapshot_render_inert(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, repo / name)
    for folder in ("personas", "policies"):
        shutil.copytree(ROOT / folder, repo / folder)
    snapshot = json.loads((ROOT / "snapshots" / "demo.json").read_text("utf-8"))
    snapshot["user_profiles"] = [
        {
            "domain": "d-a1b2c3d4e5f6",
            "name": "<script>alert(1)</script>|`x`",
            "execution_role": "arn:aws:iam::111122223333:role/mlgov/mlgov-mlops",
            "from_domain": False,
            "status": "InService",
        }
    ]
    (repo / "snapshots").mkdir()
    (repo / "snapshots" / "demo.json").write_text(json.dumps(snapshot), "utf-8")
    result = build_site(repo, site_dir=tmp_path / "site", docs_dir=tmp_path / "docs")
    html = (result.site_dir / "personas" / "mlops.html").read_text("utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    ((_, _, _, where, note),) = _rows(html)
    assert where == "account only" and note.endswith("not in git: set up outside review")

"""Three snapshots from three accounts and regions: every deployment, monitor row, alarm and
alert of the built site says which account and region it is in; nothing of one account hides
another's, and a model page names only the snapshots that hold the model."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import SiteResult, build_site
from tests import test_site_fixture as fx
from tests.html_text import read_page, table_rows

ROOT = Path(__file__).resolve().parents[1]
A, B, C = (
    ("111111111111", "eu-west-1"),
    ("222222222222", "us-east-1"),
    ("333333333333", "ap-southeast-2"),
)

CARD = """schema_version: 1
id: {id}
title: {title}
status: Approved
owner: Ana
contacts: [{{name: Ana}}, {{name: Bo}}]
approvals: [{{by: Bo, role: Model Risk Officer, date: 2026-10-01}}]
review: {{last: 2026-10-01, next: 2027-04-01}}
out_of_scope_uses: [Pricing.]
intended_uses: {{intended_uses: Retention., risk_rating: High}}
additional_information:
  ethical_considerations: Reviewed.
  caveats_and_recommendations: Retrain quarterly.
deployments:
{deployments}
"""


def snapshot(where: tuple[str, str], **changes: Any) -> dict[str, Any]:
    account, region = where
    data = fx.demo(account=account, region=region, lineage=[], **changes)
    return data


def churn_endpoint() -> dict[str, Any]:
    return fx._endpoint("churn-prod", "churn-v3", 2)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    root = tmp_path_factory.mktemp("accounts") / "repo"
    root.mkdir()
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "personas", root / "personas")
    shutil.copytree(ROOT / "policies", root / "policies")
    deploy = "  - {{account: '{}', region: {}, endpoint: {}}}"
    churn = "\n".join(deploy.format(*w, "churn-prod") for w in (A, B, C))
    other = deploy.format(*C, "other-prod")
    (root / "cards").mkdir()
    (root / "cards/churn.yaml").write_text(
        CARD.format(id="churn", title="Churn", deployments=churn)
    )
    (root / "cards/other.yaml").write_text(
        CARD.format(id="other", title="Other", deployments=other)
    )
    fx.write(
        root / "snapshots/a.json",
        snapshot(
            A,
            endpoints=[churn_endpoint()],
            monitoring_schedules=[fx._schedule("churn-prod", "DataQuality", "OK")],
            alarms=[fx._alarm("churn-prod", "OK")],
        ),
    )
    fx.write(
        root / "snapshots/b.json",
        snapshot(
            B,
            endpoints=[churn_endpoint(), fx._endpoint("stray-prod", "stray-v1", 1)],
            monitoring_schedules=[fx._schedule("churn-prod", "DataQuality", "InAlert")],
            alarms=[fx._alarm("churn-prod", "ALARM")],  # the same alarm name as in A
            transform_jobs=[
                {"name": "churn-batch-b", "model": "churn-v3", "status": "Completed",
                 "created": "2026-11-27T02:00:00Z"}
            ],
        ),
    )  # fmt: skip
    error = {"section": "monitoring", "operation": "sagemaker.search", "code": "AccessDenied",
             "message": "not authorized"}  # fmt: skip
    fx.write(
        root / "snapshots/c.json",
        snapshot(
            C,
            endpoints=[churn_endpoint(), fx._endpoint("other-prod", "other-v1", 1)],
            monitoring_schedules=[],
            alarms=[],
            errors=[error],
        ),
    )
    return build_site(root, site_dir=root / "site", docs_dir=root / "build/docs")


def _page(site: SiteResult, name: str) -> str:
    return (site.site_dir / name).read_text("utf-8")


def test_each_deployment_on_the_dashboard_names_its_account_and_region(site: SiteResult) -> None:
    html = _page(site, "index.html")
    row = next(r for r in table_rows(html, "mlgov-dashboard") if r[0].startswith("Churn"))
    deployments = row[4]
    for account, region in (A, B, C):
        assert f"churn-prod {account} {region}" in deployments
    assert "Batch job: churn-batch-b 222222222222 us-east-1" in deployments


def test_monitors_are_shown_per_deployment_on_the_model_page(site: SiteResult) -> None:
    rows = table_rows(_page(site, "models/churn.html"), "mlgov-monitors")
    assert rows[0][:3] == ["Endpoint", "Account", "Region"]
    by_account = {r[1]: r for r in rows[1:]}
    assert set(by_account) == {A[0], B[0], C[0]}
    assert by_account[A[0]][3] == "✓ OK"  # not hidden behind C's Unknown or B's alert
    assert by_account[B[0]][3].startswith("⚠ Alert since")
    assert by_account[C[0]][3] == "? Unknown"


def test_alarms_and_alerts_of_two_accounts_are_told_apart(site: SiteResult) -> None:
    html = _page(site, "models/churn.html")
    alarms = table_rows(html, "mlgov-alarms")
    assert alarms[0][4:6] == ["Account", "Region"]
    assert {(r[0], r[1], r[4], r[5]) for r in alarms[1:]} == {
        ("churn-prod-model-latency", "⚠ ALARM", *B),
        ("churn-prod-model-latency", "OK", *A),
    }
    history = table_rows(html, "mlgov-history")
    assert {(r[2], r[3]) for r in history[1:]} == {B}


def test_attention_names_the_account_of_each_problem(site: SiteResult) -> None:
    text, _, _ = read_page(_page(site, "index.html"))
    attention = text.split("Needs attention", 1)[1].split("Snapshot of account", 1)[0]
    assert f"churn-prod ({B[0]} {B[1]})" in attention  # the alert, in B only
    assert f"stray-prod: endpoint in {B[0]} {B[1]}" in attention
    assert "snapshots/c.json" in attention and "monitoring (AccessDenied)" in attention


def test_a_model_page_lists_only_the_snapshots_that_hold_it(site: SiteResult) -> None:
    def header(name: str) -> str:
        html = _page(site, name)
        return re.search(r'<p class="mlgov-snapshot">(.*?)</p>', html, re.S).group(1)  # type: ignore[union-attr]

    assert all(a in header("models/churn.html") for a, _ in (A, B, C))
    other = header("models/other.html")
    assert C[0] in other and A[0] not in other and B[0] not in other

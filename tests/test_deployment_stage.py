"""A card deployment's `stage` decides what counts as production; without it, the endpoint's
name does (MON001 and MON002, and the dashboard's "in production" tile)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from governance.monitoring.model import Endpoint
from governance.monitoring.status import in_production
from tests.test_rule_fixtures import run_lint

BAD = Path(__file__).parent / "fixtures" / "rules" / "MON001" / "bad"
DEPLOYMENT = '{account: "111122223333", region: eu-west-1, endpoint: m-prod, model: m-v1}'


def endpoint(name: str, status: str = "InService") -> Endpoint:
    return Endpoint(name, status, "", (), False)


@pytest.mark.parametrize(
    ("name", "status", "stage", "expected"),
    [
        ("churn-prod", "InService", None, True),
        ("churn-staging", "InService", None, False),
        ("churn-dev-2", "InService", None, False),
        ("churn-prod", "Failed", None, False),
        ("churn-prod", "InService", "staging", False),  # the card's word over the name
        ("churn-staging", "InService", "production", True),
        ("churn-staging", "Updating", "production", False),
    ],
)
def test_in_production(name: str, status: str, stage: str | None, expected: bool) -> None:
    assert in_production(endpoint(name, status), stage) is expected


@pytest.mark.parametrize(("stage", "flagged"), [("staging", False), ("production", True)])
def test_stage_decides_mon001(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stage: str, flagged: bool
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BAD, root)
    card = root / "cards" / "a.yaml"
    text = card.read_text("utf-8")
    assert DEPLOYMENT in text
    card.write_text(text.replace(DEPLOYMENT, DEPLOYMENT[:-1] + f", stage: {stage}}}"), "utf-8")
    rules = {f["rule"] for f in run_lint(root, None, capsys)}
    assert ("MON001" in rules) is flagged

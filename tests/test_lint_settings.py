"""[tool.mlgov.lint]: selection by prefix, severity overrides, the failing severity; waivers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlgov.cli import main
from tests.conftest import CONFIG, MakeRepo

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "A",
                "Effect": "Allow",
                "Action": ["s3:*", "sagemaker:CreateTraningJob"],
                "Resource": "*",
            }
        ],
    }
)


def lint(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, set[tuple[str, str]]]:
    code = main(["-C", str(root), "lint", "--format", "json", str(root / "p.json")])
    rows = json.loads(capsys.readouterr().out)
    return code, {(r["rule"], r["severity"]) for r in rows}


@pytest.mark.parametrize(
    ("settings", "expected_code", "present", "absent"),
    [
        ("", 1, {("IAM001", "error"), ("IAM003", "error")}, set()),
        ('select = ["IAM001"]', 1, {("IAM001", "error")}, {("IAM003", "error")}),
        ('ignore = ["IAM00", "IAM02"]', 0, set(), {("IAM001", "error"), ("IAM003", "error")}),
        ('ignore = ["IAM001", "IAM003"]\nfail_on = "warning"', 1, {("IAM004", "warning")}, set()),
        (
            'select = ["IAM001"]\nseverity = {IAM001 = "warning"}',
            0,
            {("IAM001", "warning")},
            {("IAM001", "error")},
        ),
    ],
)
def test_settings(
    make_repo: MakeRepo,
    capsys: pytest.CaptureFixture[str],
    settings: str,
    expected_code: int,
    present: set,
    absent: set,
) -> None:
    root = make_repo({"p.json": POLICY}, config=CONFIG + "\n[tool.mlgov.lint]\n" + settings + "\n")
    code, found = lint(root, capsys)
    assert code == expected_code, found
    assert present <= found and not (absent & found)


def test_unknown_lint_setting_is_a_configuration_error(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo({"p.json": POLICY}, config=CONFIG + "\n[tool.mlgov.lint]\nselekt = []\n")
    assert main(["-C", str(root), "lint", str(root / "p.json")]) == 2
    assert "unknown key 'selekt'" in capsys.readouterr().err  # stdout is the report's


PERSONA = """
schema_version: 1
id: p
activities:
  - s3-bucket-access: {buckets: [data]}
  - wide
waivers:
  - {rule: IAM004, reason: the legacy job runner lists every bucket, expires: %s}
"""
WIDE = """
schema_version: 1
id: wide
title: Wide
statements:
  - actions: [s3:GetObject]
    resources: ["*"]
"""


@pytest.mark.parametrize(("expires", "waived"), [("2027-01-31", True), ("2026-01-31", False)])
def test_waivers_cover_compiled_policies_until_they_expire(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], expires: str, waived: bool
) -> None:
    root = make_repo(
        {"personas/p.yaml": PERSONA % expires, "personas/activities/wide.yaml": WIDE},
        config=CONFIG + '\n[tool.mlgov.lint]\ntoday = "2026-11-28"\n',
    )
    code = main(["-C", str(root), "lint", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    rules = {r["rule"] for r in rows if not r["waived"]}
    if waived:
        assert (code, rules) == (0, set())
        assert [(r["rule"], r["waiver"]["reason"]) for r in rows if r["waived"]] == [
            ("IAM004", "the legacy job runner lists every bucket")
        ]
    else:
        assert {"IAM004", "WVR003"} <= rules and code == 1


def test_today_is_pinned_by_the_environment_then_the_config_then_source_date_epoch() -> None:
    import datetime

    from governance.config import today
    from governance.findings import MlgovError

    both = {"MLGOV_TODAY": "2026-03-04", "SOURCE_DATE_EPOCH": "0"}
    assert today({"today": "2026-01-02"}, both) == datetime.date(2026, 3, 4)
    assert today({"today": "2026-01-02"}, {"SOURCE_DATE_EPOCH": "0"}) == datetime.date(2026, 1, 2)
    assert today({}, {"SOURCE_DATE_EPOCH": "1700000000"}) == datetime.date(2023, 11, 14)
    with pytest.raises(MlgovError, match="MLGOV_TODAY='soon' is not a date"):
        today({}, {"MLGOV_TODAY": "soon"})


def test_a_bad_mlgov_today_is_one_clear_line(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"cards/c.yaml": "schema_version: 1\nid: c\nstatus: Draft\n"})
    monkeypatch.setenv("MLGOV_TODAY", "2026-13-01")
    assert main(["-C", str(root), "lint"]) == 2
    assert "MLGOV_TODAY='2026-13-01' is not a date (YYYY-MM-DD)" in capsys.readouterr().err

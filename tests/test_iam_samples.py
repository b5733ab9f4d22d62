"""The seven sample policies of the IAM-checks reference (a-g), linted as standalone files the
way a user runs `mlgov lint some-policy.json`: the clean ones (a, the least-privilege SageMaker
policy, and g, new ML actions a stale database rejects) give no finding at all; the risky ones
(b-f) fail the gate, with the rules named below.

A rule not registered yet is skipped by name, so each assert becomes strict once it lands.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from governance.iam.actiondata import catalog
from governance.lint.registry import by_id
from mlgov.cli import main
from tests.conftest import CONFIG

SAMPLES = Path(__file__).parent / "fixtures" / "iam_samples"

EXPECTED = {
    "b": ("IAM002", "IAM021"),  # Action "*" on "*": full wildcard, and every escalation method
    "c": ("IAM005", "IAM021"),  # PassRole on "*" plus CreateTrainingJob
    "d": ("IAM001",),  # sagemaker:CreateTraningJob
    "e": ("IAM003", "IAM004"),  # s3:* on "*"
    "f": ("IAM021",),  # CreatePolicyVersion and AttachRolePolicy on "*"
}
CLEAN = ("a", "g")


def lint_sample(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict]]:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pyproject.toml").write_text(CONFIG + '\n[tool.mlgov.lint]\ntoday = "2026-11-28"\n')
    target = root / f"{name}.json"
    shutil.copy(SAMPLES / target.name, target)
    code = main(["-C", str(root), "lint", "--format", "json", str(target)])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    return code, json.loads(out)


def _registered_or_skip(rules: tuple[str, ...]) -> None:
    missing = [r for r in rules if r not in by_id()]
    if missing:
        pytest.skip(f"rule(s) {', '.join(missing)} not registered yet")


@pytest.mark.parametrize("name", CLEAN)
def test_clean_sample_gives_no_finding(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows = lint_sample(name, tmp_path, capsys)
    assert [(r["rule"], r["line"], r["message"]) for r in rows] == []
    assert code == 0


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_risky_sample_gives_its_rules(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, rows = lint_sample(name, tmp_path, capsys)
    found = {r["rule"] for r in rows}
    for rule in EXPECTED[name]:
        if rule in by_id():
            assert rule in found, f"sample {name}: {rule} expected, found {sorted(found)}"
    _registered_or_skip(EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_risky_sample_fails_the_gate(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows = lint_sample(name, tmp_path, capsys)
    errors = [r for r in rows if r["severity"] == "error"]
    if not errors:
        _registered_or_skip(EXPECTED[name])
    assert errors, f"sample {name}: no error among {[(r['rule'], r['severity']) for r in rows]}"
    assert code == 1


def test_c_is_the_sagemaker_training_job_method(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, rows = lint_sample("c", tmp_path, capsys)
    escalations = [r for r in rows if r["rule"] == "IAM021"]
    assert len(escalations) == 1
    assert "PassExistingRoleToNewSageMakerTrainingJob" in escalations[0]["message"]
    assert "sagemaker-002" in escalations[0]["message"]
    assert escalations[0]["json_path"] == "$.Statement[1].Action"  # the PassRole statement


def test_f_names_both_methods_where_their_actions_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, rows = lint_sample("f", tmp_path, capsys)
    escalations = sorted((r["json_path"], r["message"]) for r in rows if r["rule"] == "IAM021")
    assert [path for path, _ in escalations] == [
        "$.Statement[0].Action[0]",
        "$.Statement[0].Action[1]",
    ]
    assert "CreateNewPolicyVersion (iam:CreatePolicyVersion" in escalations[0][1]
    assert "AttachRolePolicy (iam:AttachRolePolicy" in escalations[1][1]


def test_b_reports_every_method_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, rows = lint_sample("b", tmp_path, capsys)
    escalations = [r for r in rows if r["rule"] == "IAM021"]
    assert len(escalations) == 1
    assert "by 71 methods" in escalations[0]["message"]


def test_g_actions_are_in_the_iam_data() -> None:
    for action in (
        "sagemaker:CreateMlflowApp",
        "bedrock:CountTokens",
        "bedrock-agentcore:InvokeAgentRuntime",
    ):
        assert catalog().action(action) is not None, action

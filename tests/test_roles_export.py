"""`mlgov roles export`: CloudFormation that cfn-lint accepts, Terraform JSON with the expected
resources and references, both deterministic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cfnlint.api import lint

from governance.deploy.ids import logical_ids, terraform_name
from mlgov.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "roles" / "repo"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


def export(root: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["-C", str(root), "roles", "export", "--format", fmt]) == 0
    return json.loads(capsys.readouterr().out)


def inline_style(root: Path) -> Path:
    config = root / "pyproject.toml"
    config.write_text(config.read_text("utf-8") + 'policy_style = "inline"\n', "utf-8")
    return root


@pytest.mark.parametrize("which", ["fixture", "inline", "project"])
def test_cloudformation_passes_cfn_lint(
    which: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = {"fixture": repo, "project": ROOT}.get(which) or inline_style(repo)
    template = export(root, "cloudformation", capsys)
    matches = lint(json.dumps(template), regions=["us-east-1"])
    assert [str(m) for m in matches] == []


def test_cloudformation_resources(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    resources = export(repo, "cloudformation", capsys)["Resources"]
    assert sorted(resources) == ["AnalystPolicy1", "AnalystRole", "BuilderPolicy1", "BuilderRole"]
    role = resources["AnalystRole"]["Properties"]
    assert role["RoleName"] == "mlgov-analyst"
    assert role["Path"] == "/mlgov/"
    assert role["MaxSessionDuration"] == 7200
    assert role["ManagedPolicyArns"] == [
        {"Ref": "AnalystPolicy1"},
        "arn:aws:iam::123456789012:policy/shared/team-read",
    ]
    assert {"Key": "managed-by", "Value": "mlgov"} in role["Tags"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Action"] == "sts:AssumeRole"
    builder = resources["BuilderRole"]["Properties"]
    assert builder["PermissionsBoundary"] == "arn:aws:iam::123456789012:policy/shared/boundary"
    policy = resources["AnalystPolicy1"]
    assert policy["Type"] == "AWS::IAM::ManagedPolicy"
    assert policy["Properties"]["ManagedPolicyName"] == "mlgov-analyst-permissions"
    # IAM policy variables pass through CloudFormation untouched (no Fn::Sub is used).
    assert "${aws:username}" in json.dumps(policy["Properties"]["PolicyDocument"])


def test_cloudformation_inline_policies(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    resources = export(inline_style(repo), "cloudformation", capsys)["Resources"]
    assert sorted(resources) == ["AnalystRole", "BuilderRole"]
    role = resources["AnalystRole"]["Properties"]
    assert [p["PolicyName"] for p in role["Policies"]] == ["mlgov-analyst-permissions"]
    assert role["ManagedPolicyArns"] == ["arn:aws:iam::123456789012:policy/shared/team-read"]


def test_terraform_resources_and_references(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = export(repo, "terraform", capsys)
    resources = config["resource"]
    assert sorted(resources) == ["aws_iam_policy", "aws_iam_role", "aws_iam_role_policy_attachment"]
    assert sorted(resources["aws_iam_role"]) == ["analyst", "builder"]
    assert sorted(resources["aws_iam_policy"]) == ["analyst_1", "builder_1"]
    attachments = resources["aws_iam_role_policy_attachment"]
    assert attachments["analyst_1"] == {
        "role": "${aws_iam_role.analyst.name}",
        "policy_arn": "${aws_iam_policy.analyst_1.arn}",
    }
    assert attachments["analyst_extra_1"]["policy_arn"] == (
        "arn:aws:iam::123456789012:policy/shared/team-read"
    )
    role = resources["aws_iam_role"]["builder"]
    assert role["permissions_boundary"] == "arn:aws:iam::123456789012:policy/shared/boundary"
    assert role["max_session_duration"] == 3600
    assert role["tags"]["managed-by"] == "mlgov"
    assert json.loads(role["assume_role_policy"])["Version"] == "2012-10-17"


def test_terraform_escapes_policy_variables(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = export(repo, "terraform", capsys)["resource"]["aws_iam_policy"]["analyst_1"]
    # Terraform reads "${...}" as interpolation: IAM's own variables must be "$${...}".
    assert "$${aws:username}" in policy["policy"]
    unescaped = json.loads(policy["policy"].replace("$${", "${"))
    assert unescaped["Version"] == "2012-10-17"


def test_terraform_inline_policies(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    resources = export(inline_style(repo), "terraform", capsys)["resource"]
    assert "aws_iam_policy" not in resources
    inline = resources["aws_iam_role_policy"]["analyst_1"]
    assert inline["role"] == "${aws_iam_role.analyst.name}"
    assert inline["name"] == "mlgov-analyst-permissions"


def test_export_is_deterministic_and_writes_out(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "roles.tf.json"
    assert (
        main(["-C", str(repo), "roles", "export", "--format", "terraform", "--out", str(out)]) == 0
    )
    first = out.read_text("utf-8")
    assert main(["-C", str(repo), "roles", "export", "--format", "terraform"]) == 0
    assert capsys.readouterr().out == first


def test_export_refuses_a_repository_with_errors(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "personas" / "builder.yaml").write_text("id: builder\nrole: [\n", "utf-8")
    assert main(["-C", str(repo), "roles", "export", "--format", "cloudformation"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "fix them first" in captured.err
    assert "Traceback" not in captured.err


def test_logical_ids_never_collide() -> None:
    ids = logical_ids(["a-1", "a1", "data-scientist"])
    assert ids["data-scientist"] == "DataScientist"
    assert ids["a-1"] != ids["a1"]
    assert all(i.isalnum() for i in ids.values())
    assert logical_ids(["a1", "a-1"]) == {"a1": ids["a1"], "a-1": ids["a-1"]}


def test_terraform_names_are_identifiers() -> None:
    assert terraform_name("data-scientist") == "data_scientist"
    assert terraform_name("1st-team") == "persona_1st_team"

"""`mlgov roles export` with Studio user profiles: AWS::SageMaker::UserProfile that cfn-lint
accepts, aws_sagemaker_user_profile, both naming the persona's role of the same template, and
the settings the deployer sets, key for key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cfnlint.api import lint

from governance.deploy.ids import profile_logical_ids, profile_terraform_names
from mlgov.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "studio" / "repo"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


def export(root: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["-C", str(root), "roles", "export", "--format", fmt]) == 0
    return json.loads(capsys.readouterr().out)


def test_cloudformation_profiles_pass_cfn_lint(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = export(repo, "cloudformation", capsys)
    matches = lint(json.dumps(template), regions=["us-east-1"])
    assert [str(m) for m in matches] == []
    profiles = {k: v for k, v in template["Resources"].items() if k.endswith("UserProfile")}
    assert sorted(profiles) == ["AnaUserProfile", "BenUserProfile", "CyUserProfile"]
    ana = profiles["AnaUserProfile"]
    assert ana["Type"] == "AWS::SageMaker::UserProfile"
    props = ana["Properties"]
    assert (props["DomainId"], props["UserProfileName"]) == ("d-lab", "ana")
    assert props["UserSettings"] == {
        "ExecutionRole": {"Fn::GetAtt": ["ScientistRole", "Arn"]},  # the role in this stack
        "StudioWebPortalSettings": {"HiddenAppTypes": ["Canvas", "RStudioServerPro"]},
        "JupyterLabAppSettings": {"DefaultResourceSpec": {"InstanceType": "ml.t3.medium"}},
        "SpaceStorageSettings": {
            "DefaultEbsStorageSettings": {
                "DefaultEbsVolumeSizeInGb": 5,
                "MaximumEbsVolumeSizeInGb": 50,
            }
        },
    }
    assert {"Key": "managed-by", "Value": "mlgov"} in props["Tags"]
    assert {"Key": "mlgov-persona", "Value": "scientist"} in props["Tags"]
    cy = profiles["CyUserProfile"]["Properties"]["UserSettings"]
    assert cy == {"ExecutionRole": {"Fn::GetAtt": ["EngineerRole", "Arn"]}}


def test_terraform_profiles(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    resources = export(repo, "terraform", capsys)["resource"]
    profiles = resources["aws_sagemaker_user_profile"]
    assert sorted(profiles) == ["profile_ana", "profile_ben", "profile_cy"]
    ana = profiles["profile_ana"]
    assert (ana["domain_id"], ana["user_profile_name"]) == ("d-lab", "ana")
    assert ana["user_settings"] == {
        "execution_role": "${aws_iam_role.scientist.arn}",
        "studio_web_portal_settings": {"hidden_app_types": ["Canvas", "RStudioServerPro"]},
        "jupyter_lab_app_settings": {"default_resource_spec": {"instance_type": "ml.t3.medium"}},
        "space_storage_settings": {
            "default_ebs_storage_settings": {
                "default_ebs_volume_size_in_gb": 5,
                "maximum_ebs_volume_size_in_gb": 50,
            }
        },
    }
    assert ana["tags"] == {"managed-by": "mlgov", "mlgov-persona": "scientist", "team": "a"}
    assert "scientist" in resources["aws_iam_role"]  # the role the reference names


def test_sso_user_goes_into_both_exports(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    studio = repo / "studio" / "lab.yaml"
    text = studio.read_text("utf-8").replace(
        "    persona: scientist\n", "    persona: scientist\n    sso_user: ana@example.com\n"
    )
    studio.write_text(text, "utf-8")
    template = export(repo, "cloudformation", capsys)
    assert [str(m) for m in lint(json.dumps(template), regions=["us-east-1"])] == []
    props = template["Resources"]["AnaUserProfile"]["Properties"]
    assert (props["SingleSignOnUserIdentifier"], props["SingleSignOnUserValue"]) == (
        "UserName",
        "ana@example.com",
    )
    ana = export(repo, "terraform", capsys)["resource"]["aws_sagemaker_user_profile"]["profile_ana"]
    assert ana["single_sign_on_user_value"] == "ana@example.com"


def test_domains_in_several_regions_are_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = repo / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace('"us-east-1"', '"*"'), "utf-8")
    other = (repo / "studio" / "lab.yaml").read_text("utf-8")
    other = other.replace("d-lab", "d-other").replace("region: us-east-1", "region: eu-west-1")
    (repo / "studio" / "other.yaml").write_text(other, "utf-8")
    assert main(["-C", str(repo), "roles", "export", "--format", "cloudformation"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "several accounts or regions (123456789012/eu-west-1, 123456789012/us-east-1)" in (
        captured.err
    )
    assert "Traceback" not in captured.err


def test_profile_names_never_collide() -> None:
    keys = ["d-a/ana", "d-a/Ana", "d-b/ana", "d-a/ben-x", "d-a/benX"]
    ids = profile_logical_ids(keys)
    assert len(set(ids.values())) == len(keys)
    assert all(i.isalnum() and i.endswith("UserProfile") for i in ids.values())
    names = profile_terraform_names(keys)
    assert len(set(names.values())) == len(keys)
    assert all(n.startswith("profile_") and n.replace("_", "").isalnum() for n in names.values())
    # a name that collides with nothing keeps its plain form
    assert profile_logical_ids(["d-a/chen-wei"]) == {"d-a/chen-wei": "ChenWeiUserProfile"}

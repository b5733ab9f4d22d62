"""Every built-in persona, compiled with default settings, grants exactly the reference's
actions and managed policies; with VPC and KMS it gains exactly the guard statements."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.iam.compiler import RoleBundle, compile_repository
from governance.repository import Repository
from tests.conftest import MakeRepo
from tests.test_catalog import EXPECTED, EXPECTED_MANAGED, EXPECTED_PERSONAS, EXPECTED_WHEN

PARAMETERS = {
    "access-required-aws-services": "{buckets: [data], ecr_repositories: "
    '["arn:aws:ecr:eu-west-1:111122223333:repository/ml"]}',
    "manage-glue-tables": "{buckets: [data], databases: [features]}",
    "canvas-kendra-access": "{kendra_indexes: [3d8f7e6a-1b2c-4d5e-8f9a-0b1c2d3e4f5a]}",
    "run-studio-emr-serverless-apps": '{runtime_roles: ["arn:aws:iam::111122223333:role/emr"]}',
}
GUARDS = """
network: {subnets: [subnet-0a1b2c3d4e5f60718], security_groups: [sg-0c1d2e3f4a5b60718]}
encryption:
  volume_kms_keys: ["arn:aws:kms:eu-west-1:111122223333:key/v"]
  output_kms_keys: ["arn:aws:kms:eu-west-1:111122223333:key/o"]
"""


def compile_builtin(make_repo: MakeRepo, preset: str, extra: str = "") -> RoleBundle:
    lines = [
        "schema_version: 1",
        "id: p",
        f"extends: builtin:{preset}",
        'compute_role: "arn:aws:iam::111122223333:role/compute"',
        "activities:",
    ]
    lines += [f"  - {a}: {PARAMETERS[a]}" for a in EXPECTED_PERSONAS[preset] if a in PARAMETERS]
    if lines[-1] == "activities:":
        lines[-1] = "activities: []"
    root = make_repo({"personas/p.yaml": "\n".join(lines) + "\n" + extra})
    repo = Repository.load(root)
    bundles, problems = compile_repository(repo)
    assert repo.findings == () and problems == []
    return bundles[0]


def granted(bundle: RoleBundle) -> set[str]:
    actions: set[str] = set()
    for policy in bundle.policies:
        for statement in policy.document["Statement"]:
            actions.update(statement["Action"])  # Deny too: the reference lists both
    return actions


@pytest.mark.parametrize("preset", sorted(EXPECTED_PERSONAS))
def test_default_settings_grant_exactly_the_reference(make_repo: MakeRepo, preset: str) -> None:
    bundle = compile_builtin(make_repo, preset)
    activities = EXPECTED_PERSONAS[preset]
    assert granted(bundle) == set().union(*(EXPECTED.get(a, set()) for a in activities))
    expected_arns = {
        arn.replace("${partition}", "aws")
        for a in activities
        for arn in EXPECTED_MANAGED.get(a, [])
    }
    assert set(bundle.managed_policy_arns) == expected_arns


@pytest.mark.parametrize("preset", sorted(EXPECTED_PERSONAS))
def test_vpc_and_kms_add_exactly_the_guard_statements(make_repo: MakeRepo, preset: str) -> None:
    plain = granted(compile_builtin(make_repo, preset))
    guarded = granted(compile_builtin(make_repo, preset, GUARDS))
    added = {
        action
        for a in EXPECTED_PERSONAS[preset]
        for actions in EXPECTED_WHEN.get(a, {}).values()
        for action in actions
    }
    assert guarded == plain | added


NO_OP_RULES = {"IAM026", "IAM027", "IAM028"}  # grants nothing; attaches no policy


@pytest.mark.parametrize("preset", sorted(EXPECTED_PERSONAS))
@pytest.mark.parametrize("extra", ["", GUARDS], ids=["plain", "vpc-kms"])
def test_no_preset_grants_nothing_or_attaches_a_policy_aws_lacks(
    make_repo: MakeRepo, tmp_path: Path, preset: str, extra: str
) -> None:
    """The catalog itself granted sagemaker-mlflow:AccessUI, emr-serverless:ListApplications/
    CreateApplication and sagemaker:DescribeLineageGroup on ARNs (they take only '*'),
    s3:GetBucketAcl/PutBucketAcl on object ARNs, and attached a Canvas policy at a path AWS
    does not have. Linting every preset as a persona extends it finds none of that now."""
    from governance.lint.run import lint_repository

    compile_builtin(make_repo, preset, extra)  # writes the persona into tmp_path; it compiles
    result = lint_repository(Repository.load(tmp_path), [])
    assert [f.format_text() for f in result.findings if f.rule in NO_OP_RULES] == []

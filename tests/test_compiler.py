"""The compiler on the example repository and on edge cases of its own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from governance.iam.actiondata import catalog
from governance.iam.canonical import iam_size
from governance.iam.compiler import RoleBundle, compile_repository
from governance.iam.guards import KMS_KEYS, VPC_KEYS
from governance.iam.output import bundle_files, check_current
from governance.iam.packing import MANAGED_POLICY_LIMIT, TRUST_POLICY_LIMIT
from governance.repository import Repository
from mlgov.cli import main
from tests.conftest import ROOT, MakeRepo


@pytest.fixture(scope="module")
def example() -> dict[str, RoleBundle]:
    repo = Repository.load(ROOT)
    assert repo.findings == ()
    bundles, problems = compile_repository(repo)
    assert problems == []
    return {b.persona_id: b for b in bundles}


def statements(bundle: RoleBundle) -> list[dict]:
    return [s for p in bundle.policies for s in p.document["Statement"]]


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def test_every_example_persona_compiles(example: dict[str, RoleBundle]) -> None:
    assert set(example) == {p.stem for p in (ROOT / "personas").glob("*.yaml")}


def test_compiled_policies_are_valid_and_within_quotas(example: dict[str, RoleBundle]) -> None:
    for bundle in example.values():
        assert iam_size(bundle.trust_policy) <= TRUST_POLICY_LIMIT
        assert len(bundle.policies) + len(bundle.managed_policy_arns) <= 10
        for policy in bundle.policies:
            assert policy.size <= MANAGED_POLICY_LIMIT
            assert policy.document["Version"] == "2012-10-17"
            sids = [s["Sid"] for s in policy.document["Statement"]]
            assert len(sids) == len(set(sids)) and all(
                re.fullmatch(r"[A-Za-z0-9]+", s) for s in sids
            )
        for statement in statements(bundle):
            assert statement["Effect"] in ("Allow", "Deny")
            assert statement["Action"] and statement["Resource"]
            assert "*" not in as_list(statement["Action"])


def test_no_unresolved_placeholder_is_emitted(example: dict[str, RoleBundle]) -> None:
    for bundle in example.values():
        text = "".join(bundle_files(bundle).values())
        assert not re.search(r"\$\{[a-z][a-z0-9_]*\}", text), bundle.persona_id


def test_passrole_only_to_the_compute_role_with_passed_to_service(
    example: dict[str, RoleBundle],
) -> None:
    compute = "arn:aws:iam::111122223333:role/mlgov/mlgov-sagemaker-compute"
    seen = 0
    for bundle in example.values():
        for statement in statements(bundle):
            if "iam:PassRole" not in as_list(statement["Action"]):
                continue
            seen += 1
            assert "*" not in as_list(statement["Resource"])
            assert "iam:PassedToService" in json.dumps(statement.get("Condition", {}))
            if statement["Condition"]["StringEquals"]["iam:PassedToService"] == (
                "sagemaker.amazonaws.com"
            ):
                assert as_list(statement["Resource"]) == [compute]
    assert seen >= 3


def test_vpc_and_kms_conditions_sit_exactly_on_supporting_actions(
    example: dict[str, RoleBundle],
) -> None:
    data = catalog()
    guarded = 0
    for statement in statements(example["data-scientist-team-a"]):
        conditions = json.dumps(statement.get("Condition", {}))
        for action in as_list(statement["Action"]):
            for key in VPC_KEYS + KMS_KEYS:
                supports = data.supports_condition_key(action, key)
                assert supports == (f'"{key}"' in conditions), (action, key)
                guarded += supports
    assert guarded > 10


def test_trust_policy_has_the_confused_deputy_conditions(example: dict[str, RoleBundle]) -> None:
    statement = example["mlops"].trust_policy["Statement"][0]
    assert statement["Principal"] == {"Service": "sagemaker.amazonaws.com"}
    assert statement["Condition"] == {
        "ArnLike": {"aws:SourceArn": "arn:aws:sagemaker:eu-west-1:111122223333:*"},
        "StringEquals": {"aws:SourceAccount": "111122223333"},
    }


def test_committed_compiled_folder_is_current(example: dict[str, RoleBundle]) -> None:
    stale = check_current(list(example.values()), ROOT / "compiled")
    assert stale == [], "run `mlgov compile` and commit compiled/"


def test_compile_is_byte_identical(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert main(["-C", str(ROOT), "compile", "--out", str(tmp_path / out)]) == 0
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b
    for name in files_a:
        if (tmp_path / "a" / name).is_file():
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_second_compile_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["-C", str(ROOT), "compile", "--out", str(tmp_path)])
    main(["-C", str(ROOT), "compile", "--out", str(tmp_path)])
    assert "(0 file(s) changed)" in capsys.readouterr().out


def test_other_partitions(make_repo: MakeRepo) -> None:
    config = '[tool.mlgov]\npartition = "aws-cn"\naccount = "111122223333"\nregion = "cn-north-1"\n'
    root = make_repo(
        {
            "personas/ds.yaml": """
        schema_version: 1
        id: ds
        compute_role: "arn:aws-cn:iam::111122223333:role/compute"
        activities: [manage-ml-jobs, search-experiments]
        """
        },
        config=config,
    )
    bundles, problems = compile_repository(Repository.load(root))
    assert problems == []
    text = json.dumps([p.document for p in bundles[0].policies])
    assert "arn:aws:" not in text and "arn:aws-cn:sagemaker:cn-north-1:111122223333:" in text


def test_policy_variables_pass_through(example: dict[str, RoleBundle]) -> None:
    text = json.dumps([p.document for p in example["data-scientist-team-b"].policies])
    assert "${sagemaker:DomainId}" in text and "${sagemaker:UserProfileName}" in text


def test_inline_style_uses_one_policy_within_10240(make_repo: MakeRepo) -> None:
    config = (
        '[tool.mlgov]\naccount = "111122223333"\nregion = "eu-west-1"\npolicy_style = "inline"\n'
    )
    root = make_repo(
        {
            "personas/ds.yaml": """
        schema_version: 1
        id: ds
        compute_role: "arn:aws:iam::111122223333:role/compute"
        activities: [manage-ml-jobs, manage-models, manage-pipelines, search-experiments]
        """
        },
        config=config,
    )
    bundles, problems = compile_repository(Repository.load(root))
    assert problems == [] and len(bundles[0].policies) == 1
    assert bundles[0].policies[0].size <= 10_240

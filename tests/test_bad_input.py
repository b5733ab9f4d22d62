"""Each bad input gives a finding with its rule, file, line and column — never a traceback."""

from __future__ import annotations

import pytest

from governance.iam.compiler import compile_repository
from governance.repository import Repository
from tests.conftest import MakeRepo

COMPUTE = """
    schema_version: 1
    id: compute
    extends: builtin:compute-role
    activities:
      - access-required-aws-services:
          buckets: [data]
          ecr_repositories: ["arn:aws:ecr:eu-west-1:111122223333:repository/ml"]
    """


def findings_of(make_repo: MakeRepo, files: dict[str, str]) -> list[tuple[str, str, int, int]]:
    repo = Repository.load(make_repo({"personas/compute.yaml": COMPUTE, **files}))
    _, problems = compile_repository(repo)
    return [(f.rule, f.file, f.line, f.column) for f in sorted(set(repo.findings) | set(problems))]


def persona(body: str) -> dict[str, str]:
    return {"personas/p.yaml": "schema_version: 1\nid: p\n" + body}


CASES = {
    "unknown activity": ("activities:\n  - manage-ml-jobz\n", ("REF002", 4, 5)),
    "unknown parameter": ("activities:\n  - s3-bucket-access: {bucket: [x]}\n", ("PAR001", 4, 24)),
    "missing parameter": ("activities:\n  - s3-bucket-access\n", ("PAR002", 4, 5)),
    "malformed parameter value": (
        "activities:\n  - s3-bucket-access: {buckets: [Not_A_Bucket]}\n",
        ("PAR004", 4, 34),
    ),
    "unknown builtin": ("extends: builtin:data-scientst\n", ("REF003", 3, 10)),
    "needs a compute role": ("activities:\n  - manage-ml-jobs\n", ("CMP001", 4, 5)),
    "compute role missing": ("compute_role: computer\n", ("REF005", 3, 15)),
    "role name too long": (f"role: {{name: {'r' * 65}}}\n", ("SCH006", 3, 14)),
    "role name characters": ("role: {name: 'bad name'}\n", ("SCH005", 3, 14)),
    "session too long": ("role: {max_session_hours: 13}\n", ("SCH006", 3, 27)),
    "session zero": ("role: {max_session_hours: 0}\n", ("SCH006", 3, 27)),
    "tag characters": ("tags: {team: 'a|b'}\n", ("SCH005", 3, 14)),
    "unknown key": ("activites: []\n", ("SCH002", 3, 1)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_persona(make_repo: MakeRepo, case: str) -> None:
    body, expected = CASES[case]
    found = findings_of(make_repo, persona(body))
    assert found, f"{case}: no finding"
    assert all(f[1] == "personas/p.yaml" for f in found), found
    if expected is not None:
        assert (expected[0], "personas/p.yaml", expected[1], expected[2]) in found, found


def test_list_for_a_scalar_parameter_is_named(make_repo: MakeRepo) -> None:
    files = {
        "personas/activities/one.yaml": """
            schema_version: 1
            id: one
            title: One
            parameters: {bucket: {type: s3-bucket}}
            statements:
              - actions: [s3:GetObject]
                resources: ["arn:${partition}:s3:::${bucket}/*"]
            """,
        **persona("activities:\n  - one: {bucket: [a-bucket, b-bucket]}\n"),
    }
    assert ("PAR003", "personas/p.yaml", 4, 19) in findings_of(make_repo, files)


def test_over_fifty_tags(make_repo: MakeRepo) -> None:
    tags = "".join(f"  k{i}: v\n" for i in range(51))
    found = findings_of(make_repo, persona("tags:\n" + tags))
    assert ("SCH006", "personas/p.yaml", 4, 3) in found


def test_same_id_twice(make_repo: MakeRepo) -> None:
    files = {
        "personas/a.yaml": "schema_version: 1\nid: same\n",
        "personas/b.yaml": "schema_version: 1\nid: same\n",
    }
    assert ("REF001", "personas/b.yaml", 2, 5) in findings_of(make_repo, files)


def test_same_role_name_ignoring_case(make_repo: MakeRepo) -> None:
    files = {
        "personas/a.yaml": "schema_version: 1\nid: a\nrole: {name: Shared}\n",
        "personas/b.yaml": "schema_version: 1\nid: b\nrole: {name: shared}\n",
    }
    assert ("REF007", "personas/b.yaml", 3, 14) in findings_of(make_repo, files)


def test_extends_cycle(make_repo: MakeRepo) -> None:
    files = {
        "personas/a.yaml": "schema_version: 1\nid: a\nextends: b\n",
        "personas/b.yaml": "schema_version: 1\nid: b\nextends: a\n",
    }
    found = findings_of(make_repo, files)
    assert ("REF004", "personas/a.yaml", 3, 10) in found
    assert ("REF004", "personas/b.yaml", 3, 10) in found


def test_inherited_activity_missing_parameter_points_at_extends(make_repo: MakeRepo) -> None:
    found = findings_of(
        make_repo, persona("extends: builtin:data-scientist\ncompute_role: compute\n")
    )
    assert ("PAR002", "personas/p.yaml", 3, 10) in found


def test_unresolved_placeholder_is_an_error(make_repo: MakeRepo) -> None:
    files = {
        "personas/activities/typo.yaml": """
            schema_version: 1
            id: typo
            title: Typo
            statements:
              - actions: [s3:GetObject]
                resources: ["arn:${partition}:s3:::${bukcet}/*"]
            """,
        **persona("activities:\n  - typo\n"),
    }
    assert ("CMP002", "personas/activities/typo.yaml", 5, 5) in findings_of(make_repo, files)


def test_unknown_action_in_custom_activity(make_repo: MakeRepo) -> None:
    files = {
        "personas/activities/x.yaml": """
            schema_version: 1
            id: x
            title: X
            statements:
              - actions: [sagemaker:CreateTrainingJobs]
                resources: ["*"]
            """,
        **persona("activities:\n  - x\n"),
    }
    assert ("IAM001", "personas/activities/x.yaml", 5, 14) in findings_of(make_repo, files)


def test_persona_that_cannot_fit(make_repo: MakeRepo) -> None:
    buckets = ", ".join(f"bucket-number-{i:04d}" for i in range(2500))
    found = findings_of(
        make_repo, persona(f"activities:\n  - s3-bucket-access: {{buckets: [{buckets}]}}\n")
    )
    assert any(f[0] == "CMP003" and f[1] == "personas/p.yaml" for f in found), found

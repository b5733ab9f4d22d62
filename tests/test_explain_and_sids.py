"""The compiler names what it merges and says the right thing when a persona does not fit;
`mlgov explain ACTIVITY|PERSONA` shows what an activity grants and what a persona is made of."""

from __future__ import annotations

import pytest

from governance.iam.compiler import compile_repository
from governance.repository import Repository
from mlgov.cli import main
from tests.conftest import CONFIG, MakeRepo

METRICS = """
schema_version: 1
id: read-metrics
title: Read metrics
description: Reads CloudWatch metrics.
statements:
  - sid: ReadCloudWatch
    actions: [cloudwatch:GetMetricData, cloudwatch:ListMetrics]
    resources: ["*"]
"""


def test_statements_of_different_activities_keep_their_own_sids(make_repo: MakeRepo) -> None:
    """`ReadCloudWatch` used to be merged into `ListJobs` of another activity (both on '*')."""
    persona = (
        "schema_version: 1\nid: p\nextends: builtin:custom\ncompute_role: "
        "arn:aws:iam::111122223333:role/c\nactivities: [manage-ml-jobs, read-metrics]\n"
    )
    root = make_repo({"personas/p.yaml": persona, "personas/activities/m.yaml": METRICS})
    [bundle], problems = compile_repository(Repository.load(root))
    assert problems == []
    statements = [s for p in bundle.policies for s in p.document["Statement"]]
    by_sid = {s["Sid"]: s for s in statements}
    assert by_sid["ReadCloudWatch"]["Action"] == [
        "cloudwatch:GetMetricData",
        "cloudwatch:ListMetrics",
    ]
    for statement in statements:
        owners = {a.split(":")[0] for a in statement["Action"]}
        assert not ({"cloudwatch"} < owners), statement["Sid"]  # never mixed with sagemaker
    sources = [s for p in bundle.policies for s in p.sources]
    assert all(len({src.owner for src in group}) == 1 for group in sources)


@pytest.mark.parametrize(("style", "advice"), [("inline", "policy_style = managed"),
                                               ("managed", "policy_style = inline")])  # fmt: skip
def test_cmp003_never_advises_the_style_in_use(
    make_repo: MakeRepo, style: str, advice: str
) -> None:
    buckets = ", ".join(f"bucket-{i:03d}-with-a-long-name" for i in range(400))
    persona = (
        f"schema_version: 1\nid: p\nextends: builtin:custom\n"
        f"activities:\n  - s3-bucket-access: {{buckets: [{buckets}]}}\n"
    )
    config = CONFIG + f'policy_style = "{style}"\nmax_managed_policies = 1\n'
    root = make_repo({"personas/p.yaml": persona}, config)
    _, [problem] = compile_repository(Repository.load(root))
    assert problem.rule == "CMP003"
    assert advice in problem.hint
    assert f"use policy_style = {style}" not in problem.hint


def test_explain_an_activity_shows_parameters_actions_and_conditions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", "manage-glue-tables"]) == 0
    out = capsys.readouterr().out
    assert "  buckets: list of s3-bucket, required; S3 buckets holding" in out
    assert "  action   glue:SearchTables" in out
    assert "  resource arn:${partition}:s3:::${buckets}" in out
    assert '  if       StringLike kms:ViaService "s3.${region}.amazonaws.com"' in out
    assert "UseOutputKeysThroughS3: Allow (only with the persona's encryption settings)" in out


def test_explain_a_persona_shows_its_activities_and_what_the_preset_brings(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    persona = (
        "schema_version: 1\nid: ds\ntitle: DS\ndescription: Data science.\n"
        "extends: builtin:mlops\ncompute_role: arn:aws:iam::111122223333:role/c\n"
        "activities:\n  - s3-bucket-access: {buckets: [team-data]}\nwithout: [s3-full-access]\n"
    )
    root = make_repo({"personas/ds.yaml": persona})
    assert main(["-C", str(root), "explain", "ds"]) == 0
    out = capsys.readouterr().out
    assert "  - manage-pipelines  (from builtin:mlops)" in out
    assert '  - s3-bucket-access (buckets=["team-data"])' in out
    assert "s3-full-access" not in out
    assert "compute role (the role it may pass): arn:aws:iam::111122223333:role/c" in out
    assert main(["-C", str(root), "explain", "builtin:mlops"]) == 0
    assert "  - s3-full-access" in capsys.readouterr().out

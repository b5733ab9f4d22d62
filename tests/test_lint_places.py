"""Where policy findings land and what ships: `roles apply` and `roles export` refuse what the
lint gate fails (`--no-lint` overrides it, loudly); a finding on a compiled policy is placed at
the persona or activity line that caused it, the compiled file a related location; a stale or
missing compiled/ is reported. Run through the CLI in temporary repositories."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from mlgov.cli import main
from mlgov.cli.roles import apply_command
from tests.conftest import CONFIG, MakeRepo
from tests.test_roles_deploy import FIXTURE, _args

# A custom activity granting iam:PassRole on "*": `mlgov lint` fails it (IAM005, IAM020).
PASS_ANY = """
schema_version: 1
id: pass-any-role
title: Pass any role
description: Passes any role to SageMaker jobs.
statements:
  - sid: PassAnything
    actions:
      - sagemaker:CreateTrainingJob
      - iam:PassRole
    resources: ["*"]
"""


def lint_json(root: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> list[dict[str, Any]]:
    code = main(["-C", str(root), "lint", "--format", "json", *paths])
    assert code in (0, 1)
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def risky(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    (root / "personas" / "activities").mkdir()
    (root / "personas" / "activities" / "pass-any-role.yaml").write_text(PASS_ANY, "utf-8")
    persona = root / "personas" / "builder.yaml"
    text = persona.read_text("utf-8")
    used = "  - s3-bucket-access: {buckets: [team-b-data]}\n"
    assert used in text
    persona.write_text(text.replace(used, used + "  - pass-any-role\n"), "utf-8")
    return root


def _moto_iam() -> Any:
    client = boto3.client("iam", region_name="us-east-1")
    statement = {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}
    doc = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    for name in ("team-read", "boundary"):
        client.create_policy(PolicyName=name, Path="/shared/", PolicyDocument=doc)
    return client


def test_apply_refuses_what_lint_fails(
    risky: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        client = _moto_iam()
        sts = boto3.client("sts", region_name="us-east-1")
        with pytest.raises(Exception, match="fail the lint gate") as refused:
            apply_command(_args(risky, no_lint=False), iam=client, sts=sts)
        assert "--no-lint" in str(refused.value)
        assert "IAM005" in capsys.readouterr().err
        assert client.list_roles(PathPrefix="/mlgov/")["Roles"] == []  # nothing was created


def test_apply_with_no_lint_goes_on_and_says_so(
    risky: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        client = _moto_iam()
        sts = boto3.client("sts", region_name="us-east-1")
        assert apply_command(_args(risky, no_lint=True), iam=client, sts=sts) == 0
        err = capsys.readouterr().err
        assert "WARNING: --no-lint:" in err and "running `roles apply` anyway" in err
        assert client.list_roles(PathPrefix="/mlgov/")["Roles"]


def test_export_refuses_what_lint_fails_and_no_lint_overrides(
    risky: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = risky / "stack.json"
    command = ["-C", str(risky), "roles", "export", "--format", "cloudformation"]
    assert main([*command, "--out", str(out)]) == 2
    assert "fail the lint gate" in capsys.readouterr().err and not out.exists()
    assert main([*command, "--out", str(out), "--no-lint"]) == 0
    assert "WARNING: --no-lint" in capsys.readouterr().err
    assert "AWSTemplateFormatVersion" in out.read_text("utf-8")


def test_a_clean_repository_ships_without_a_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    assert main(["-C", str(root), "roles", "export", "--format", "terraform"]) == 0
    assert "lint" not in capsys.readouterr().err


def test_findings_land_on_the_activity_line_with_the_compiled_policy_related(
    risky: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = lint_json(risky, capsys)
    passrole = [r for r in rows if r["rule"] == "IAM005"]
    assert passrole and {r["file"] for r in passrole} == {"personas/activities/pass-any-role.yaml"}
    lines = (risky / "personas/activities/pass-any-role.yaml").read_text("utf-8").splitlines()
    for row in passrole:
        assert row["related"][0]["file"] == "compiled/builder/policy-1.json"
        assert row["related"][0]["message"].endswith("(not on disk)")
        assert lines[row["line"] - 1].strip() in ('resources: ["*"]', "- iam:PassRole")


def test_a_built_in_activity_finding_lands_on_the_persona_line(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    persona = """
        schema_version: 1
        id: ops
        extends: builtin:custom
        activities:
          - search-experiments
          - s3-full-access
    """
    root = make_repo({"personas/ops.yaml": persona})
    [row] = [r for r in lint_json(root, capsys) if r["rule"] == "IAM004"]
    assert (row["file"], row["line"]) == ("personas/ops.yaml", 6)
    assert row["message"].startswith("built-in activity 's3-full-access': ")
    assert row["related"][0]["file"] == "compiled/ops/policy-1.json"


def test_a_persona_waiver_still_covers_a_compiled_policy_path(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    persona = """
        schema_version: 1
        id: ops
        extends: builtin:custom
        activities: [s3-full-access]
        waivers:
          - {rule: IAM004, reason: every bucket on purpose, path: "$.Statement[0]"}
    """
    root = make_repo({"personas/ops.yaml": persona})
    rows = lint_json(root, capsys)
    assert [r["rule"] for r in rows if not r.get("waived")] == []
    assert [r["rule"] for r in rows if r.get("waived")] == ["IAM004"]


def test_stale_and_missing_compiled_folders_are_reported(
    risky: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-C", str(risky), "compile"]) == 0
    capsys.readouterr()
    assert [r for r in lint_json(risky, capsys) if r["rule"] == "CMP005"] == []
    activity = risky / "personas/activities/pass-any-role.yaml"
    text = activity.read_text("utf-8")
    activity.write_text(text.replace("CreateTrainingJob", "CreateProcessingJob"), "utf-8")
    shutil.rmtree(risky / "compiled" / "analyst")
    rows = {r["file"]: r for r in lint_json(risky, capsys) if r["rule"] == "CMP005"}
    assert set(rows) == {"personas/analyst.yaml", "personas/builder.yaml"}
    assert "compiled/analyst/ is missing" in rows["personas/analyst.yaml"]["message"]
    assert "differs in policy-1.json" in rows["personas/builder.yaml"]["message"]
    stale = [r for r in lint_json(risky, capsys) if r["rule"] == "IAM005"]
    assert "(the file is stale)" in stale[0]["related"][0]["message"]


def test_a_repository_without_compiled_folder_gets_no_cmp005(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    (root / "pyproject.toml").write_text(CONFIG.replace("111122223333", "123456789012"))
    assert [r for r in lint_json(root, capsys) if r["rule"] == "CMP005"] == []


# -- findings downstream of an error -----------------------------------------------------------

CARD = """
schema_version: 1
id: churn
title: Churn
status: Draft
owner: Ana
contacts: [{name: Ana}]
personas: {deploy: [ops], use: [ops]}
"""
OPS = """
schema_version: 1
id: ops
title: Ops
description: Operates.
extends: builtin:custom
activities: [s3-full-access]
waivers:
  - {rule: IAM004, reason: every bucket on purpose, expires: 2099-01-01}
"""


def test_a_broken_persona_is_not_an_unknown_one(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """After a schema error in a persona, cards naming it said `unknown persona` once per
    mention, and a persona extending it `extends unknown persona`: consequences, not causes."""
    child = "schema_version: 1\nid: child\nextends: ops\ncompute_role: ops\n"
    files = {
        "personas/ops.yaml": OPS + "bogus: 1\n",
        "personas/child.yaml": child,
        "cards/churn.yaml": CARD,
        "cards/churn2.yaml": CARD.replace("id: churn", "id: churn2"),
    }
    rows = lint_json(make_repo(files), capsys)
    assert [r["rule"] for r in rows if r["rule"] == "REF008"] == []
    assert [r["rule"] for r in rows if r["file"] == "personas/ops.yaml"] == ["SCH002"]
    extends = {r["rule"]: r for r in rows if r["file"] == "personas/child.yaml"}
    assert set(extends) == {"REF003", "REF005"}  # still errors: the child cannot compile
    assert extends["REF003"]["hint"] == "fix personas/ops.yaml first"
    assert "failed to load" in extends["REF005"]["message"]


@pytest.mark.parametrize(
    "broken",
    [
        "activities: [s3-full-access, s3-ful-access]\n",  # an unknown activity
        "activities: [s3-full-access, my-activity]\n",  # an activity that fails to compile
    ],
)
def test_a_valid_waiver_is_not_called_unused_when_its_persona_could_not_be_checked(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], broken: str
) -> None:
    activity = (
        "schema_version: 1\nid: my-activity\ntitle: Mine\ndescription: Mine.\n"
        "statements:\n  - actions: [sagemaker:CreateTraningJob]\n    resources: ['*']\n"
    )
    persona = OPS.replace("activities: [s3-full-access]\n", broken)
    root = make_repo({"personas/ops.yaml": persona, "personas/activities/mine.yaml": activity})
    rows = lint_json(root, capsys)
    assert "WVR002" not in {r["rule"] for r in rows}
    assert {r["rule"] for r in rows} & {"REF002", "IAM001"}  # the cause is reported
    # Once the cause is fixed, the waiver covers its finding again.
    (root / "personas/ops.yaml").write_text(textwrap.dedent(OPS).lstrip(), "utf-8")
    rows = lint_json(root, capsys)
    assert [(r["rule"], r["waived"]) for r in rows if r["rule"] == "IAM004"] == [("IAM004", True)]


def test_a_waiver_that_really_matches_nothing_is_still_reported(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    persona = OPS.replace("activities: [s3-full-access]\n", "activities: [search-experiments]\n")
    rows = lint_json(make_repo({"personas/ops.yaml": persona}), capsys)
    assert [r["rule"] for r in rows] == ["WVR002"]

"""Property-based fuzzing with hypothesis: any bytes, any JSON-like structure, any YAML text —
loading and linting end in findings or a clean result, never an exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.config import Config
from governance.iam.actiondata import catalog
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.engine import lint
from governance.lint.settings import LintSettings
from governance.source import load_json_bytes, load_yaml_bytes
from mlgov.cli import main

IAM_WORDS = [
    "Version",
    "Statement",
    "Sid",
    "Effect",
    "Allow",
    "Deny",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    "StringEquals",
    "ForAllValues:StringLike",
    "Null",
    "Bool",
    "ArnLike",
    "iam:PassRole",
    "iam:PassedToService",
    "*",
    "s3:*",
    "sagemaker:CreateTrainingJob",
    "arn:aws:s3:::b/*",
    "arn:aws:iam::1:role/r",
    "sagemaker:VolumeKmsKey",
    "aws:SourceArn",
    "2012-10-17",
    "${aws:username}",
]
text = st.one_of(st.sampled_from(IAM_WORDS), st.text(max_size=30))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=30,
)
policies = st.fixed_dictionaries(
    {
        "Version": st.sampled_from(["2012-10-17", "2008-10-17"]),
        "Statement": st.lists(
            st.dictionaries(st.sampled_from(IAM_WORDS), json_values, max_size=6), max_size=4
        ),
    },
)
FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FAST
@given(st.binary(max_size=400))
def test_loaders_take_any_bytes(raw: bytes) -> None:
    for loader in (load_json_bytes, load_yaml_bytes):
        doc = loader(raw, "x")
        assert doc.data is None or isinstance(doc.data, dict)
        assert all(f.rule != "SRC003" or "unexpectedly" not in f.message for f in doc.findings)


@FAST
@given(json_values)
def test_yaml_loader_reads_back_any_json_structure(value: object) -> None:
    doc = load_yaml_bytes(json.dumps({"k": value}).encode(), "x.yaml")
    assert all("unexpectedly" not in f.message for f in doc.findings)


@FAST
@given(st.one_of(policies, json_values))
def test_every_rule_survives_any_policy(policy: object) -> None:
    doc = load_json_bytes(json.dumps(policy).encode(), "p.json")
    ctx = LintContext(
        None,
        Config(),
        catalog(),
        (PolicyUnderTest(doc, "file"),),
        (),
    )
    result = lint(ctx, LintSettings(), doc.findings)
    assert not [f for f in result.findings if f.rule == "LNT001"], result.findings


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "schema_version",
                "id",
                "activities",
                "role",
                "tags",
                "network",
                "extends",
                "compute_role",
                "waivers",
            ]
        ),
        json_values,
        max_size=6,
    )
)
def test_any_persona_file_ends_in_findings_or_clean(
    tmp_path_factory: pytest.TempPathFactory, persona: dict
) -> None:
    root = tmp_path_factory.mktemp("repo")
    (root / "personas").mkdir()
    (root / "personas" / "p.yaml").write_text(json.dumps({"schema_version": 1, **persona}))
    assert main(["-C", str(root), "lint", "--format", "json"]) in (0, 1)

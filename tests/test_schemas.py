"""Schema validation: every error reported, each at its place, in words a person understands."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from governance import schemas
from governance.repository import Repository
from governance.source import load_yaml_bytes
from tests.conftest import MakeRepo


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_schemas_are_valid_and_versioned(kind: str) -> None:
    schema = schemas.schema(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:mlgov:schema:{kind}:1"


def _messages(kind: str, text: str) -> list[tuple[str, int, int, str]]:
    doc = load_yaml_bytes(text.encode(), "x.yaml")
    return [
        (f.rule, f.line, f.column, f.message + " | " + f.hint) for f in schemas.validate(kind, doc)
    ]


def test_every_error_is_reported_not_only_the_first() -> None:
    found = _messages(
        "persona",
        (
            "schema_version: 1\n"
            "id: Bad_Id\n"
            "activites: []\n"
            "role: {max_session_hours: '4'}\n"
            "network: {subnets: subnet-1}\n"
        ),
    )
    rules = [(rule, line, column) for rule, line, column, _ in found]
    assert rules == [
        ("SCH002", 3, 1),
        ("SCH005", 2, 5),
        ("SCH001", 5, 1),
        ("SCH003", 5, 20),
        ("SCH003", 4, 27),
    ] or sorted(rules) == sorted(
        [
            ("SCH002", 3, 1),
            ("SCH005", 2, 5),
            ("SCH001", 5, 1),
            ("SCH003", 5, 20),
            ("SCH003", 4, 27),
        ]
    )
    messages = " ".join(m for *_, m in found)
    assert "did you mean 'activities'?" in messages
    assert "must be a whole number, not a string" in messages
    assert "missing required key 'security_groups'" in messages


def test_one_of_reports_the_branch_the_user_meant() -> None:
    found = _messages(
        "persona",
        ("schema_version: 1\nid: p\nactivities:\n  - s3-bucket-access: {buckets: [a], n: 1}\n"),
    )
    assert found == [("SCH008", 4, 41, "'n' must be a string or a list, not a number | ")]


def test_enum_suggests_the_nearest_value() -> None:
    found = _messages(
        "activity",
        (
            "schema_version: 1\nid: a\ntitle: A\n"
            "statements:\n  - {effect: Alow, actions: [s3:GetObject], resources: ['*']}\n"
        ),
    )
    assert found[0][0] == "SCH004" and "did you mean 'Allow'?" in found[0][3]


def test_policy_file_grammar(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "policies/p.json": '{"Version": "2012-10-17", "Statement": [{"Effect": "Alow",'
            ' "Action": "s3:GetObject", "Principal": "*"}]}',
        }
    )
    found = {(f.rule, f.line, f.column) for f in Repository.load(root).findings}
    assert ("SCH004", 1, 52) in found  # Effect
    assert ("SCH002", 1, 86) in found  # Principal has no place in an identity policy
    assert ("SCH001", 1, 41) in found  # no Resource


def test_a_date_that_is_not_a_date() -> None:
    found = _messages(
        "persona",
        (
            "schema_version: 1\nid: p\nwaivers:\n"
            "  - {rule: IAM001, reason: a good reason, expires: 2027-13-01}\n"
        ),
    )
    assert found == [
        ("SCH005", 4, 52, "'expires' \"2027-13-01\" is not a valid date | dates are YYYY-MM-DD")
    ]


def test_fast_policy_check_never_accepts_what_the_schema_rejects() -> None:
    import json
    import random

    from governance.schemas.policy_fast import surely_valid
    from governance.source import load_json_bytes

    rng = random.Random(5)
    values = ["Allow", "Deny", "", "*", "s3:GetObject", "2012-10-17", "x y", 3, True, None, [], {}]
    keys = [
        "Version",
        "Id",
        "Statement",
        "Sid",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
        "Principal",
        "StringEquals",
        "aws:SourceAccount",
    ]

    def value(depth: int) -> object:
        roll = rng.random()
        if depth > 3 or roll < 0.4:
            return rng.choice(values)
        if roll < 0.7:
            return [value(depth + 1) for _ in range(rng.randrange(3))]
        return {rng.choice(keys): value(depth + 1) for _ in range(rng.randrange(4))}

    base = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "A1",
                "Effect": "Allow",
                "Action": ["s3:GetObject"],
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": True}},
            }
        ],
    }
    accepted = 0
    for _ in range(4000):
        policy = json.loads(json.dumps(base))
        statement = policy["Statement"][0]
        for _ in range(rng.randrange(3)):
            targets = [policy, statement, statement.get("Condition")]
            target = rng.choice([t for t in targets if isinstance(t, dict)])
            target[rng.choice(keys)] = value(0)
        if rng.random() < 0.3:
            policy["Statement"] = statement
        doc = load_json_bytes(json.dumps(policy).encode(), "p.json")
        if doc.data is not None and surely_valid(doc.data):
            accepted += 1
            validator = schemas._validator("policy")
            assert list(validator.iter_errors(doc.data)) == [], policy
    assert accepted > 100  # the check is exercised, not vacuous


def test_fast_config_check_never_accepts_what_the_schema_rejects() -> None:
    import random

    from governance.schemas.flat_fast import flat_surely_valid

    rng = random.Random(9)
    keys = [*schemas.schema("config")["properties"], "regoin", "lint"]
    values = [
        "aws",
        "aws-cn",
        "111122223333",
        "1234",
        "*",
        "eu-west-1",
        "EU",
        "managed",
        "inline",
        "",
        0,
        10,
        26,
        -1,
        True,
        None,
        [],
        {},
        "personas",
        3.5,
    ]
    accepted = 0
    for _ in range(5000):
        data = {rng.choice(keys): rng.choice(values) for _ in range(rng.randrange(4))}
        if flat_surely_valid(schemas.schema("config"), data):
            accepted += 1
            assert list(schemas._validator("config").iter_errors(data)) == [], data
    assert accepted > 100

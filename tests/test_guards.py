from __future__ import annotations

import json

from governance.iam.actiondata import catalog
from governance.iam.guards import guard
from governance.iam.statements import make_statement
from governance.model import Encryption, Network

NET = Network(("subnet-0a1b2c3d4e5f60718",), ("sg-0c1d2e3f4a5b60718",))
KMS = Encryption(
    ("arn:aws:kms:eu-west-1:111122223333:key/v",), ("arn:aws:kms:eu-west-1:111122223333:key/o",)
)


def _split(actions: list[str], network=NET, encryption=KMS):  # type: ignore[no-untyped-def]
    statement = make_statement("Jobs", "Allow", actions, ["arn:aws:sagemaker:eu-west-1:1:*/*"])
    return {
        s.actions: s.conditions.thaw() if s.conditions else {}
        for s in guard(statement, catalog(), network, encryption)
    }


def test_conditions_sit_exactly_on_supporting_actions() -> None:
    out = _split(
        [
            "sagemaker:CreateTrainingJob",
            "sagemaker:DescribeTrainingJob",
            "sagemaker:CreateEndpointConfig",
        ]
    )
    assert out[("sagemaker:DescribeTrainingJob",)] == {}
    training = out[("sagemaker:CreateTrainingJob",)]
    assert training["ForAllValues:StringEquals"] == {
        "sagemaker:VpcSecurityGroupIds": ["sg-0c1d2e3f4a5b60718"],
        "sagemaker:VpcSubnets": ["subnet-0a1b2c3d4e5f60718"],
    }
    assert training["Null"] == {
        "sagemaker:VpcSecurityGroupIds": "false",
        "sagemaker:VpcSubnets": "false",
    }
    assert set(training["ArnEquals"]) == {"sagemaker:VolumeKmsKeyArn", "sagemaker:OutputKmsKeyArn"}
    # CreateEndpointConfig takes the volume key but not the output key.
    assert set(out[("sagemaker:CreateEndpointConfig",)]["ArnEquals"]) == {
        "sagemaker:VolumeKmsKeyArn"
    }


def test_deprecated_kms_keys_are_never_emitted() -> None:
    out = _split(["sagemaker:CreateTrainingJob", "sagemaker:CreateTransformJob"])
    text = json.dumps(list(out.values()))
    assert 'sagemaker:VolumeKmsKey"' not in text and 'sagemaker:OutputKmsKey"' not in text


def test_wildcards_covering_guarded_actions_are_expanded() -> None:
    out = _split(["sagemaker:CreateTr*"], encryption=None)
    guarded = [a for a, c in out.items() if c]
    assert any("sagemaker:CreateTrainingJob" in a for a in guarded)
    assert all("*" not in action for actions in out for action in actions)


def test_deny_statements_are_left_alone() -> None:
    statement = make_statement("No", "Deny", ["sagemaker:CreateTrainingJob"], ["*"])
    assert list(guard(statement, catalog(), NET, KMS)) == [statement]


def test_nothing_changes_without_settings() -> None:
    statement = make_statement("Jobs", "Allow", ["sagemaker:CreateTrainingJob"], ["*"])
    assert list(guard(statement, catalog(), None, None)) == [statement]

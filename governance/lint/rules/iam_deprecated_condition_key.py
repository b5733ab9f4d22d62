"""IAM007: a condition key AWS has deprecated."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.conditions import conditions, deprecated_key
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        for entry in conditions(path, statement):
            deprecated, replacement = deprecated_key(ctx.catalog, entry.key)
            if not deprecated:
                continue
            yield Hit(
                policy.doc,
                entry.path,
                f"condition key '{entry.key}' is deprecated",
                f"use '{replacement}' instead"
                if replacement
                else "see the service's condition keys",
                at_key=True,
            )


RULE = Rule(
    id="IAM007",
    title="Deprecated condition key",
    rationale=(
        "AWS replaces condition keys now and then; SageMaker's VolumeKmsKey and OutputKmsKey, "
        "which Role Manager's KMS customisation still writes, became VolumeKmsKeyArn and "
        "OutputKmsKeyArn. No action lists those old keys any more, so a condition on them "
        "tests a key that is never present: the guard it was meant to be is gone. Deprecation "
        "comes from the IAM data's key descriptions, plus a small table of known replacements."
    ),
    severity=Severity.WARNING,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", '
        '"Condition": {"ArnEquals": {"sagemaker:VolumeKmsKey": '
        '"arn:aws:kms:eu-west-1:111122223333:key/v"}}}'
    ),
    good=(
        '{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", '
        '"Condition": {"ArnEquals": {"sagemaker:VolumeKmsKeyArn": '
        '"arn:aws:kms:eu-west-1:111122223333:key/v"}}}'
    ),
)

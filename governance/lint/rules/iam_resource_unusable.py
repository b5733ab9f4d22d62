"""IAM027: an action of an Allow that none of the statement's resources suit: an action that
takes only `*` granted on ARNs, or a bucket action on object ARNs (and the like)."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis.actions import ActionEntry, action_entries, capped
from governance.iam.analysis.arns import arn_problem
from governance.iam.analysis.reach import acts_on, type_labels
from governance.iam.analysis.statement import PolicyUnderTest, entries, is_allow
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(policy: PolicyUnderTest, ctx: LintContext) -> Iterator[Hit]:
    for path, statement in policy.statements():
        if not is_allow(statement):
            continue
        resources = [e.text for e in entries(path, statement, "Resource")]
        usable = [r for r in resources if not arn_problem(r)]  # malformed ones are IAM009's
        if not usable or "*" in usable:
            continue
        for item in action_entries(path, statement, ctx.catalog):
            if item.actions and not item.everything and not _acts(item, usable, ctx):
                yield _hit(policy, item, usable, ctx)


def _acts(item: ActionEntry, resources: list[str], ctx: LintContext) -> bool:
    # A wildcard entry is taken as the user meant it: the resources pick among its matches.
    return any(acts_on(ctx.catalog, action, resources) for action in item.actions)


def _hit(policy: PolicyUnderTest, item: ActionEntry, resources: list[str], ctx: LintContext) -> Hit:
    named = capped([f"'{r}'" for r in resources], 3)
    action = item.actions[0] if len(item.actions) == 1 else item.text
    labels = [] if len(item.actions) > 1 else type_labels(ctx.catalog, action)
    if len(item.actions) == 1 and not labels:
        message = (
            f"{action} takes only Resource '*' (it has no resource-level permissions), so on "
            f"{named} it grants nothing"
        )
        hint = f'grant {action} in a statement of its own with "Resource": "*"'
    else:
        takes = capped(labels, 3) if labels else "resource types none of which match"
        message = f"{action} acts on {takes}; none of {named} is one, so it grants nothing here"
        hint = "name ARNs of the types it takes, or move it to the statement with those ARNs"
    return Hit(policy.doc, item.path, message, hint)


RULE = Rule(
    id="IAM027",
    title="Action that none of the statement's resources suit",
    rationale=(
        "IAM authorises an action against the resources of its types only. An action with no "
        "resource-level permissions (s3:ListAllMyBuckets, iam:ListRoles, sagemaker:ListEndpoints) "
        "is authorised against `*` alone, so granted on ARNs it grants nothing; a bucket "
        "action (s3:GetBucketAcl, s3:ListBucket) on object ARNs, or an object action on a "
        "bucket ARN, grants nothing either. The role silently lacks what the statement was "
        "written for. Resource types and ARN formats come from the IAM data."
    ),
    severity=Severity.ERROR,
    scope="policy",
    check=check,
    bad=(
        '{"Effect": "Allow", "Action": ["sagemaker:DescribeEndpoint", "sagemaker:ListEndpoints"], '
        '"Resource": "arn:aws:sagemaker:eu-west-1:111122223333:endpoint/team-a-*"}'
    ),
    good=(
        '[{"Effect": "Allow", "Action": "sagemaker:DescribeEndpoint", '
        '"Resource": "arn:aws:sagemaker:eu-west-1:111122223333:endpoint/team-a-*"},\n'
        ' {"Effect": "Allow", "Action": "sagemaker:ListEndpoints", "Resource": "*"}]'
    ),
)

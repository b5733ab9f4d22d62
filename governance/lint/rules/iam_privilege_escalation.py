"""IAM020: a role whose policies, taken together, allow a known privilege-escalation method."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.iam.analysis import escalation
from governance.lint.context import LintContext, RoleUnderTest
from governance.lint.rule import Hit, Rule
from governance.lint.rules.escalation_common import hits as escalation_hits


def check(role: RoleUnderTest, ctx: LintContext) -> Iterator[Hit]:
    # All policies at once: an escalation split across policies is still one escalation.
    yield from escalation_hits(escalation.find(role.policies, ctx.catalog, ctx.today))


RULE = Rule(
    id="IAM020",
    title="Role allows privilege escalation",
    rationale=(
        "Some permissions let their holder gain more: rewriting or attaching IAM policies, "
        "creating access keys for other users, or passing an existing, more privileged role "
        "to new compute (an EC2 instance, a Lambda function, a SageMaker training job) and "
        "running code as that role. mlgov checks the 59 known methods (cloudsplaining's list, "
        "which includes Rhino Security Labs' 22; pathfinding.cloud ids in the message) across "
        "all of a role's compiled policies together. Resources and conditions count: "
        "`iam:PassRole` on one reviewed role with `iam:PassedToService` is the normal "
        "SageMaker pattern, `iam:PassRole` on `*` is not; a permissions-boundary or "
        "policy-ARN condition narrows IAM actions; an unconditional Deny removes an action. "
        "AWS managed policies attached to the role are not seen by this analysis."
    ),
    severity=Severity.ERROR,
    scope="role",
    check=check,
    bad=(
        "policies: [policies/passrole.json]  # iam:PassRole on *, and\n"
        "activities: [manage-ml-jobs]        # sagemaker:CreateTrainingJob\n"
    ),
    good=(
        "compute_role: compute        # PassRole on that one role, to SageMaker only\n"
        "activities: [manage-ml-jobs]\n"
    ),
)

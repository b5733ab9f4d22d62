"""MON001: an endpoint in production serving a model whose card is not Approved."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.mon_common import deployed


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for d in deployed(ctx):
        if d.in_production and d.card.status != "Approved":
            yield d.hit(
                f"{d.where} is in production but card {d.card.id} is {d.card.status}",
                "approve the card, or take the endpoint out of service",
            )


RULE = Rule(
    id="MON001",
    title="In production without an Approved card",
    rationale=(
        "A model serving production traffic must have passed review. The snapshot shows the "
        "endpoint in service; the card's status says whether anyone approved it. Endpoints "
        "named as dev, test, staging, qa, sandbox or canary do not count as production."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="status: PendingReview\ndeployments: [{account: '111122223333', region: eu-west-1, "
    "endpoint: churn-prod}]\n",
    good="status: Approved\ndeployments: [{account: '111122223333', region: eu-west-1, "
    "endpoint: churn-prod}]\n",
)

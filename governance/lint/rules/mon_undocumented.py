"""MON005: an endpoint in a snapshot that no card lists under `deployments`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.mon_common import documented

if TYPE_CHECKING:
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if not ctx.snapshots:  # nothing to check (a run over policy files alone)
        return
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.monitoring.status import undocumented_endpoints

    for item in ctx.snapshots:
        names = [e.name for e in item.snapshot.endpoints]
        for name in undocumented_endpoints(item.snapshot, documented(ctx, item.snapshot)):
            path = ("endpoints", names.index(name), "name")
            yield Hit(
                item.doc,
                path,
                f"endpoint {name} in {item.snapshot.account}/{item.snapshot.region} "
                "is not documented by any card",
                "add it to the deployments of the model's card, or delete the endpoint",
            )


RULE = Rule(
    id="MON005",
    title="Undocumented endpoint",
    rationale=(
        "An endpoint that no card lists serves a model nobody reviewed or owns. The finding "
        "points at the snapshot file, since no card exists to point at; it is a warning so a "
        "committed snapshot never blocks unrelated changes."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    waivable=False,  # no card to carry a waiver: select, ignore or re-rate it in [tool.mlgov.lint]
    bad="# snapshot endpoint legacy-prod; no card deploys it\n",
    good="deployments: [{account: '111122223333', region: eu-west-1, endpoint: legacy-prod}]\n",
)

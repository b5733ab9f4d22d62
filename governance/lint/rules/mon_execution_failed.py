"""MON004: the last execution of a monitor on a documented endpoint failed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.mon_common import deployed

if TYPE_CHECKING:
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if not ctx.snapshots:  # nothing to check (a run over policy files alone)
        return
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.monitoring.model import MONITOR_TYPES
    from governance.monitoring.status import State, monitor_status_at

    for d in deployed(ctx):
        here = {d.endpoint.name}
        for monitor_type in MONITOR_TYPES:
            status = monitor_status_at(d.snapshot, here, monitor_type)
            if status.state is State.FAILING:
                when = f" at {status.since}" if status.since else ""
                reason = f": {status.detail}" if status.detail else ""
                yield d.hit(
                    f"{d.where}: last {monitor_type} execution failed{when}{reason}",
                    "fix the monitoring job (baseline, permissions, capture); until then the "
                    "monitor watches nothing",
                )


RULE = Rule(
    id="MON004",
    title="Last monitoring execution failed",
    rationale=(
        "A monitor whose last run failed checks nothing, yet still looks configured. A "
        "warning, since the state is the account's; it clears with the next good run."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    bad="# snapshot: last execution Failed\n",
    good="# snapshot: last execution Completed\n",
)

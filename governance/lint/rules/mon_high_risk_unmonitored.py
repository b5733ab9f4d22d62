"""MON002: a High risk model in production with a monitor type None or Inactive and no alarm."""

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
    from governance.monitoring.status import State, alarm_status_at, monitor_status_at

    for d in deployed(ctx):
        if d.card.risk_rating != "High" or not d.in_production:
            continue
        here = {d.endpoint.name}
        # Unknown alarms are not "no alarm": a finding must rest on data that was read.
        if alarm_status_at(d.snapshot, here).state is not State.NONE:
            continue
        gaps = [
            f"{t} {s.state.value}"
            for t in MONITOR_TYPES
            if (s := monitor_status_at(d.snapshot, here, t)).state in (State.NONE, State.INACTIVE)
        ]
        if gaps:
            yield d.hit(
                f"High risk model on {d.where} has no CloudWatch alarm and monitors "
                + ", ".join(gaps),
                "add a CloudWatch alarm on the endpoint, or schedule and start the monitors",
            )


RULE = Rule(
    id="MON002",
    title="High risk model in production without monitoring",
    rationale=(
        "A High risk model needs every kind of drift watched. A monitor type that is not "
        "scheduled (None) or stopped (Inactive) is a blind spot unless a CloudWatch alarm "
        "watches the endpoint; alarms count, since Model Monitor is closed to new customers."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="intended_uses: {risk_rating: High}\n# endpoint in service, no schedule, no alarm\n",
    good="intended_uses: {risk_rating: High}\n# a CloudWatch alarm on the endpoint\n",
)

"""MON003: a monitor or CloudWatch alarm of a documented endpoint is in alert."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.mon_common import deployed

if TYPE_CHECKING:
    from governance.lint.context import LintContext
    from governance.monitoring.status import Status


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if not ctx.snapshots:  # nothing to check (a run over policy files alone)
        return
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.monitoring.model import MONITOR_TYPES
    from governance.monitoring.status import State, alarm_status_at, monitor_status_at

    for d in deployed(ctx):
        here = {d.endpoint.name}
        cells = [(f"{t} monitor", monitor_status_at(d.snapshot, here, t)) for t in MONITOR_TYPES]
        cells.append(("CloudWatch alarm", alarm_status_at(d.snapshot, here)))
        alerts = [_describe(name, s) for name, s in cells if s.state is State.ALERT]
        if alerts:
            yield d.hit(
                f"{d.where}: " + "; ".join(alerts),
                "investigate the violations; record the outcome in the card",
            )


def _describe(name: str, status: Status) -> str:
    since = f" since {status.since}" if status.since else ""
    detail = f" ({status.detail})" if status.detail else ""
    return f"{name} in alert{since}{detail}"


RULE = Rule(
    id="MON003",
    title="Monitor in alert",
    rationale=(
        "An active monitor or alarm has crossed its threshold: the model's inputs or quality "
        "drifted from what the card describes. A warning, since the state is the account's, "
        "not the repository's; it stays until the alert clears."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    bad="# snapshot: DataQuality alert InAlert on the card's endpoint\n",
    good="# snapshot: every alert OK\n",
)

"""MON006: a snapshot older than `stale_after_hours`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.mon_common import now

if TYPE_CHECKING:
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if not ctx.snapshots:  # nothing to check (a run over policy files alone)
        return
    # Imported when run, not when registered: see governance/lint/registry.py.
    from governance.monitoring.model import format_time
    from governance.monitoring.status import is_stale

    clock, limit = now(ctx), ctx.config.stale_after_hours
    for item in ctx.snapshots:
        if is_stale(item.snapshot, clock, limit):
            hours = int((clock - item.snapshot.taken_at).total_seconds() // 3600)
            yield Hit(
                item.doc,
                ("taken_at",),
                f"snapshot taken {format_time(item.snapshot.taken_at)} is {hours} h old "
                f"(stale after {limit} h)",
                "take a new one with `mlgov snapshot`",
            )


RULE = Rule(
    id="MON006",
    title="Stale snapshot",
    rationale=(
        "Monitoring states change by the hour; an old snapshot may show OK for a model that "
        "is in alert now. A warning, not an error: a committed snapshot (such as the demo's, "
        "with its fixed clock) must not fail every build from the next day on."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    waivable=False,  # a snapshot carries no waivers: ignore or re-rate it in [tool.mlgov.lint]
    bad='{"taken_at": "2026-11-01T06:00:00Z"}\n',
    good='{"taken_at": "2026-11-28T06:00:00Z"}\n',
)

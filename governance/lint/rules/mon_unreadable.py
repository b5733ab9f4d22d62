"""MON009: a part of a snapshot the collector could not read (AccessDenied, throttling), of
an AWS account or of an MLflow registry."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for item in ctx.snapshots:
        s = item.snapshot
        for n, error in enumerate(s.errors):
            yield Hit(
                item.doc,
                ("errors", n),
                f"{s.account}/{s.region}: the {error.section} section could not be read "
                f"({error.operation}: {error.code} {error.message}); what depends on it is "
                "Unknown",
                "grant the snapshot role the read permission it lacks (see the governance-reader "
                "persona), then take a new snapshot",
            )
    for held in ctx.registries:
        r = held.registry
        for n, error in enumerate(r.errors):
            yield Hit(
                held.doc,
                ("errors", n),
                f"MLflow {r.tracking_server}: the {error.section} section could not be read "
                f"({error.operation}: {error.code} {error.message}); what depends on it is "
                "Unknown",
                "check that the tracking server answers and the credentials may read the "
                "registry, then take a new snapshot (`mlgov snapshot --mlflow`)",
            )


RULE = Rule(
    id="MON009",
    title="Snapshot section could not be read",
    rationale=(
        "A snapshot records what it could not read instead of leaving it out, so nothing "
        "derived from that part shows OK. Still, an unreadable section hides monitors, "
        "alarms or endpoints from every check: lint says so, rather than only the site."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    waivable=False,  # a snapshot carries no waivers: ignore or re-rate it in [tool.mlgov.lint]
    bad='{"errors": [{"section": "alarms", "code": "AccessDenied", ...}]}\n',
    good='{"errors": []}\n',
)

"""The snapshots the site shows: loaded strictly, dated, and described for the reader.

A snapshot that cannot be read stops the build (an `MlgovError` naming the file): a site that
silently left it out would present partial data as fresh. "Now" is the build time:
`SOURCE_DATE_EPOCH` when set (reproducible builds, and tests), else the clock; ages and the
stale warning are worked out against it in the static HTML, and the page also shows the age at
view time (mlgov.js), since a site is read long after it is built.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from governance.findings import MlgovError, Severity
from governance.monitoring.load import Sources
from governance.monitoring.model import Snapshot, format_time
from governance.monitoring.registry import RegistrySnapshot
from governance.monitoring.status import is_stale


@dataclass(frozen=True)
class ReadErrorView:
    file: str
    section: str
    operation: str
    code: str
    message: str


@dataclass(frozen=True)
class SnapshotView:
    file: str
    account: str
    region: str
    source: str
    taken_at: str  # ISO, UTC: what the view-time age script reads
    taken_label: str  # "2026-11-28 06:00 UTC"
    age: str  # against the build time: "3 h", "2 d 4 h"
    stale: bool
    errors: tuple[ReadErrorView, ...]

    @property
    def key(self) -> tuple[str, str]:
        return self.account, self.region


def site_sources(sources: Sources) -> tuple[tuple[Snapshot, ...], tuple[RegistrySnapshot, ...]]:
    """The AWS snapshots and the MLflow registry snapshots of the folder; MlgovError when a
    file could not be read (the site would be partial)."""
    files, registries, findings = sources
    errors = sorted(f for f in findings if f.severity is Severity.ERROR)
    if errors:
        first = errors[0]
        where = first.file
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise MlgovError(
            f"{where}:{first.line}:{first.column}: {first.message}{more}; the site is not built "
            "from a snapshot that cannot be read: fix or remove the file, or take a new one"
        )
    return tuple(f.snapshot for f in files), tuple(r.registry for r in registries)


def _relative(root: Path, file: str) -> str:
    """Snapshots loaded from the repository are named relative to it already."""
    if not Path(file).is_absolute():
        return file
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def build_time(env: Mapping[str, str] = os.environ) -> datetime:
    """SOURCE_DATE_EPOCH (reproducible-builds.org), else the clock; to the minute."""
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC).replace(second=0, microsecond=0)


def age_text(then: datetime, now: datetime | None) -> str:
    if now is None:
        return "unknown"
    minutes = max(0, int((now - then).total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {mins} min" if hours else f"{mins} min"


def snapshot_view(
    root: Path, snapshot: Snapshot, now: datetime | None, stale_after_hours: int
) -> SnapshotView:
    stale = now is not None and is_stale(snapshot, now, stale_after_hours)
    file = _relative(root, snapshot.file)
    return SnapshotView(
        file=file,
        account=snapshot.account,
        region=snapshot.region,
        source=snapshot.source,
        taken_at=format_time(snapshot.taken_at) or "",
        taken_label=time_label(format_time(snapshot.taken_at)),
        age=age_text(snapshot.taken_at, now),
        stale=stale,
        errors=tuple(
            ReadErrorView(file, e.section, e.operation, e.code, e.message) for e in snapshot.errors
        ),
    )


def time_label(iso: str | None) -> str:
    """ "2026-11-27T09:00:00Z" → "2026-11-27 09:00 UTC"."""
    if not iso:
        return ""
    return iso.replace("T", " ")[:16] + " UTC"

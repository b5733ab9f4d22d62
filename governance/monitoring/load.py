"""Strict loading of snapshot files, and the deterministic merge of several into one view.

A corrupt, truncated or schema-invalid file is a finding naming the file and position; callers
(the build, the site) must refuse to render when any finding is an error, so partial data is
never presented as fresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from governance import schemas
from governance.findings import Finding, MlgovError, Severity
from governance.monitoring.model import Snapshot, snapshot_from_data
from governance.monitoring.registry import RegistrySnapshot, is_registry, registry_from_data
from governance.source import Document, load_path
from governance.source.listing import folder_files

__all__ = [
    "RegistryFile",
    "SnapshotFile",
    "Sources",
    "load_fleet",
    "load_snapshot",
    "merge",
    "read_folder",
    "read_sources",
]


@dataclass(frozen=True)
class Fleet:
    """Several snapshots, one per account and region, in a fixed order."""

    snapshots: tuple[Snapshot, ...]
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)


@dataclass(frozen=True)
class SnapshotFile:
    """A loaded snapshot with its document, so lint findings can point at lines of the file."""

    doc: Document
    snapshot: Snapshot


@dataclass(frozen=True)
class RegistryFile:
    """A loaded MLflow registry snapshot with its document (lint points at its lines)."""

    doc: Document
    registry: RegistrySnapshot


def read_snapshot(
    path: Path, display: str | None = None, boundary: Path | None = None
) -> tuple[SnapshotFile | None, list[Finding]]:
    """The snapshot in a file, or None with the findings that explain why not. With a
    `boundary` (the repository), a file leading outside it is refused unread (SRC013). A
    registry snapshot is not an AWS snapshot: None, without findings."""
    loaded, findings = read_any(path, display, boundary)
    return (loaded if isinstance(loaded, SnapshotFile) else None), findings


def read_any(
    path: Path, display: str | None = None, boundary: Path | None = None
) -> tuple[SnapshotFile | RegistryFile | None, list[Finding]]:
    """An AWS snapshot or, when the file has a `registry` key, an MLflow registry snapshot:
    each validated by its own schema."""
    doc = load_path(path, display, boundary)
    findings = list(doc.findings)
    if doc.data is None or any(f.severity is Severity.ERROR for f in findings):
        return None, findings
    registry = is_registry(doc.data)
    findings += schemas.validate("registry" if registry else "snapshot", doc)
    if findings:
        return None, findings
    if registry:
        return RegistryFile(doc, registry_from_data(doc.data, doc.path)), findings
    return SnapshotFile(doc, snapshot_from_data(doc.data, doc.path)), findings


def load_snapshot(
    path: Path, display: str | None = None, boundary: Path | None = None
) -> tuple[Snapshot | None, list[Finding]]:
    loaded, findings = read_snapshot(path, display, boundary)
    return (None if loaded is None else loaded.snapshot), findings


def read_folder(root: Path, folder: str) -> tuple[tuple[SnapshotFile, ...], list[Finding]]:
    """Every AWS snapshot of a repository's snapshot folder, named relative to the root, in
    merge order; unreadable files give findings (errors, so lint and the build refuse them)."""
    snapshots, _, findings = read_sources(root, folder)
    return snapshots, findings


# The snapshot folder as read: AWS snapshots, MLflow registry snapshots, findings.
Sources = tuple[tuple[SnapshotFile, ...], tuple[RegistryFile, ...], list[Finding]]


def read_sources(root: Path, folder: str) -> Sources:
    """The snapshot folder read once: the AWS snapshots in merge order, the MLflow registry
    snapshots by file name, and the findings of the files that could not be read."""
    files, refused = folder_files(root, folder, "*.json")
    loaded: list[SnapshotFile] = []
    registries: list[RegistryFile] = []
    findings: list[Finding] = [f for doc in refused for f in doc.findings]
    for path, display in files:
        item, found = read_any(path, display, root)
        findings += found
        if isinstance(item, RegistryFile):
            registries.append(item)
        elif item is not None:
            loaded.append(item)
    order = {id(s): i for i, s in enumerate(merge(f.snapshot for f in loaded))}
    ordered = tuple(sorted(loaded, key=lambda f: order[id(f.snapshot)]))
    return ordered, tuple(_distinct(registries)), findings


def _distinct(registries: list[RegistryFile]) -> list[RegistryFile]:
    """By file name; two files of one tracking server are refused, as two of one account and
    region are: either could hide the fresher one."""
    ordered = sorted(registries, key=lambda r: r.doc.path)
    seen: dict[str, str] = {}
    for item in ordered:
        server = item.registry.tracking_server
        if server in seen:
            raise MlgovError(
                f"{item.doc.path}: the MLflow registry {server} is also in {seen[server]}; "
                "keep one snapshot per tracking server"
            )
        seen[server] = item.doc.path
    return ordered


def merge(snapshots: Iterable[Snapshot]) -> tuple[Snapshot, ...]:
    """Order by (account, region); two files for the same account and region are a user error
    rather than a silent pick, since either choice could hide the fresher data."""
    ordered = sorted(snapshots, key=lambda s: (s.account, s.region, s.file))
    for before, after in pairwise(ordered):
        if (before.account, before.region) == (after.account, after.region):
            raise MlgovError(
                f"{after.file}: account {after.account} region {after.region} is also in "
                f"{before.file}; keep one snapshot per account and region"
            )
    return tuple(ordered)


def load_fleet(paths: Iterable[Path], root: Path | None = None) -> Fleet:
    """`root`, when given, makes the files' names relative to it in findings and snapshots."""
    snapshots: list[Snapshot] = []
    findings: list[Finding] = []
    for path in sorted(paths):
        display = path.relative_to(root).as_posix() if root and path.is_relative_to(root) else None
        snapshot, found = load_snapshot(path, display, root)
        findings += found
        if snapshot is not None:
            snapshots.append(snapshot)
    return Fleet(merge(snapshots), tuple(sorted(findings)))

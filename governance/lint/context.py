"""What rules look at: every policy document (the repository's files, the compiled policies,
files named on the command line), every compiled role, and the monitoring snapshots."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from governance.findings import JsonPath

if TYPE_CHECKING:
    from governance.config import Config
    from governance.iam.actiondata import ActionCatalog
    from governance.iam.compiler import RoleBundle
    from governance.model import Persona
    from governance.monitoring.load import SnapshotFile
    from governance.repository import Repository
    from governance.source import Document


@dataclass(frozen=True)
class PolicyUnderTest:
    doc: Document  # positions are those of this document (a compiled file is re-read)
    kind: str  # "file" (written by people) or "compiled" (written by mlgov compile)
    persona: Persona | None = None  # the persona it belongs to, for compiled policies

    def statements(self) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
        """Each statement with its path; a single-object Statement counts as one."""
        raw = (self.doc.data or {}).get("Statement")
        if isinstance(raw, dict):
            yield ("Statement",), raw
        elif isinstance(raw, list):
            for index, item in enumerate(raw):
                if isinstance(item, dict):
                    yield ("Statement", index), item


@dataclass(frozen=True)
class RoleUnderTest:
    persona: Persona
    bundle: RoleBundle
    policies: tuple[PolicyUnderTest, ...]  # its compiled policies and its policy files


@dataclass(frozen=True)
class LintContext:
    repo: Repository | None
    config: Config
    catalog: ActionCatalog
    policies: tuple[PolicyUnderTest, ...]
    roles: tuple[RoleUnderTest, ...]
    # The repository's monitoring snapshots (the config's `snapshots` folder), merge-ordered.
    snapshots: tuple[SnapshotFile, ...] = ()


def as_list(value: Any) -> list[Any]:
    """IAM's string-or-list values as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]

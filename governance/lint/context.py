"""What rules look at: every policy document (the repository's files, the compiled policies,
files named on the command line), every compiled role, and the monitoring snapshots."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from governance.iam.analysis.statement import PolicyUnderTest

if TYPE_CHECKING:
    from governance.cards.lifecycle import Lineage
    from governance.config import Config
    from governance.iam.actiondata import ActionCatalog
    from governance.iam.compiler import RoleBundle
    from governance.lint.provenance import CompiledPolicy
    from governance.model import Persona
    from governance.monitoring.load import RegistryFile, SnapshotFile
    from governance.repository import Repository


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
    # The cards' git history (Archived versions); None: not known (no repository, no git).
    lineage: Lineage | None = None
    # The day conditions on time are judged against (the lint settings' `today`).
    today: datetime.date = field(default_factory=datetime.date.today)
    # Compiled policies by display path (compiled/<persona>/policy-N.json): what each
    # statement comes from, so that findings are placed at the lines people wrote.
    compiled: Mapping[str, CompiledPolicy] = field(default_factory=dict)
    # The MLflow registry snapshots of the same folder (monitoring/registry.py), by file.
    registries: tuple[RegistryFile, ...] = ()

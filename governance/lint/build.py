"""Building the lint context: the repository's policy files, every compiled policy (re-read from
its exact output text, so findings point at lines of compiled/), and files from the command
line."""

from __future__ import annotations

import datetime
from pathlib import Path

from governance.cache import DocumentCache, checked_bytes
from governance.cards.lifecycle import Lineage
from governance.iam.actiondata import catalog
from governance.iam.analysis.statement import PolicyUnderTest
from governance.iam.compiler import RoleBundle
from governance.iam.output import dumps
from governance.lint.context import LintContext, RoleUnderTest
from governance.lint.provenance import CompiledPolicy
from governance.monitoring.load import RegistryFile, SnapshotFile
from governance.repository import Repository
from governance.source import Document, load_json_bytes


def build_context(
    repo: Repository,
    bundles: list[RoleBundle],
    extra: list[Document] | None = None,
    snapshots: tuple[SnapshotFile, ...] = (),
    cache: DocumentCache | None = None,
    lineage: Lineage | None = None,
    today: datetime.date | None = None,
    registries: tuple[RegistryFile, ...] = (),
) -> LintContext:
    files = [PolicyUnderTest(doc, "file") for doc in repo.policy_files.values()]
    files += [PolicyUnderTest(doc, "file") for doc in extra or []]
    sources: dict[str, CompiledPolicy] = {}
    roles = tuple(_role(repo, bundle, cache, sources) for bundle in bundles)
    compiled = [policy for role in roles for policy in role.policies]
    return LintContext(
        repo,
        repo.config,
        catalog(),
        tuple(files + compiled),
        roles,
        snapshots,
        lineage,
        today or datetime.date.today(),
        sources,
        registries,
    )


def _role(
    repo: Repository,
    bundle: RoleBundle,
    cache: DocumentCache | None,
    sources: dict[str, CompiledPolicy],
) -> RoleUnderTest:
    persona = repo.personas[bundle.persona_id]
    folder = f"{repo.config.compiled}/{bundle.persona_id}"
    policies = []
    for i, policy in enumerate(bundle.policies, start=1):
        text, display = dumps(policy.document), f"{folder}/policy-{i}.json"
        doc = _compiled(text, display, cache)
        policies.append(PolicyUnderTest(doc, "compiled", persona))
        state = _on_disk(repo.root / display, text)
        sources[display] = CompiledPolicy(repo, persona, doc, policy.sources, state)
    return RoleUnderTest(persona, bundle, tuple(policies))


def _on_disk(path: Path, text: str) -> str:
    """Whether the compiled file people see is the one linted: "current", "stale", "absent"."""
    try:
        return "current" if path.read_text("utf-8") == text else "stale"
    except FileNotFoundError:
        return "absent"
    except (OSError, UnicodeDecodeError):
        return "stale"


def _compiled(text: str, display: str, cache: DocumentCache | None) -> Document:
    """A compiled policy as its file would load. Positions in it are computed only for
    findings, and cost more than loading: the cache keeps them for an unchanged text."""
    return checked_bytes(text.encode(), display, "compiled", load_json_bytes, cache)[0]

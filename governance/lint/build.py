"""Building the lint context: the repository's policy files, every compiled policy (re-read from
its exact output text, so findings point at lines of compiled/), and files from the command
line."""

from __future__ import annotations

from governance.iam.actiondata import catalog
from governance.iam.compiler import RoleBundle
from governance.iam.output import dumps
from governance.lint.context import LintContext, PolicyUnderTest, RoleUnderTest
from governance.monitoring.load import SnapshotFile
from governance.repository import Repository
from governance.source import Document, load_json_bytes


def build_context(
    repo: Repository,
    bundles: list[RoleBundle],
    extra: list[Document] | None = None,
    snapshots: tuple[SnapshotFile, ...] = (),
) -> LintContext:
    files = [PolicyUnderTest(doc, "file") for doc in repo.policy_files.values()]
    files += [PolicyUnderTest(doc, "file") for doc in extra or []]
    roles = tuple(_role(repo, bundle) for bundle in bundles)
    compiled = [policy for role in roles for policy in role.policies]
    return LintContext(repo, repo.config, catalog(), tuple(files + compiled), roles, snapshots)


def _role(repo: Repository, bundle: RoleBundle) -> RoleUnderTest:
    persona = repo.personas[bundle.persona_id]
    folder = f"{repo.config.compiled}/{bundle.persona_id}"
    policies = tuple(
        PolicyUnderTest(
            load_json_bytes(dumps(p.document).encode(), f"{folder}/policy-{i}.json"),
            "compiled",
            persona,
        )
        for i, p in enumerate(bundle.policies, start=1)
    )
    return RoleUnderTest(persona, bundle, policies)

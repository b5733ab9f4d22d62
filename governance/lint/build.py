"""Building the lint context: the repository's policy files, every compiled policy (re-read from
its exact output text, so findings point at lines of compiled/), and files from the command
line."""

from __future__ import annotations

from pathlib import Path

from governance.iam.actiondata import catalog
from governance.iam.compiler import RoleBundle
from governance.iam.output import dumps
from governance.lint.context import LintContext, PolicyUnderTest, RoleUnderTest
from governance.repository import Repository
from governance.source import Document, load_json_bytes, load_path


def build_context(
    repo: Repository, bundles: list[RoleBundle], extra: list[Document] | None = None
) -> LintContext:
    files = [PolicyUnderTest(doc, "file") for doc in repo.policy_files.values()]
    files += [PolicyUnderTest(doc, "file") for doc in extra or []]
    roles = tuple(_role(repo, bundle) for bundle in bundles)
    compiled = [policy for role in roles for policy in role.policies]
    return LintContext(repo, repo.config, catalog(), tuple(files + compiled), roles)


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


def load_extra(root: Path, paths: list[Path]) -> list[Document]:
    """Policy JSON files named on the command line that the repository does not already hold."""
    docs = []
    for path in paths:
        for file in sorted(path.rglob("*.json")) if path.is_dir() else [path]:
            if file.suffix == ".json":
                docs.append(load_path(file, _display(root, file)))
    return docs


def _display(root: Path, file: Path) -> str:
    resolved = file.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(file)

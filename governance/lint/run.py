"""The two ways `mlgov lint` runs: over a repository (personas compiled, every rule), or over
standalone IAM policy files only (no repository to load, so it starts fast)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from governance import schemas
from governance.config import Config
from governance.findings import Finding
from governance.iam.actiondata import catalog
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.context import LintContext
from governance.lint.engine import LintResult, lint
from governance.lint.settings import LintSettings
from governance.printable import printable_name
from governance.source import Document, load_path
from governance.source.files import within
from governance.source.listing import refused_name

__all__ = [
    "lint_policy_files",
    "lint_repository",
    "only_policy_files",
    "parsed_cards",
    "working_lineage",
]

if TYPE_CHECKING:
    from governance.cache import DocumentCache
    from governance.cards.gitlog import GitSource
    from governance.cards.lifecycle import Lineage
    from governance.iam.bundle import RoleBundle
    from governance.monitoring.load import Sources
    from governance.repository import Repository

Compiled = tuple[list["RoleBundle"], list[Finding]]  # compile_repository's result


def only_policy_files(paths: list[Path]) -> bool:
    """True when every path is a JSON file, or a folder holding no YAML."""

    def policy_path(path: Path) -> bool:
        if path.is_file():
            return path.suffix == ".json"
        return not any(p.suffix in (".yaml", ".yml") for p in path.rglob("*"))

    return bool(paths) and all(policy_path(p) for p in paths)


def lint_policy_files(root: Path, config: Config, paths: list[Path]) -> LintResult:
    docs = load_extra(root, paths)
    settings = LintSettings.from_config(config.lint)
    policies = tuple(PolicyUnderTest(d, "file") for d in docs)
    ctx = LintContext(None, config, catalog(), policies, (), today=settings.today)
    return lint(ctx, settings, _file_findings(docs))


def lint_repository(
    repo: Repository,
    paths: list[Path],
    compiled: Compiled | None = None,
    cache: DocumentCache | None = None,
    lineage: Lineage | None = None,
    sources: Sources | None = None,
) -> LintResult:
    """`compiled`: compile_repository(repo), when the caller needs the bundles too (it is
    deterministic, and a review would otherwise compile every side twice). `cache` serves the
    compiled policies' documents, positions included, when their text is unchanged.
    `lineage`: the cards' git history (default: the repository's at HEAD). `sources`: the
    snapshot folder as read_sources read it, when the caller has read it already."""
    # Imported here: a run over policy files alone needs neither, and starts faster without.
    from governance.iam.compiler import compile_repository
    from governance.lint.build import build_context
    from governance.lint.compiled_state import stale_compiled
    from governance.monitoring.load import read_sources

    bundles, problems = compile_repository(repo) if compiled is None else compiled
    extra = [d for d in load_extra(repo.root, paths) if d.path not in repo.policy_files]
    settings = LintSettings.from_config(repo.config.lint)
    read = read_sources(repo.root, repo.config.snapshots) if sources is None else sources
    snapshots, registries, unreadable = read
    emitted = [*repo.findings, *problems, *_file_findings(extra), *unreadable]
    lineage = lineage or working_lineage(repo)
    emitted += stale_compiled(repo, bundles)
    context = build_context(
        repo, bundles, extra, snapshots, cache, lineage, settings.today, registries
    )
    result = lint(context, settings, emitted)
    if not paths:
        return result
    prefixes = [_display(repo.root, p) for p in paths]
    kept = [f for f in result.findings if any(_within(f.file, p) for p in prefixes)]
    return LintResult(kept, result.waived, settings)


def working_lineage(
    repo: Repository, no_cache: bool = False, base: GitSource | None = None
) -> Lineage:
    """The history of the repository's cards at HEAD of the git checkout holding it (none
    outside git); `base`: the ref compared against, for shallow clones."""
    from governance.cards.gitlog import working_source
    from governance.cards.lifecycle import Lineage

    return Lineage(
        working_source(repo.root), repo.config.cards, base, not no_cache, parsed_cards(repo)
    )


def parsed_cards(repo: Repository) -> list[tuple[Path, Any]]:
    """The repository's card files and their data, which card history need not parse again."""
    return [(repo.root / c.origin.doc.path, c.data) for c in repo.cards.values()]


def load_extra(root: Path, paths: list[Path]) -> list[Document]:
    """Policy JSON files named on the command line (folders: every JSON file below them). A
    file found in a folder must stay inside the repository, or inside that folder when it lies
    outside the repository; a file named on its own is read where it is."""
    docs = []
    for path in paths:
        boundary = root if within(path, root) else path if path.is_dir() else None
        if not path.is_dir():
            if path.suffix == ".json":
                docs.append(_load_named(path, _display(root, path), boundary))
            continue
        # The folder is resolved once; its files are named from it (resolving each of 500
        # files cost a tenth of a second).
        folder = _display(root, path)
        inside = path.resolve().is_relative_to(root)
        for file in sorted(path.rglob("*.json")):
            relative = file.relative_to(path).as_posix()
            shown = (
                f"{folder}/{relative}"
                if inside and folder not in ("", ".")
                else (relative if inside else str(file))
            )
            docs.append(_load_named(file, shown, boundary))
    return docs


def _load_named(file: Path, display: str, boundary: Path | None) -> Document:
    """The file, unless its name cannot be shown as it is (SRC014)."""
    return load_path(file, display, boundary) if printable_name(display) else refused_name(display)


def _file_findings(docs: list[Document]) -> list[Finding]:
    return [f for doc in docs for f in (*doc.findings, *schemas.validate("policy", doc))]


def _display(root: Path, path: Path) -> str:
    """Relative to the root when inside it; its folder resolved, not a link it may be (so a
    link is named, and refused, as itself)."""
    resolved = Path(os.path.realpath(path.parent)) / path.name if path.name else path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


def _within(file: str, prefix: str) -> bool:
    return prefix in ("", ".") or file == prefix or file.startswith(prefix.rstrip("/") + "/")

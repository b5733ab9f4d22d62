"""The layers, read from the imports: each stage imports only earlier stages (and itself), no
module imports a later one, site_builder uses only what governance exports, and no import
cycle exists — imports inside functions and under TYPE_CHECKING included, since a type-only
import is still a dependency a reader has to follow."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("governance", "site_builder", "mlgov")

# The pipeline of DESIGN.md, earliest first. A module belongs to the stage of the longest prefix
# that names it. Stages on one line are parallel branches: they may not import each other.
STAGES: tuple[tuple[str, ...], ...] = (
    ("governance.printable", "governance.project"),
    ("governance.findings", "governance.atomic"),
    ("governance.codes", "governance.outputs"),
    ("governance.source",),
    ("governance.schemas",),
    ("governance.model", "governance.config", "governance.cache"),
    ("governance.cards.model", "governance.studio"),
    ("governance.loaded",),
    ("governance.references",),
    ("governance.repository",),
    ("governance.iam", "governance.cards", "governance.monitoring"),
    ("governance.lint",),
    ("governance.review", "governance.deploy", "governance.demo"),
    ("site_builder",),
    ("mlgov",),
)
# The package's face: the version, read by every stage.
ANYWHERE = ("governance",)
# Scaffolds are text for `mlgov new`; only the CLI reads them.
CLI_ONLY = ("governance.persona_scaffold",)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imported(path: Path, name: str) -> Iterator[tuple[str, int]]:
    """Every module of ours `name` imports, with the line. `from pkg import sub` counts as
    importing `pkg.sub` alone when `sub` is a module (not the package's face)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*prefix, *([node.module] if node.module else [])])
            subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
            targets = subs if len(subs) == len(node.names) else [base, *subs]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target, node.lineno


GRAPH = {name: sorted(set(_imported(path, name))) for name, path in MODULES.items()}


def _stage(module: str) -> tuple[int, str]:
    """(stage index, the group it belongs to)."""
    best: tuple[int, str] = (-1, "")
    for index, groups in enumerate(STAGES):
        for group in groups:
            if (module == group or module.startswith(group + ".")) and len(group) > len(best[1]):
                best = (index, group)
    return best


def test_every_module_has_a_stage() -> None:
    unplaced = [m for m in MODULES if _stage(m)[0] < 0 and m not in ANYWHERE + CLI_ONLY]
    assert unplaced == []


Graph = dict[str, list[tuple[str, int]]]


def _violations(graph: Graph) -> Iterator[str]:
    for module, targets in graph.items():
        if module in ANYWHERE + CLI_ONLY:
            continue
        stage, group = _stage(module)
        for target, line in targets:
            if target in ANYWHERE:
                continue
            if target in CLI_ONLY:
                if not module.startswith("mlgov."):
                    yield f"{module}:{line} -> {target}"
                continue
            their_stage, their_group = _stage(target)
            later = their_stage > stage
            sideways = their_stage == stage and their_group != group
            # A stage's sub-group (cards.model) sits earlier than its parent (cards), which
            # may use it; the longer prefix decides, so cards -> cards.model is "earlier".
            if later or sideways:
                yield f"{module}:{line} -> {target}"


def test_no_module_imports_a_later_or_parallel_stage() -> None:
    assert list(_violations(GRAPH)) == []


def test_governance_never_imports_the_renderer_or_its_libraries() -> None:
    banned = ("site_builder", "mlgov", "mkdocs", "material", "weasyprint")
    hits = []
    for name, path in MODULES.items():
        if not name.startswith("governance"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            hits += [f"{name}: {n}" for n in names if n.split(".")[0] in banned]
    assert hits == []


def test_the_import_graph_has_no_cycle() -> None:
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target, _ in GRAPH.get(node, []):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for module in GRAPH:
        if module not in state:
            visit(module, [module])
    assert cycles == []


def _site_builder_imports() -> Iterator[tuple[str, str, str]]:
    for name, path in MODULES.items():
        if not name.startswith("site_builder"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("governance"):
                for alias in node.names:
                    yield name, node.module or "", alias.name


def test_site_builder_uses_only_what_governance_exports() -> None:
    missing = [
        f"{importer} takes {name} from {module}"
        for importer, module, name in sorted(set(_site_builder_imports()))
        if name not in getattr(importlib.import_module(module), "__all__", ())
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("module", "target", "found"),
    [
        ("governance.source.files", "governance.lint.engine", True),  # a later stage
        ("governance.iam.compiler", "governance.monitoring.collect", True),  # a parallel one
        ("governance.cards.model", "governance.cards.importing", True),  # model before cards
        ("governance.lint.engine", "site_builder.data", True),
        ("governance.lint.engine", "governance.persona_scaffold", True),  # the CLI's alone
        ("governance.cards.importing", "governance.cards.model", False),
        ("mlgov.cli.new", "governance.persona_scaffold", False),
        ("site_builder.data", "governance.lint.engine", False),
    ],
)
def test_the_check_sees_a_planted_import(module: str, target: str, found: bool) -> None:
    assert bool(list(_violations({module: [(target, 1)]}))) is found

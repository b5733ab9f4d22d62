"""`Repository.load(root)`: the one entry point. Every file is parsed once; the findings of
loading, schema validation and cross-references come with the result. With a DocumentCache,
files unchanged since an earlier run are not parsed or validated at all (governance/cache)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

from governance.cache import Checked, DocumentCache, checked_bytes, load_checked
from governance.cards.model import Card, build_card
from governance.codes import REF001, SRC015
from governance.config import Config, load_config
from governance.findings import Finding, Severity
from governance.loaded import BUILTIN_PREFIX, Loaded
from governance.model import Activity, Persona, build_activity, build_persona
from governance.printable import printable
from governance.references import reference_findings
from governance.source import Document, load_yaml_bytes
from governance.source.document import START, make_finding
from governance.source.listing import folder_files
from governance.studio import StudioDomain, build_domain

__all__ = ["BUILTIN_PREFIX", "Repository"]
T = TypeVar("T", Activity, Persona, Card, StudioDomain)


@dataclass(frozen=True)
class Repository(Loaded):
    config: Config
    policy_files: Mapping[str, Document]  # by path relative to the root
    findings: tuple[Finding, ...]

    @classmethod
    def load(
        cls, root: Path, config: Config | None = None, cache: DocumentCache | None = None
    ) -> Repository:
        root = root.resolve()
        findings: list[Finding] = []
        if config is None:
            config, config_findings = load_config(root)
            findings += config_findings
        builtin_acts, builtin_personas = _builtin_catalog(cache)
        findings += [f for act in builtin_acts for f in act.origin.doc.findings]
        findings += [f for persona in builtin_personas for f in persona.origin.doc.findings]
        own_acts = _build(
            _docs(root, config.activities, "*.yaml", "activity", cache), build_activity, findings
        )
        unloaded: dict[str, str] = {}
        personas = _build(
            _docs(root, config.personas, "*.yaml", "persona", cache),
            build_persona,
            findings,
            unloaded,
        )
        policies = _policy_docs(root, config, personas, findings, cache)
        built_cards = _build(
            _docs(root, config.cards, "*.yaml", "card", cache), build_card, findings
        )
        cards = _unique_ids(built_cards, "card", findings)
        built_domains = _build(
            _docs(root, config.studio, "*.yaml", "studio", cache), build_domain, findings
        )
        domains = _unique_ids(built_domains, "studio domain", findings)
        activities = _unique_ids([*builtin_acts, *own_acts], "activity", findings)
        own = _unique_ids(personas, "persona", findings)
        builtin = {p.id: p for p in builtin_personas}
        loaded = Loaded(root, activities, own, builtin, cards, domains, unloaded)
        findings += reference_findings(loaded)
        findings += _unread_files(root, config)
        return cls(
            **vars(loaded),
            config=config,
            policy_files=policies,
            findings=tuple(sorted(set(findings))),
        )

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


# Each data folder, and the suffix of the files mlgov reads directly in it.
READ_AS = (
    ("personas", ".yaml"),
    ("activities", ".yaml"),
    ("policies", ".json"),
    ("cards", ".yaml"),
    ("snapshots", ".json"),
    ("studio", ".yaml"),
)
DATA_SUFFIXES = (".yaml", ".yml", ".json")


def _unread_files(root: Path, config: Config) -> list[Finding]:
    """YAML and JSON files under a data folder that no kind reads (SRC015): a subfolder's, or
    one with another suffix. A persona put in `personas/teams/` would otherwise govern nothing,
    in silence."""
    reads = {getattr(config, key).strip("/"): suffix for key, suffix in READ_AS}
    findings = []
    for folder in reads:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix.lower() not in DATA_SUFFIXES or not path.is_file():
                continue
            parent = path.parent.relative_to(root).as_posix()
            if reads.get(parent) == path.suffix or printable(str(path)) != str(path):
                continue  # read; or refused already by its name (SRC014)
            display = path.relative_to(root).as_posix()
            findings.append(_unread(display, parent, reads))
    return sorted(set(findings))


def _unread(display: str, parent: str, reads: Mapping[str, str]) -> Finding:
    suffix = reads.get(parent)
    if suffix is not None:
        message = f"not read: mlgov reads the {suffix} files of {parent}/"
        hint = f"rename it to end in {suffix}" if suffix == ".yaml" else "move it elsewhere"
    else:
        top = next(f for f in sorted(reads, key=len, reverse=True) if display.startswith(f + "/"))
        message = f"not read: mlgov reads the files directly in {top}/, not in its subfolders"
        hint = f"move it up into {top}/, or out of the data folders"
    return make_finding(display, SRC015, START, message, hint)


def _builtin_catalog(cache: DocumentCache | None) -> tuple[list[Activity], list[Persona]]:
    """The shipped catalog, built without schema validation at run time: it is package data,
    validated by the test suite (tests/test_catalog.py), and skipping it halves start-up."""
    activities = [build_activity(d, True) for d in _builtin_docs("activities", cache) if d.ok]
    personas = [build_persona(d, True) for d in _builtin_docs("personas", cache) if d.ok]
    return activities, personas


def _builtin_docs(kind: str, cache: DocumentCache | None) -> list[Document]:
    folder = resources.files("governance").joinpath("catalog", kind)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return [
        checked_bytes(
            f.read_bytes(), f"governance/catalog/{kind}/{f.name}", "builtin", load_yaml_bytes, cache
        )[0]
        for f in files
    ]


def _docs(
    root: Path, folder: str, pattern: str, kind: str, cache: DocumentCache | None
) -> list[Checked]:
    """Each file's Document and its schema findings as `kind`; a file whose name cannot be
    shown, or that leads outside the repository, is a Document with the finding that says so."""
    files, refused = folder_files(root, folder, pattern)
    loaded = [load_checked(path, display, kind, cache, root) for path, display in files]
    return loaded + [(doc, []) for doc in refused]


def _policy_docs(
    root: Path,
    config: Config,
    personas: list[Persona],
    findings: list[Finding],
    cache: DocumentCache | None,
) -> dict[str, Document]:
    """The policy folder's JSON files, and any other a persona names (inside the root)."""
    checked = {
        doc.path: (doc, schema)
        for doc, schema in _docs(root, config.policies, "*.json", "policy", cache)
    }
    for name in sorted({n for p in personas for n in p.policies} - set(checked)):
        target = (root / name).resolve()
        if target.is_relative_to(root) and target.is_file():
            checked[name] = load_checked(root / name, name, "policy", cache, root)
    for doc, schema in checked.values():
        findings += [*doc.findings, *schema]
    return {name: doc for name, (doc, _) in checked.items()}


def _build(
    docs: Iterable[Checked],
    builder: Callable[[Document, bool], T],
    findings: list[Finding],
    failed: dict[str, str] | None = None,
) -> list[T]:
    """The items of the documents that loaded without error; `failed` collects the ids of
    the others (from the file's `id`, else its name), for references to say why."""
    built: list[T] = []
    for doc, schema in docs:
        problems = list(doc.findings) + schema
        findings += problems
        if doc.data is not None and not any(p.severity is Severity.ERROR for p in problems):
            built.append(builder(doc, doc.path.startswith("governance/catalog/")))
        elif failed is not None:
            failed[_id_of(doc)] = doc.path
    return built


def _id_of(doc: Document) -> str:
    raw = doc.data.get("id") if isinstance(doc.data, dict) else None
    return raw if isinstance(raw, str) and raw else Path(doc.path).stem


def _unique_ids(items: list[T], kind: str, findings: list[Finding]) -> dict[str, T]:
    by_id: dict[str, T] = {}
    for item in items:
        first = by_id.get(item.id)
        if first is None:
            by_id[item.id] = item
            continue
        where = first.origin.doc.path
        message = f"{kind} id '{item.id}' is already used by {where}"
        hint = "ids must be unique; rename one of them"
        if first.builtin:
            message = f"{kind} id '{item.id}' is a built-in {kind}"
            hint = "choose another id, or use the built-in one as it is"
        findings.append(item.origin.doc.finding(REF001, ("id",), message, hint))
    return by_id

"""One side of a review: a governance root loaded, compiled and linted, kept as plain data (it
crosses a process boundary when the sides are loaded in parallel)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from governance.cache import DocumentCache
from governance.cards.gitlog import GitSource
from governance.findings import Finding, Severity
from governance.iam.bundle import RoleBundle
from governance.lint.engine import LintResult
from governance.model import Persona
from governance.review.matching import match_key
from governance.source import Document

if TYPE_CHECKING:
    from governance.repository import Repository


@dataclass(frozen=True)
class FindingRow:
    """A side's finding, with what the review compares it by."""

    finding: Finding
    failing: bool  # at or above this side's failing severity
    match: str = ""  # what the sides are matched by (governance/review/matching.py)

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def severity(self) -> str:
        return self.finding.severity.value

    @property
    def file(self) -> str:
        return self.finding.file

    @property
    def line(self) -> int:
        return self.finding.line

    @property
    def column(self) -> int:
        return self.finding.column

    @property
    def message(self) -> str:
        return self.finding.message

    @property
    def fingerprint(self) -> str:
        return self.finding.fingerprint

    @property
    def related(self) -> tuple[str, ...]:
        """Files it also concerns: the compiled policy it shows in."""
        return tuple(r.file for r in self.finding.related)


@dataclass(frozen=True)
class PersonaData:
    id: str
    file: str
    documents: tuple[dict[str, Any], ...]  # the compiled permission policies
    managed: tuple[str, ...]  # managed policy ARNs attached
    quotas: dict[str, Any]
    escalations: tuple[str, ...]  # privilege-escalation methods the policies allow together
    trust: dict[str, Any] = field(default_factory=dict)  # the role's trust policy
    # The activities the role is made of, each with where it is named ("file:line"; an
    # activity the preset brings is named at the persona's `extends`).
    activities: tuple[tuple[str, str], ...] = ()
    # Each action (as written in the compiled policies) -> the activities and policy files
    # that grant it: what a review says introduced a change.
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @property
    def same_grants(self) -> tuple[object, ...]:
        return (self.documents, self.managed, self.quotas, self.escalations, self.trust)


@dataclass(frozen=True)
class CardData:
    id: str
    file: str
    status: str
    risk_rating: str
    data: Mapping[str, Any]  # the card as written


@dataclass(frozen=True)
class ProfileData:
    """A Studio user profile and the persona git binds it to."""

    domain: str
    name: str
    persona: str
    file: str


@dataclass(frozen=True)
class Side:
    label: str
    findings: tuple[FindingRow, ...]
    personas: dict[str, PersonaData] = field(default_factory=dict)
    cards: dict[str, CardData] = field(default_factory=dict)
    uncompiled: frozenset[str] = frozenset()  # personas loaded but not compiled (errors)
    unloaded: frozenset[str] = frozenset()  # files whose loading found errors
    compiled_dir: str = "compiled"  # where compiled policies' findings point
    profiles: dict[str, ProfileData] = field(default_factory=dict)  # by domain/name
    notes: tuple[str, ...] = ()  # how this side was checked, when a person should know

    def checked(self, file: str, other: Side) -> bool:
        """Whether this side's lint could look at `file`: not when the file did not load, nor
        for the compiled policies of a persona that did not compile (`other` knows the
        persona's file when this side could not even read its id)."""
        if file in self.unloaded:
            return False
        folder, _, rest = file.partition("/")
        if folder != self.compiled_dir or "/" not in rest:
            return True
        persona = rest.partition("/")[0]
        known = other.personas.get(persona)
        return persona not in self.uncompiled and not (known and known.file in self.unloaded)


def load_side(
    root: Path,
    label: str,
    cache: DocumentCache | None = None,
    source: GitSource | None = None,
    base: GitSource | None = None,
) -> Side:
    """Load, compile and lint `root` exactly as `mlgov lint` does (its own entry point, so the
    review never drifts from the gate), keeping what a review compares. `source`: the commit
    `root` was exported from (default: the git checkout holding `root`), whose history the
    card rules read; `base`: the commit compared against."""
    from governance.cards.lifecycle import Lineage
    from governance.iam.compiler import compile_repository
    from governance.lint.run import lint_repository, parsed_cards, working_lineage
    from governance.repository import Repository

    repo = Repository.load(root, cache=cache)
    compiled = compile_repository(repo)
    lineage = (
        Lineage(source, repo.config.cards, base, cache is not None, parsed_cards(repo))
        if source is not None
        else working_lineage(repo, cache is None, base)
    )
    result = lint_repository(repo, [], compiled, cache, lineage)
    bundles = compiled[0]
    cards = {
        card.id: CardData(card.id, card.origin.doc.path, card.status, card.risk_rating, card.data)
        for card in repo.cards.values()
    }
    compiled_dir = repo.config.compiled.strip("/")
    return Side(
        label,
        _rows(result, compiled_dir),
        {b.persona_id: _persona(b, repo, repo.personas[b.persona_id]) for b in bundles},
        cards,
        frozenset(repo.personas) - {b.persona_id for b in bundles},
        frozenset(f.file for f in repo.findings if f.severity is Severity.ERROR),
        compiled_dir,
        {
            f"{d.id}/{name}": ProfileData(d.id, name, p.persona, d.origin.doc.path)
            for d in repo.domains.values()
            for name, p in d.profiles.items()
        },
        (lineage.note,) if lineage.note else (),
    )


def _rows(result: LintResult, compiled_dir: str) -> tuple[FindingRow, ...]:
    return tuple(_row(f, result.settings.fails(f.severity), compiled_dir) for f in result.findings)


def _row(finding: Finding, failing: bool, compiled_dir: str) -> FindingRow:
    key = match_key(finding.rule, finding.file, finding.message, finding.fingerprint, compiled_dir)
    return FindingRow(finding, failing, key)


def _persona(bundle: RoleBundle, repo: Repository, persona: Persona) -> PersonaData:
    from governance.iam.analysis.escalation import find
    from governance.iam.analysis.statement import PolicyUnderTest
    from governance.iam.resolve import resolve

    file = persona.origin.doc.path
    uses = [
        (use.activity_id, _where(use.origin.doc, use.origin.path))
        for use in resolve(repo, persona).activities
    ]

    # Escalation analysis reads statements only: no need to re-parse the compiled text.
    policies = [PolicyUnderTest(Document(p.name, p.document), "compiled") for p in bundle.policies]
    return PersonaData(
        bundle.persona_id,
        file,
        tuple(p.document for p in bundle.policies),
        bundle.managed_policy_arns,
        bundle.quotas,
        tuple(sorted({e.method.name for e in find(policies)})),
        bundle.trust_policy,
        tuple(uses),
        _action_sources(bundle),
    )


def _where(doc: Document, path: tuple[str | int, ...]) -> str:
    return f"{doc.path}:{doc.position(path).line}"


def _action_sources(bundle: RoleBundle) -> dict[str, tuple[str, ...]]:
    """Each granted action, as the review names it (wildcards expanded), -> its sources."""
    from governance.iam.analysis.statement import as_list
    from governance.review.permissions import expand

    found: dict[str, dict[str, None]] = {}
    for policy in bundle.policies:
        statements = as_list(policy.document.get("Statement"))
        for statement, sources in zip(statements, policy.sources, strict=False):
            owners = [source.owner for source in sources]
            for item in as_list(statement.get("Action")):
                for action in expand(str(item)):
                    found.setdefault(action, {}).update(dict.fromkeys(owners))
    return {action: tuple(owners) for action, owners in found.items()}

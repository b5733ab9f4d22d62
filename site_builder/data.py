"""What the site shows, gathered from governance's public API into plain view objects.

Templates get only these objects, and governance's one frozen `Finding` type for lint results,
so the pages can be tested from data. Models and the dashboard are built in site_builder/views/.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from governance.cache import DocumentCache, open_cache
from governance.cards.history import CardHistory
from governance.findings import Finding
from governance.iam.bundle import RoleBundle
from governance.iam.compiler import compile_repository
from governance.lint.engine import LintResult
from governance.lint.run import lint_repository, working_lineage
from governance.lint.waivers import Waiver
from governance.model import Activity, Persona
from governance.monitoring.load import read_sources
from governance.monitoring.model import Snapshot, format_time
from governance.monitoring.registry import RegistrySnapshot
from governance.repository import Repository
from site_builder.gc_tuning import few_collections
from site_builder.matrix import Matrix, build_matrix
from site_builder.views.dashboard import Dashboard, dashboard
from site_builder.views.models import ModelView, model_view
from site_builder.views.monitor import by_key
from site_builder.views.registry import registry_views, undocumented_models
from site_builder.views.snapshots import build_time, site_sources, snapshot_view, time_label
from site_builder.views.users import RoleRef, UserView, studio_users

SUMMARY_PDF = "_governance-summary"  # the governance summary's PDF; a card id cannot start "_"

# From this many cards on, model pages put only their summary into the search index: the
# index costs about 6 KB per card, which the browser downloads and indexes on every visit.
SEARCH_SUMMARY_FROM = 200


@dataclass(frozen=True)
class Quota:
    name: str
    used: int
    limit: int

    @property
    def percent(self) -> int:
        return round(100 * self.used / self.limit) if self.limit else 0


@dataclass(frozen=True)
class ActivityView:
    id: str
    title: str
    description: str
    parameters: tuple[tuple[str, str, str, str], ...]  # name, type, description, value given


@dataclass(frozen=True)
class PolicyView:
    name: str
    json: str
    statements: int
    quota: Quota


@dataclass(frozen=True)
class PersonaView:
    id: str
    title: str
    description: str
    source: str
    extends: str
    role_name: str
    role_path: str
    max_session_hours: float
    permissions_boundary: str
    activities: tuple[ActivityView, ...]
    policies: tuple[PolicyView, ...]
    managed_policy_arns: tuple[str, ...]
    attached: Quota
    trust_policy: str
    trust_quota: Quota
    tags: tuple[tuple[str, str], ...]
    users: tuple[UserView, ...] = ()  # Studio user profiles (git's, and the accounts')
    studio: bool = False  # the repository has Studio data: say so even when no one uses it


@dataclass(frozen=True)
class WaiverView:
    rule: str
    file: str
    line: int
    message: str
    reason: str
    expires: str
    declared_in: str
    declared_line: int


@dataclass(frozen=True)
class SiteData:
    repository_url: str
    personas: tuple[PersonaView, ...]
    activity_count: int
    matrix: Matrix
    findings: tuple[Finding, ...]  # governance's own type: templates read its fields
    failing: int
    waivers: tuple[WaiverView, ...]
    models: tuple[ModelView, ...]  # by card id
    dashboard: Dashboard
    search_summary_only: bool  # many cards: model pages index their summary, not the body
    snapshot_folder: str = "snapshots"
    stale_after_hours: int = 24
    pdfs: frozenset[str] = frozenset()  # the PDFs the site holds (card ids, SUMMARY_PDF)


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, loaded once: the CLI lints before it renders, and the site
    uses the same results rather than compiling twice more."""

    repo: Repository
    bundles: tuple[RoleBundle, ...]
    lint: LintResult
    snapshots: tuple[Snapshot, ...] = ()
    now: datetime = field(default_factory=build_time)  # SOURCE_DATE_EPOCH, else the clock
    history: CardHistory | None = None  # the cards' git history (None: not a git checkout)
    # The PDFs the site will hold, so that pages link only to those; None: every card's and
    # the summary (`mlgov build`). `--no-pdf` gives those its PDF cache already has.
    pdfs: frozenset[str] | None = None
    registries: tuple[RegistrySnapshot, ...] = ()  # MLflow registry snapshots


def load_inputs(root: Path, cached: bool = False) -> Inputs:
    """Raises MlgovError when a snapshot file cannot be read (the site would be partial).
    `cached`: load through the document cache as `mlgov lint` does, and save it (a build after
    a lint, or a rebuild, parses and validates only the files that changed); off when caching
    is (governance/cache/location.py)."""
    with few_collections():
        return _load_inputs(root, open_cache(root) if cached else None)


def _load_inputs(root: Path, cache: DocumentCache | None) -> Inputs:
    repo = Repository.load(root, cache=cache)
    sources = read_sources(repo.root, repo.config.snapshots)  # once: lint and pages share it
    snapshots, registries = site_sources(sources)
    compiled = compile_repository(repo)  # its problems are in the lint result too
    bundles, _ = compiled
    lineage = working_lineage(repo)  # one `git log` for the build: lint and pages share it
    lint = lint_repository(
        repo, [], compiled=compiled, cache=cache, lineage=lineage, sources=sources
    )
    if cache is not None:
        cache.save()
    return Inputs(
        repo, tuple(bundles), lint, snapshots, build_time(), lineage.history, None, registries
    )


def site_data(inputs: Inputs) -> SiteData:
    repo, bundles, result = inputs.repo, inputs.bundles, inputs.lint
    users = _users(inputs)
    personas = tuple(_persona(repo, b, users) for b in sorted(bundles, key=lambda b: b.persona_id))
    models = _models(inputs)
    return SiteData(
        repository_url=repo.config.repository_url,
        personas=personas,
        activity_count=len({a for b in bundles for a in b.activities}),
        matrix=_matrix(bundles),
        findings=tuple(result.findings),
        failing=len(result.failing),
        waivers=tuple(_waiver(f, w) for f, w in result.waived),
        models=models,
        dashboard=_dashboard(inputs, models),
        search_summary_only=len(models) >= SEARCH_SUMMARY_FROM,
        snapshot_folder=repo.config.snapshots,
        stale_after_hours=repo.config.stale_after_hours,
        pdfs=frozenset({*repo.cards, SUMMARY_PDF}) if inputs.pdfs is None else inputs.pdfs,
    )


def _models(inputs: Inputs) -> tuple[ModelView, ...]:
    snapshots = by_key(inputs.snapshots)
    cards, today = inputs.repo.cards, inputs.now.date()
    return tuple(
        model_view(cards[c], snapshots, inputs.history, today, inputs.registries)
        for c in sorted(cards)
    )


def _dashboard(inputs: Inputs, models: tuple[ModelView, ...]) -> Dashboard:
    config = inputs.repo.config
    views = tuple(
        snapshot_view(inputs.repo.root, s, inputs.now, config.stale_after_hours)
        for s in inputs.snapshots
    )
    documented = [
        (d.account, d.region, d.endpoint) for c in inputs.repo.cards.values() for d in c.deployments
    ]
    return dashboard(
        models,
        inputs.snapshots,
        views,
        documented,
        time_label(format_time(inputs.now)),
        registry_views(inputs.registries, inputs.now),
        undocumented_models(inputs.registries, inputs.repo.cards.values()),
    )


def _matrix(bundles: tuple[RoleBundle, ...]) -> Matrix:
    # The IAM action data is what gives each action its access level; loaded here only.
    from governance.iam.actiondata import catalog

    docs = {b.persona_id: [p.document for p in b.policies] for b in bundles}
    return build_matrix(dict(sorted(docs.items())), catalog())


def _users(inputs: Inputs) -> dict[str, tuple[UserView, ...]] | None:
    """Each persona's Studio users; None when neither git nor a snapshot has any."""
    recorded = any(s.user_profiles for s in inputs.snapshots)
    if not inputs.repo.domains and not recorded:
        return None
    refs = [RoleRef(b.persona_id, b.path + b.role_name) for b in inputs.bundles]
    return studio_users(inputs.repo.domains, refs, inputs.snapshots)


def _persona(
    repo: Repository, bundle: RoleBundle, users: dict[str, tuple[UserView, ...]] | None
) -> PersonaView:
    persona = repo.personas[bundle.persona_id]
    quotas = bundle.quotas
    return PersonaView(
        id=persona.id,
        title=persona.title,
        description=persona.description.strip(),
        source=persona.origin.doc.path,
        extends=persona.extends or "",
        role_name=bundle.role_name,
        role_path=bundle.path,
        max_session_hours=bundle.max_session_duration / 3600,
        permissions_boundary=bundle.permissions_boundary or "",
        activities=_activities(repo, persona, bundle),
        policies=tuple(
            PolicyView(
                p.name,
                _json(p.document),
                len(p.document.get("Statement", [])),
                Quota(p.name, q["size"], q["limit"]),
            )
            for p, q in zip(bundle.policies, quotas["policies"], strict=True)
        ),
        managed_policy_arns=bundle.managed_policy_arns,
        attached=_quota("attached policies", quotas["attached_managed_policies"]),
        trust_policy=_json(bundle.trust_policy),
        trust_quota=_quota("trust policy", quotas["trust_policy"], "size"),
        tags=bundle.tags,
        users=(users or {}).get(persona.id, ()),
        studio=users is not None,
    )


def _quota(name: str, raw: Mapping[str, int], key: str = "count") -> Quota:
    return Quota(name, raw[key], raw["limit"])


def _json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)


def _activities(repo: Repository, persona: Persona, bundle: RoleBundle) -> tuple[ActivityView, ...]:
    given = _given_params(repo, persona)
    return tuple(
        _activity(repo.activities[a], given.get(a, {}))
        for a in bundle.activities
        if a in repo.activities
    )


def _given_params(repo: Repository, persona: Persona) -> dict[str, Mapping[str, Any]]:
    """Parameter values per activity: the extended built-in persona's, then the persona's own."""
    chain = []
    if persona.extends and persona.extends.startswith("builtin:"):
        base = repo.builtin_personas.get(persona.extends.removeprefix("builtin:"))
        chain += list(base.activities) if base else []
    chain += list(persona.activities)
    given: dict[str, Mapping[str, Any]] = {}
    for use in chain:
        given[use.activity_id] = {**given.get(use.activity_id, {}), **use.params}
    return given


def _activity(activity: Activity, given: Mapping[str, Any]) -> ActivityView:
    params = tuple(
        (
            p.name,
            p.type + ("[]" if p.is_list else ""),
            p.description,
            _value(given, p.name, p.default),
        )
        for p in activity.parameters.values()
    )
    return ActivityView(activity.id, activity.title, activity.description.strip(), params)


def _value(given: Mapping[str, Any], name: str, default: Any) -> str:
    value = given.get(name, default)
    if value is None:
        return ""
    return ", ".join(value) if isinstance(value, tuple | list) else str(value)


def _waiver(f: Finding, w: Waiver) -> WaiverView:
    expires = w.expires.isoformat() if w.expires else "never"
    line = w.doc.position(("waivers", w.index)).line
    reason = " ".join(w.reason.split())
    return WaiverView(f.rule, f.file, f.line, f.message, reason, expires, w.doc.path, line)

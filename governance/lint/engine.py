"""Detection, filtering and waiving, as separate stages. Reporters and exit codes come after."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import TYPE_CHECKING

from governance.findings import Finding, Related, Severity
from governance.lint.context import LintContext
from governance.lint.registry import RULES
from governance.lint.rule import Hit, Rule
from governance.lint.rules.engine_rules import LNT001
from governance.lint.settings import LintSettings
from governance.lint.waivers import Waiver, apply_waivers, waivers_in

if TYPE_CHECKING:
    from governance.cards.model import Card
    from governance.model import Activity, Persona

__all__ = ["LintResult", "lint"]

# Finding's own order (its compared fields), as a key: the same order, without a generated
# __lt__ call, two tuples built per comparison, for each of a run's thousands of comparisons.
_ORDER = attrgetter("file", "line", "column", "rule")


@dataclass(frozen=True)
class LintResult:
    findings: list[Finding]  # what counts, sorted
    waived: list[tuple[Finding, Waiver]]
    settings: LintSettings

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if self.settings.fails(f.severity)]


def detect(ctx: LintContext, settings: LintSettings) -> Iterator[Finding]:
    """Every finding of every selected rule that has a check."""
    for rule in RULES:
        if rule.check is None or not rule.enabled or not settings.selected(rule.id):
            continue
        for target in _targets(rule, ctx):
            yield from _run(rule, target, ctx)


def _targets(rule: Rule, ctx: LintContext) -> Iterable[object]:
    if rule.scope == "policy":
        return ctx.policies
    if rule.scope == "role":
        return ctx.roles
    return [ctx]


def _run(rule: Rule, target: object, ctx: LintContext) -> Iterator[Finding]:
    try:
        hits = list(rule.check(target, ctx))  # type: ignore[misc]
    except Exception as error:  # a bug in one rule must not stop the others
        yield _crash(rule, target, error)
        return
    for hit in hits:
        yield _place(rule, hit, ctx)


def _place(rule: Rule, hit: Hit, ctx: LintContext) -> Finding:
    """The hit as a finding at its place; a hit on a compiled policy is placed at the line of
    the activity, persona or policy file it comes from, the compiled file becoming a related
    location."""
    # The details go in as it is made: a dataclasses.replace made every escalation finding
    # twice.
    finding = hit.doc.finding(rule.code, hit.path, hit.message, hit.hint, hit.at_key, hit.details)
    compiled = ctx.compiled.get(hit.doc.path)
    if compiled is None or compiled.doc is not hit.doc:
        return finding
    place = compiled.place(hit.doc.data, hit.path)
    if place is None:
        return finding
    message = f"{place.context}: {hit.message}" if place.context else hit.message
    moved = place.doc.finding(rule.code, place.path, message, hit.hint)
    return replace(moved, related=(_related(finding, compiled.on_disk),), details=hit.details)


def _related(finding: Finding, on_disk: str) -> Related:
    label = {
        "current": "in the compiled policy",
        "stale": "in the compiled policy as `mlgov compile` writes it now (the file is stale)",
        "absent": "in the compiled policy `mlgov compile` writes (not on disk)",
    }[on_disk]
    return Related(
        finding.file,
        finding.line,
        finding.column,
        label,
        finding.json_path,
        finding.end_line,
        finding.end_column,
    )


def _crash(rule: Rule, target: object, error: Exception) -> Finding:
    doc = getattr(target, "doc", None) or getattr(getattr(target, "persona", None), "origin", None)
    file = getattr(doc, "path", None) or getattr(getattr(doc, "doc", None), "path", "") or ""
    import traceback  # imported on a crash only: it costs every run start-up time

    where = traceback.extract_tb(error.__traceback__)[-1]
    message = f"rule {rule.id} crashed: {type(error).__name__}: {error}"
    hint = f"a bug in mlgov at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}; please report it"
    return Finding.of(LNT001, file, 1, 1, message, hint)


def finish(findings: Iterable[Finding], ctx: LintContext, settings: LintSettings) -> LintResult:
    """Filter by selection, apply severity overrides, then waivers."""
    findings = list(findings)
    chosen = _unique(_severity(f, settings) for f in findings if settings.selected(f.rule))
    applied = apply_waivers(chosen, _waiver_scopes(ctx), settings.today, _unchecked(findings, ctx))
    problems = [_severity(f, settings) for f in applied.problems if settings.selected(f.rule)]
    return LintResult(sorted(set(applied.kept + problems), key=_ORDER), applied.waived, settings)


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per rule and place, sorted. Two personas using one activity give the same
    finding at its line: it is kept once, with both compiled policies as related locations."""
    merged: dict[Finding, Finding] = {}
    for finding in findings:
        first = merged.get(finding)
        if first is None:
            merged[finding] = finding
        elif finding.related:
            related = tuple(dict.fromkeys((*first.related, *finding.related)))
            merged[finding] = replace(first, related=related)
    return sorted(merged.values(), key=_ORDER)


# Families of the findings that stop a file from being checked further: loading, schemas,
# references, parameters and compiling (and an unknown action, which fails the compile).
BLOCKING = ("SRC", "SCH", "REF", "PAR", "CMP", "IAM001")


def _unchecked(findings: list[Finding], ctx: LintContext) -> frozenset[str]:
    """Files some rules could not check: those with a blocking error, and personas that did
    not compile. A waiver there may match nothing only because its finding could not be made:
    that is no reason to remove it."""
    files = {
        f.file for f in findings if f.severity is Severity.ERROR and f.rule.startswith(BLOCKING)
    }
    if ctx.repo is not None:
        compiled = {role.persona.id for role in ctx.roles}
        files |= {p.origin.doc.path for p in ctx.repo.personas.values() if p.id not in compiled}
    return frozenset(files)


def _severity(finding: Finding, settings: LintSettings) -> Finding:
    override = settings.severity.get(finding.rule)
    return replace(finding, severity=override) if override else finding


def _waiver_scopes(ctx: LintContext) -> dict[str, list[Waiver]]:
    scopes: dict[str, list[Waiver]] = {}
    if ctx.repo is None:
        return scopes
    items: list[Persona | Activity | Card] = [
        *ctx.repo.personas.values(),
        *ctx.repo.activities.values(),
        *ctx.repo.cards.values(),
    ]
    for item in items:
        if not getattr(item, "builtin", False):
            scopes[item.origin.doc.path] = waivers_in(item.origin.doc)
    for role in ctx.roles:
        persona_waivers = scopes.get(role.persona.origin.doc.path, [])
        for policy in role.policies:
            scopes[policy.doc.path] = persona_waivers
    return scopes


def lint(ctx: LintContext, settings: LintSettings, emitted: Iterable[Finding]) -> LintResult:
    """The whole run: findings emitted while loading and compiling, plus every rule's."""
    return finish([*emitted, *detect(ctx, settings)], ctx, settings)

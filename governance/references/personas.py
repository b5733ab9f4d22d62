"""A persona's references: activities it names, `extends`, its compute role, policy files, and
role names that must be unique in an account."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from governance.codes import REF002, REF003, REF004, REF005, REF006, REF007
from governance.findings import Finding
from governance.loaded import BUILTIN_PREFIX as BUILTIN
from governance.loaded import Loaded, parent_of
from governance.model import Persona


def persona_reference_findings(repo: Loaded) -> list[Finding]:
    findings: list[Finding] = []
    for persona in repo.personas.values():
        findings += _activities(repo, persona)
        findings += _extends(repo, persona)
        findings += _compute_role(repo, persona)
        findings += _policy_files(repo, persona)
    findings += _role_names(repo)
    return findings


def _did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def _activities(repo: Loaded, persona: Persona) -> Iterator[Finding]:
    seen: set[str] = set()
    for use in persona.activities:
        doc, path = use.origin.doc, use.origin.path
        if use.activity_id not in repo.activities:
            hint = _did_you_mean(use.activity_id, list(repo.activities)) or (
                "`mlgov explain` lists the built-in activities; your own go in personas/activities/"
            )
            message = f"unknown activity '{use.activity_id}'"
            yield doc.finding(REF002, path, message, hint, at_key=True)
        elif use.activity_id in seen:
            message = f"activity '{use.activity_id}' is listed twice"
            yield doc.finding(REF002, path, message, "keep one entry")
        seen.add(use.activity_id)


def _extends(repo: Loaded, persona: Persona) -> Iterator[Finding]:
    if persona.extends is None:
        return
    doc = persona.origin.doc
    broken = repo.unloaded_personas.get(persona.extends)
    if broken is not None and parent_of(repo, persona) is None:
        message = f"extends persona '{persona.extends}', whose file failed to load"
        yield doc.finding(REF003, ("extends",), message, f"fix {broken} first")
        return
    if parent_of(repo, persona) is None:
        builtin = persona.extends.startswith(BUILTIN)
        known = [BUILTIN + k for k in repo.builtin_personas] if builtin else list(repo.personas)
        hint = _did_you_mean(persona.extends, known) or f"known: {', '.join(sorted(known))}"
        message = f"extends unknown persona '{persona.extends}'"
        yield doc.finding(REF003, ("extends",), message, hint)
        return
    chain = [persona.id]
    current: Persona | None = persona
    while current is not None and current.extends and not current.extends.startswith(BUILTIN):
        current = repo.personas.get(current.extends)
        if current is None:
            return
        if current.id in chain:
            cycle = " -> ".join([*chain, current.id])
            message = f"extends forms a cycle: {cycle}"
            yield doc.finding(
                REF004,
                ("extends",),
                message,
                "a persona cannot extend itself, directly or through others",
            )
            return
        chain.append(current.id)


def _compute_role(repo: Loaded, persona: Persona) -> Iterator[Finding]:
    role = persona.compute_role
    if role is None or role.startswith("arn:") or role in repo.personas:
        return
    broken = repo.unloaded_personas.get(role)
    if broken is not None:
        message = f"compute role '{role}' is a persona whose file failed to load"
        yield persona.origin.doc.finding(REF005, ("compute_role",), message, f"fix {broken} first")
        return
    hint = (
        _did_you_mean(role, list(repo.personas))
        or "name a persona of this repository or a role ARN"
    )
    message = f"compute role '{role}' is not a persona of this repository"
    yield persona.origin.doc.finding(REF005, ("compute_role",), message, hint)


def _policy_files(repo: Loaded, persona: Persona) -> Iterator[Finding]:
    for index, name in enumerate(persona.policies):
        target = (repo.root / name).resolve()
        inside = target.is_relative_to(repo.root)
        if inside and target.is_file():
            continue
        message = f"policy file '{name}' does not exist"
        hint = "paths are relative to the repository root"
        if not inside:
            message, hint = f"policy file '{name}' is outside the repository", "keep it inside"
        yield persona.origin.doc.finding(REF006, ("policies", index), message, hint)


def role_name(persona: Persona) -> str:
    return persona.role.name or persona.id


def _role_names(repo: Loaded) -> Iterator[Finding]:
    first: dict[str, Persona] = {}
    for persona in repo.personas.values():
        key = role_name(persona).lower()
        if key not in first:
            first[key] = persona
            continue
        other = first[key].origin.doc.path
        message = f"role name '{role_name(persona)}' is also used by {other}"
        hint = "IAM role names are unique per account, ignoring case"
        path = ("role", "name") if persona.role.name else ("id",)
        yield persona.origin.doc.finding(REF007, path, message, hint)

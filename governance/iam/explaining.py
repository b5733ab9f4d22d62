"""What `mlgov explain ACTIVITY|PERSONA` prints: an activity's parameters, statements (actions,
resources, conditions) and managed policies; a persona's role, activities (its own and those its
preset brings), compute role and policies. Plain text for a terminal, deterministic."""

from __future__ import annotations

import json
from collections.abc import Iterator

from governance.iam.resolve import resolve
from governance.model import Activity, ActivityUse, Parameter, Persona, StatementTemplate
from governance.repository import Repository

__all__ = ["activity_text", "persona_text"]


def activity_text(activity: Activity) -> str:
    lines = [
        f"{activity.id}: {activity.title}" + (" (built in)" if activity.builtin else ""),
        "",
        activity.description.strip(),
        "",
        f"source: {activity.origin.doc.path}",
    ]
    if activity.role_manager:
        lines.append(f"Role Manager: {activity.role_manager}")
    customised = [
        n for n, on in (("network", activity.network), ("encryption", activity.encryption)) if on
    ]
    if customised:
        lines.append(f"takes the persona's {' and '.join(customised)} settings as conditions")
    lines += _parameters(activity.parameters.values())
    lines += [f"managed policy: {arn}" for arn in activity.managed_policies]
    for index, template in enumerate(activity.statements):
        lines += _statement(index, template)
    return "\n".join(lines) + "\n"


def _parameters(parameters: object) -> Iterator[str]:
    items = list(parameters)  # type: ignore[call-overload]
    if not items:
        return
    yield ""
    yield "parameters:"
    for p in items:
        yield f"  {p.name}: {_describe_parameter(p)}"


def _describe_parameter(p: Parameter) -> str:
    kind = f"list of {p.type}" if p.is_list else p.type
    need = "required" if p.required else "optional"
    default = f", default {json.dumps(p.default)}" if p.default not in (None, ()) else ""
    text = f"{kind}, {need}{default}"
    return f"{text}; {p.description}" if p.description else text


def _statement(index: int, template: StatementTemplate) -> list[str]:
    name = template.sid or f"statement {index + 1}"
    when = f" (only with the persona's {template.when} settings)" if template.when else ""
    lines = ["", f"{name}: {template.effect}{when}"]
    lines += [f"  action   {a}" for a in template.actions]
    lines += [f"  resource {r}" for r in template.resources]
    for operator, tests in template.conditions.items():
        for key, value in tests.items():
            lines.append(f"  if       {operator} {key} {json.dumps(value)}")
    return lines


def persona_text(repo: Repository, persona: Persona) -> str:
    source = persona.origin.doc.path
    lines = [
        f"{persona.id}: {persona.title}" + (" (built-in preset)" if persona.builtin else ""),
        "",
        persona.description.strip(),
        "",
        f"source: {source}",
    ]
    if persona.extends:
        lines.append(f"extends: {persona.extends}")
    resolved = resolve(repo, persona)
    if not persona.builtin:
        lines.append(f"role: {resolved.role_path}{resolved.role_name}")
        if resolved.compute_role:
            lines.append(f"compute role (the role it may pass): {resolved.compute_role}")
    lines += ["", "activities:" if resolved.activities else "activities: none"]
    lines += [_use(use, persona.extends) for use in resolved.activities]
    arns = [*persona.managed_policies]
    lines += [f"managed policy: {arn}" for arn in arns]
    lines += [f"policy file: {name}" for name in persona.policies]
    lines += ["", "`mlgov explain ACTIVITY` shows what each activity grants."]
    return "\n".join(lines) + "\n"


def _use(use: ActivityUse, extends: str | None) -> str:
    """One activity with its parameters, and whether the preset (`extends`) brings it."""
    params = ", ".join(f"{k}={json.dumps(v)}" for k, v in sorted(use.params.items()))
    inherited = use.origin.path == ("extends",) and extends
    where = f"  (from {extends})" if inherited else ""
    return f"  - {use.activity_id}" + (f" ({params})" if params else "") + where

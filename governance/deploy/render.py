"""Plans and apply outcomes as text for people and JSON for scripts (sorted keys)."""

from __future__ import annotations

import json
from typing import Any

from governance.deploy.apply import Outcome
from governance.deploy.plan import Action, Change, Plan

SYMBOL = {Action.CREATE: "+", Action.UPDATE: "~", Action.DELETE: "-"}
DIFF_LINES = 12


def plan_text(plan: Plan) -> str:
    lines = [_headline(plan)]
    for change in plan.changes:
        lines += _change_lines(change)
    if plan.kept:
        lines.append("Left alone (mlgov would delete these but may not):")
        lines += [f"  = {note}" for note in plan.kept]
    if plan.notes:
        lines.append("Not planned:")
        lines += [f"  . {note}" for note in plan.notes]
    if plan.refusals:
        lines.append("Refused (apply changes nothing while these remain):")
        lines += [f"  ! {note}" for note in plan.refusals]
    return "\n".join(lines) + "\n"


def _headline(plan: Plan) -> str:
    if not plan.changes:
        profiles = f", {plan.profiles} Studio user profile(s)" if plan.profiles else ""
        return f"No changes: account {plan.account} matches git ({plan.roles} role(s){profiles})."
    counts = plan.counts()
    parts = ", ".join(f"{n} to {a}" for a, n in counts.items())
    return f"Plan for account {plan.account}: {parts}."


def _change_lines(change: Change) -> list[str]:
    lines = [f"  {SYMBOL[change.action]} {change.summary}"]
    lines += [f"      {line}" for line in change.diff[:DIFF_LINES]]
    if len(change.diff) > DIFF_LINES:  # a whole new policy would drown the rest of the plan
        lines.append(f"      ... {len(change.diff) - DIFF_LINES} more line(s) in --format json")
    return lines


def plan_json(plan: Plan) -> str:
    data = {
        "account": plan.account,
        "summary": plan.counts(),
        "changes": [change_data(c) for c in plan.changes],
        "kept": list(plan.kept),
        "refusals": list(plan.refusals),
        "notes": list(plan.notes),
    }
    return _dumps(data)


def change_data(change: Change) -> dict[str, Any]:
    return {
        "action": change.action,
        "kind": change.kind,
        "target": change.target,
        "summary": change.summary,
        "calls": [c.operation for c in change.calls],
        "diff": list(change.diff),
    }


def outcome_text(outcome: Outcome) -> str:
    if outcome.ok and not outcome.done:
        return "No changes: nothing to apply.\n"
    lines = [f"Done ({len(outcome.done)}):"] + [f"  {_line(c)}" for c in outcome.done]
    if outcome.failed is not None:
        failed = outcome.failed
        lines.append(f"Failed at {outcome.failed_call}: {outcome.error}")
        lines.append(
            f"  {_line(failed)}"
            f" ({outcome.calls_done_in_failed} of {len(failed.calls)} call(s) done)"
        )
        lines.append(f"Not done ({len(outcome.not_done)}):")
        lines += [f"  {_line(c)}" for c in outcome.not_done]
        lines.append(
            "Fix the cause and run `mlgov roles apply` again:"
            " it continues from the account's state."
        )
    return "\n".join(lines) + "\n"


def outcome_json(outcome: Outcome) -> str:
    data: dict[str, Any] = {
        "ok": outcome.ok,
        "done": [change_data(c) for c in outcome.done],
        "not_done": [change_data(c) for c in outcome.not_done],
        "failed": None,
    }
    if outcome.failed is not None:
        data["failed"] = {
            **change_data(outcome.failed),
            "failed_call": outcome.failed_call,
            "error": outcome.error,
            "calls_done": outcome.calls_done_in_failed,
        }
    return _dumps(data)


def _line(change: Change) -> str:
    return f"{SYMBOL[change.action]} {change.summary}"


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"

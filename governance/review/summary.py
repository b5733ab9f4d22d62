"""The counts a review is summed up by: the one line at the top of the Markdown, and the JSON's
`summary`."""

from __future__ import annotations

from dataclasses import dataclass

from governance.review.compare import Review


@dataclass(frozen=True)
class Summary:
    personas_changed: int
    personas_permissions_management: int  # personas gaining permissions-management actions
    personas_escalation: int  # personas gaining a privilege-escalation method
    actions_gained: int
    actions_lost: int
    cards_changed: int
    approvals_changed: int  # approvals added, changed or removed in cards
    findings_new: int
    findings_new_failing: int
    findings_fixed: int
    findings_unchanged: int
    findings_unchecked: int
    profiles_changed: int = 0  # Studio user profiles added, removed or moved


def summarize(review: Review) -> Summary:
    personas = review.personas
    return Summary(
        len(personas),
        sum(p.gains_permissions_management for p in personas),
        sum(bool(p.escalations_gained) for p in personas),
        sum(len(g.actions) for p in personas for g in p.gained),
        sum(len(g.actions) for p in personas for g in p.lost),
        len(review.cards),
        sum(len(c.approvals) for c in review.cards),
        len(review.findings.new),
        len(review.findings.new_failing),
        len(review.findings.fixed),
        len(review.findings.unchanged),
        len(review.findings.unchecked),
        len(review.profiles),
    )


def one_line(s: Summary) -> str:
    cards = _count(s.cards_changed, "card") + " changed"
    if s.approvals_changed:
        cards += f" ({_count(s.approvals_changed, 'approval')} added, changed or removed)"
    parts = [_personas(s), cards, _findings(s)]
    if s.profiles_changed:  # only where Studio users changed: most reviews have none
        parts.insert(2, _count(s.profiles_changed, "Studio user profile") + " changed")
    return " · ".join(parts)


def _personas(s: Summary) -> str:
    text = f"{_count(s.personas_changed, 'persona')} changed"
    if s.actions_gained or s.actions_lost:
        text += f" (+{s.actions_gained} / -{s.actions_lost} actions)"
    alarms = []
    if s.personas_permissions_management:
        alarms.append(f"{s.personas_permissions_management} gaining permissions management")
    if s.personas_escalation:
        alarms.append(f"{s.personas_escalation} gaining privilege escalation")
    return text + (f", {', '.join(alarms)}" if alarms else "")


def _findings(s: Summary) -> str:
    new = f"{s.findings_new} new"
    if s.findings_new_failing:
        new += f" ({s.findings_new_failing} failing)"
    text = f"findings: {new}, {s.findings_fixed} fixed, {s.findings_unchanged} unchanged"
    return text + (f", {s.findings_unchecked} not checked" if s.findings_unchecked else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"

"""The review as Markdown for a pull-request comment or a GitHub step summary: a one-line summary
first, then personas, cards and findings; long lists fold into `<details>`."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from typing import Any

from governance.cards.digest import short
from governance.review.cards import ApprovalChange, CardChange
from governance.review.compare import Review
from governance.review.findings import FindingsDiff
from governance.review.personas import ActionGroup, PersonaChange, QuotaChange
from governance.review.profiles import ProfileChange
from governance.review.side import FindingRow
from governance.review.summary import one_line, summarize

FOLD_ROWS = 10  # a table longer than this folds into <details>
MAX_ROWS = 100  # then stops: GitHub comments end at 65,536 characters
MAX_CELL = 80


def review_markdown(review: Review) -> str:
    parts = [
        f"## mlgov review: {_code(review.base)} → {_code(review.head)}",
        f"**{one_line(summarize(review))}**",
        *(f"> [!NOTE]\n> {_text(note)}" for note in review.notes),
        *_personas(review.personas),
        *_cards(review.cards),
        *_profiles(review.profiles),
        *_findings(review.findings),
    ]
    return "\n\n".join(parts) + "\n"


# -- tables ------------------------------------------------------------------------------------


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], title: str, fold: bool | None = None
) -> str:
    """A table under a bold title; folded when long (or when asked), cut when very long."""
    shown = [*rows[:MAX_ROWS]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in shown]
    if len(rows) > MAX_ROWS:
        lines.append(f"\n… and {len(rows) - MAX_ROWS} more (`--format json` has them all)")
    table = "\n".join(lines)
    if fold or (fold is None and len(rows) > FOLD_ROWS):
        return f"<details><summary>{title}</summary>\n\n{table}\n\n</details>"
    return f"**{title}**\n\n{table}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _text(text: str) -> str:
    """Free text (messages, names) in Markdown: `<key>` must not read as an HTML tag."""
    return html.escape(text, quote=False)


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _codes(items: Iterable[str]) -> str:
    return ", ".join(_code(i) for i in items) or "—"


def _value(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return _code(text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…")


# -- personas ----------------------------------------------------------------------------------


def _personas(changes: Sequence[PersonaChange]) -> list[str]:
    if not changes:
        return ["### Personas\n\nNo persona's permissions changed."]
    out = [f"### Personas ({len(changes)} changed)"]
    for change in changes:
        out += _persona(change)
    return out


def _persona(change: PersonaChange) -> list[str]:
    out = [f"#### {_code(change.id)} ({change.status}) · {_code(change.file)}"]
    if change.status == "not compiled":
        return [*out, "Not compiled on one side because of errors: see the findings."]
    out += _alarms(change)
    out += _activities(change)
    out += _trust(change)
    out += _groups(change.gained, f"Actions gained ({_total(change.gained)})")
    out += _groups(change.lost, f"Actions lost ({_total(change.lost)})")
    out += _resources(change)
    out += _conditions(change)
    out += _denies(change)
    out += _managed(change)
    out += _quotas(change.quotas)
    return out


def _total(groups: Sequence[ActionGroup]) -> int:
    return sum(len(g.actions) for g in groups)


def _alarms(change: PersonaChange) -> list[str]:
    lines = []
    if change.escalations_gained:
        methods = _text(", ".join(change.escalations_gained))
        lines.append(f"> [!CAUTION]\n> **Privilege escalation gained:** {methods}")
    managing = [a for g in change.gained if g.permissions_management for a in g.actions]
    if managing:
        lines.append(f"> [!WARNING]\n> **Permissions management gained:** {_codes(managing)}")
    if change.escalations_lost:
        lines.append(f"Privilege escalation removed: {_text(', '.join(change.escalations_lost))}")
    return lines


def _trust(change: PersonaChange) -> list[str]:
    if not change.trust_before and not change.trust_after:
        return []
    before, after = set(change.trust_before), set(change.trust_after)
    rows = [("**added**", _code(p)) for p in change.trust_after if p not in before]
    rows += [("removed", _code(p)) for p in change.trust_before if p not in after]
    return [
        _table(("change", "principal (actions) if condition keys"), rows, "Who may assume the role")
    ]


def _activities(change: PersonaChange) -> list[str]:
    """Which activities came or went, and where: what introduced the change."""
    lines = [f"- added: {_code(a)} at {_code(where)}" for a, where in change.activities_added]
    lines += [
        f"- removed: {_code(a)} (was at {_code(where)})" for a, where in change.activities_removed
    ]
    return ["**Activities**\n\n" + "\n".join(lines)] if lines else []


def _groups(groups: Sequence[ActionGroup], title: str) -> list[str]:
    """A row per service and access level; a service granted whole (`s3:*`: 172 actions) is
    one row with its count, its actions in a details block below the table."""
    if not groups:
        return []
    whole = _whole_services(groups)
    rows = [
        (g.service, _level(g), _codes(g.actions), _codes(g.sources))
        for g in groups
        if g.service not in whole
    ]
    rows += [
        (svc, "all", f"{_code(svc + ':*')}: all {n} actions", _codes(src))
        for svc, (n, src) in whole.items()
    ]
    out = [_table(("service", "access level", "actions", "from"), rows, title)]
    for svc in whole:
        listed = [(g.level, _codes(g.actions)) for g in groups if g.service == svc]
        out.append(
            _table(("access level", "actions"), listed, f"{_code(svc + ':*')} in full", True)
        )
    return out


WHOLE_SERVICE_MIN = 20  # fewer actions than this read well enough in the table itself


def _whole_services(groups: Sequence[ActionGroup]) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Services whose every action (per the IAM data) the groups hold, with the count and the
    sources."""
    from governance.iam.actiondata import catalog

    by_service: dict[str, set[str]] = {}
    sources: dict[str, dict[str, None]] = {}
    for group in groups:
        by_service.setdefault(group.service, set()).update(a.lower() for a in group.actions)
        sources.setdefault(group.service, {}).update(dict.fromkeys(group.sources))
    whole = {}
    for svc, actions in by_service.items():
        known = {f"{svc}:{a}".lower() for a in catalog().actions_of(svc)}
        if len(known) >= WHOLE_SERVICE_MIN and known <= actions:
            whole[svc] = (len(actions), tuple(sources[svc]))
    return whole


def _level(group: ActionGroup) -> str:
    mark = " ⚠️" if group.permissions_management else ""
    return group.level + mark + (" (escalation)" if group.escalation else "")


def _resources(change: PersonaChange) -> list[str]:
    if not change.resources:
        return []
    rows = [
        (_codes(r.actions), _codes(r.before), _codes(r.after), _widening(r.widened, r.narrowed))
        for r in change.resources
    ]
    return [_table(("actions", "before", "after", "change"), rows, "Resources")]


def _widening(widened: bool, narrowed: bool) -> str:
    return {(True, True): "widened and narrowed", (True, False): "**widened**"}.get(
        (widened, narrowed), "narrowed" if narrowed else "reordered"
    )


def _conditions(change: PersonaChange) -> list[str]:
    if not change.conditions_dropped:
        return []
    rows = [(_codes(c.actions), _codes(c.keys)) for c in change.conditions_dropped]
    return [_table(("actions", "condition keys dropped"), rows, "Conditions dropped")]


def _denies(change: PersonaChange) -> list[str]:
    rows = [("removed", _codes(change.denies_removed))] if change.denies_removed else []
    rows += [("added", _codes(change.denies_added))] if change.denies_added else []
    return [_table(("Deny", "actions"), rows, "Deny statements")] if rows else []


def _managed(change: PersonaChange) -> list[str]:
    lines = [f"- attached: {_code(arn)}" for arn in change.managed_added]
    lines += [f"- detached: {_code(arn)}" for arn in change.managed_removed]
    return ["**Managed policies**\n\n" + "\n".join(lines)] if lines else []


def _quotas(quotas: Sequence[QuotaChange]) -> list[str]:
    if not quotas:
        return []
    rows = [
        (_text(q.name), _amount(q.before, q.limit), _amount(q.after, q.limit), f"{q.limit:,}")
        for q in quotas
    ]
    return [_table(("quota", "before", "after", "limit"), rows, "Quota usage")]


def _amount(value: int | None, limit: int) -> str:
    if value is None:
        return "—"
    return f"{value:,} ({value / limit:.0%})" if limit else f"{value:,}"


# -- cards -------------------------------------------------------------------------------------


def _cards(changes: Sequence[CardChange]) -> list[str]:
    if not changes:
        return ["### Model cards\n\nNo model card changed."]
    out = [f"### Model cards ({len(changes)} changed)"]
    for change in changes:
        out += _card(change)
    return out


def _card(change: CardChange) -> list[str]:
    out = [f"#### {_code(change.id)} ({change.change}) · {_code(change.file)}"]
    if change.change == "not loaded":
        return [*out, "Not loaded on one side because of errors: see the findings."]
    out += _card_alarms(change)
    facts = _transition("status", change.status_before, change.status_after)
    facts += _transition("risk rating", change.risk_before, change.risk_after)
    if facts:
        out.append("\n".join(facts))
    if change.approvals:
        out.append(_approval_callout(change.approvals))
    if change.fields:
        fields = [(_code(f.path), _value(f.before), _value(f.after)) for f in change.fields]
        out.append(_table(("field", "before", "after"), fields, f"Fields ({len(fields)} changed)"))
    if change.evaluations:
        rows = [
            (
                _text(e.name),
                e.change,
                _passes(e.passes_before),
                _passes(e.passes_after),
                _fails(e.failing),
            )
            for e in change.evaluations
        ]
        header = ("evaluation", "change", "thresholds before", "thresholds after", "failing")
        out.append(_table(header, rows, "Evaluations"))
    return out


def _approval_callout(approvals: Sequence[ApprovalChange]) -> str:
    """A callout, not a table row: a sign-off added in a pull request is what its reviewers
    (CODEOWNERS) must check was given by that person, for that content."""
    lines = ["> [!IMPORTANT]", "> **Approvals added, changed or removed:**"]
    for a in approvals:
        what = f"approves `{short(a.digest)}`" if a.digest else "names no digest (unbound)"
        if a.matches is True:
            what += ", the content at head"
        elif a.matches is False:
            what += ", **not the content at head**"
        role = f" ({_text(a.role)})" if a.role else ""
        lines.append(f"> - {a.change}: {_text(a.by)}{role} on {_text(a.date)}, {what}")
    return "\n".join(lines)


# Orders the callouts compare in: a card moving up the status order, or down the risk order,
# is what a reviewer must not miss.
STATUS_ORDER = {"Draft": 0, "PendingReview": 1, "Approved": 2}
RISK_ORDER = {"Low": 0, "Medium": 1, "High": 2}


def _card_alarms(change: CardChange) -> list[str]:
    lines = []
    before, after = (
        RISK_ORDER.get(change.risk_before or ""),
        RISK_ORDER.get(change.risk_after or ""),
    )
    if before is not None and after is not None and after < before:
        lines.append(
            f"> [!CAUTION]\n> **Risk rating lowered:** {change.risk_before} → "
            f"{change.risk_after}. Check the reasons given, and who approved them."
        )
    was, now = (
        STATUS_ORDER.get(change.status_before or ""),
        STATUS_ORDER.get(change.status_after or ""),
    )
    if was is not None and now is not None and now > was:
        lines.append(
            f"> [!WARNING]\n> **Status promoted:** {change.status_before} → "
            f"{change.status_after}. Check the approvals and the evaluations."
        )
    return lines


def _transition(name: str, before: str | None, after: str | None) -> list[str]:
    if before == after:
        return []
    return [f"- {name}: {before or '—'} → **{after or '—'}**"]


def _passes(value: bool | None) -> str:
    return {True: "pass", False: "**fail**", None: "—"}[value]


def _fails(metrics: Sequence[str]) -> str:
    return _text("; ".join(metrics)) or "—"


# -- Studio user profiles ----------------------------------------------------------------------


def _profiles(changes: Sequence[ProfileChange]) -> list[str]:
    """Only when some changed: a repository without Studio files gets no empty section."""
    if not changes:
        return []
    rows = [
        (
            _code(c.name),
            _code(c.domain),
            f"**{c.change}**" if c.change != "removed" else c.change,
            _code(c.persona_before) if c.persona_before else "—",
            _code(c.persona_after) if c.persona_after else "—",
            _code(c.file),
        )
        for c in changes
    ]
    header = ("profile", "domain", "change", "persona before", "persona after", "file")
    title = f"Who may use Studio as which persona ({len(rows)} changed)"
    return [f"### Studio user profiles ({len(rows)} changed)", _table(header, rows, title)]


# -- findings ----------------------------------------------------------------------------------


def _findings(diff: FindingsDiff) -> list[str]:
    out = ["### Findings"]
    if diff.new:
        out.append(_finding_table(diff.new, f"New ({len(diff.new)})", fold=False))
    else:
        out.append("No new findings.")
    if diff.fixed:
        out.append(_finding_table(diff.fixed, f"Fixed ({len(diff.fixed)})", fold=True))
    if diff.unchecked:
        title = f"Not checked: files with errors on the head side ({len(diff.unchecked)})"
        out.append(_finding_table(diff.unchecked, title, fold=True))
    if diff.unchanged:
        out.append(_finding_table(diff.unchanged, f"Unchanged ({len(diff.unchanged)})", fold=True))
    return out


def _finding_table(rows: Sequence[FindingRow], title: str, fold: bool) -> str:
    cells = [
        (f.rule, f.severity + (" (failing)" if f.failing else ""), _where(f), _text(f.message))
        for f in rows
    ]
    return _table(("rule", "severity", "where", "message"), cells, title, fold)


def _where(finding: FindingRow) -> str:
    return _code(f"{finding.file}:{finding.line}:{finding.column}")

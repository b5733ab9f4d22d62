"""Waivers written in the data: `waivers: [{rule, reason, expires, path}]` on personas and
activities (and cards). A waiver covers findings in its own file and, for a persona, in its
compiled policies."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from governance.findings import Finding, render_path
from governance.lint.registry import by_id
from governance.lint.rules.engine_rules import WVR001, WVR002, WVR003, WVR004
from governance.source import Document

__all__ = ["Waiver", "apply_waivers", "waivers_in"]


@dataclass(frozen=True)
class Waiver:
    doc: Document
    index: int
    rule: str
    reason: str
    expires: datetime.date | None
    path: str  # a JSON-path prefix such as "$.Statement[2]", or "" for the whole file

    def covers(self, finding: Finding) -> bool:
        """The waiver's rule, at its path prefix in the finding's file or, for a persona's
        waiver, in the compiled policy the finding shows in (a related location)."""
        if finding.rule != self.rule:
            return False
        paths = [finding.json_path, *(r.json_path for r in finding.related)]
        return any(render_path(p).startswith(self.path or "$") for p in paths)


def waivers_in(doc: Document) -> list[Waiver]:
    raw = (doc.data or {}).get("waivers")
    if not isinstance(raw, list):
        return []
    out = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("rule"), str):
            continue  # the schema reports the shape
        expires = _date(item.get("expires"))
        out.append(
            Waiver(
                doc,
                index,
                item["rule"],
                str(item.get("reason", "")),
                expires,
                str(item.get("path", "")),
            )
        )
    return out


def _date(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Applied:
    kept: list[Finding]
    waived: list[tuple[Finding, Waiver]]
    problems: list[Finding]  # about the waivers themselves


def apply_waivers(
    findings: Iterable[Finding],
    scopes: dict[str, list[Waiver]],
    today: datetime.date,
    unchecked: frozenset[str] = frozenset(),
) -> Applied:
    """`scopes` maps a file to the waivers that may cover findings in it; `unchecked` are
    files that errors kept from being checked, whose unused waivers are not reported."""
    kept, waived, used = [], [], set()
    for finding in findings:
        candidates = [w for file in _files(finding) for w in scopes.get(file, [])]
        waiver = _matching(finding, candidates, today)
        if waiver is None:
            kept.append(finding)
        else:
            waived.append((finding, waiver))
            used.add(id(waiver))
    all_waivers = {id(w): w for ws in scopes.values() for w in ws}.values()
    return Applied(kept, waived, list(_problems(all_waivers, used, today, unchecked)))


def _files(finding: Finding) -> list[str]:
    return list(dict.fromkeys([finding.file, *(r.file for r in finding.related)]))


def _matching(finding: Finding, waivers: list[Waiver], today: datetime.date) -> Waiver | None:
    rule = by_id().get(finding.rule)
    if rule is None or not rule.waivable:
        return None
    return next((w for w in waivers if w.covers(finding) and not _expired(w, today)), None)


def _expired(waiver: Waiver, today: datetime.date) -> bool:
    return waiver.expires is not None and waiver.expires < today


def _problems(
    waivers: Iterable[Waiver], used: set[int], today: datetime.date, unchecked: frozenset[str]
) -> Iterator[Finding]:
    rules = by_id()
    for waiver in waivers:
        at = ("waivers", waiver.index, "rule")
        rule = rules.get(waiver.rule)
        if rule is None:
            yield waiver.doc.finding(
                WVR001,
                at,
                f"waiver names unknown rule '{waiver.rule}'",
                "`mlgov explain` lists the rules",
            )
        elif not rule.waivable:
            yield waiver.doc.finding(
                WVR004,
                at,
                f"{waiver.rule} ({rule.title}) cannot be waived",
                "fix the file instead",
            )
        elif _expired(waiver, today):
            yield waiver.doc.finding(
                WVR003,
                ("waivers", waiver.index, "expires"),
                f"waiver for {waiver.rule} expired on {waiver.expires}",
                "fix the finding, or renew the waiver with a reason",
            )
        elif id(waiver) not in used and waiver.doc.path not in unchecked:
            yield waiver.doc.finding(
                WVR002,
                at,
                f"waiver for {waiver.rule} matches no finding",
                "remove it",
            )

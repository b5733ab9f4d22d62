"""Merging statements where that is exact, and packing them into as few policies as IAM's size
quotas allow. Deterministic: the same statements always give the same policies."""

from __future__ import annotations

from dataclasses import replace

from governance.iam.canonical import iam_size
from governance.iam.statements import Statement, policy_document

MANAGED_POLICY_LIMIT = 6_144
INLINE_TOTAL_LIMIT = 10_240
TRUST_POLICY_LIMIT = 2_048
# {"Version":"2012-10-17","Statement":[]} plus one comma per statement is all a policy adds.
POLICY_OVERHEAD = iam_size(policy_document([]))


class DoesNotFit(Exception):
    """The statements need more policies than the role may have."""


def merge(statements: list[Statement]) -> list[Statement]:
    """Statements of one activity (or policy file) with the same effect, resources and
    conditions become one, in first order, named for all the statements merged into it
    (`DescribeJobsAndStopJobs`). Statements of different activities stay apart, so that each
    Sid names what it comes from, unless they are the same statement (two activities passing
    the compute role): that is kept once, with both sources."""
    merged: dict[tuple, Statement] = {}
    names: dict[tuple, list[str]] = {}
    same: dict[tuple, tuple] = {}  # (merge key, actions) -> the key it was kept under
    for statement in statements:
        key: tuple = (statement.merge_key, statement.owners)
        twin = same.get((statement.merge_key, statement.actions))
        if twin is not None and twin in merged:
            key = twin
        elif not statement.actions or key not in merged:
            key = key if statement.actions else (key, len(merged))
            merged[key], names[key] = statement, [statement.sid]
            same.setdefault((statement.merge_key, statement.actions), key)
            continue
        first = merged[key]
        if statement.sid not in names[key]:
            names[key].append(statement.sid)
        combined = first.with_actions(first.actions + statement.actions)
        sid = "And".join(names[key])
        merged[key] = replace(combined, sid=sid, sources=first.sources + statement.sources)
        same[(merged[key].merge_key, merged[key].actions)] = key
    return _unique_sids(list(merged.values()))


def _unique_sids(statements: list[Statement]) -> list[Statement]:
    seen: dict[str, int] = {}
    out = []
    for statement in statements:
        count = seen.get(statement.sid, 0)
        seen[statement.sid] = count + 1
        out.append(replace(statement, sid=f"{statement.sid}{count + 1}") if count else statement)
    return out


def split_oversized(statement: Statement, budget: int) -> list[Statement]:
    """A statement too large for one policy, halved by resources, else by actions."""
    if statement.size + 1 <= budget:
        return [statement]
    if len(statement.resources) > 1:
        half = len(statement.resources) // 2
        parts = [statement.resources[:half], statement.resources[half:]]
        pieces = [replace(statement, resources=p) for p in parts]
    elif len(statement.actions) > 1:
        half = len(statement.actions) // 2
        pieces = [
            replace(statement, actions=statement.actions[:half]),
            replace(statement, actions=statement.actions[half:]),
        ]
    else:
        raise DoesNotFit(f"statement {statement.sid} alone is {statement.size} characters")
    return [
        p
        for index, piece in enumerate(pieces)
        for p in split_oversized(replace(piece, sid=f"{piece.sid}Part{index + 1}"), budget)
    ]


def pack(statements: list[Statement], limit: int, max_policies: int) -> list[list[Statement]]:
    """Statements in order into policies of at most `limit` characters; first-fit-decreasing
    when keeping the order would need more than `max_policies`."""
    budget = limit - POLICY_OVERHEAD
    pieces = [p for s in statements for p in split_oversized(s, budget)]
    policies = _in_order(pieces, budget)
    if len(policies) > max_policies:
        policies = _first_fit_decreasing(pieces, budget)
    if len(policies) > max_policies:
        total = sum(p.size + 1 for p in pieces) + POLICY_OVERHEAD
        raise DoesNotFit(
            f"its statements take {total:,} characters, which needs {len(policies)} policies of "
            f"{limit:,} characters, but only {max_policies} may be attached"
        )
    return policies


def _in_order(pieces: list[Statement], budget: int) -> list[list[Statement]]:
    policies: list[list[Statement]] = []
    used = budget + 1
    for piece in pieces:
        size = piece.size + 1
        if used + size > budget:
            policies.append([])
            used = 0
        policies[-1].append(piece)
        used += size
    return policies


def _first_fit_decreasing(pieces: list[Statement], budget: int) -> list[list[Statement]]:
    order = sorted(range(len(pieces)), key=lambda i: (-pieces[i].size, i))
    bins: list[list[int]] = []
    room: list[int] = []
    for index in order:
        size = pieces[index].size + 1
        slot = next((b for b, free in enumerate(room) if free >= size), None)
        if slot is None:
            bins.append([])
            room.append(budget)
            slot = len(bins) - 1
        bins[slot].append(index)
        room[slot] -= size
    # Within each policy keep the statements' original order, for readable diffs.
    return [[pieces[i] for i in sorted(b)] for b in bins]

"""What IAM020 and IAM021 share: one finding per place where escalation methods start."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import JsonPath
from governance.iam.analysis.escalation import Escalation
from governance.iam.analysis.escalation_methods import PASS_ROLE, Method
from governance.lint.rule import Hit

LISTED = 5  # methods named in one message (all are in the finding's details)


def hits(found: list[Escalation]) -> Iterator[Hit]:
    """One hit per place: methods whose key action is granted by the same Action item share
    it (the engine keeps one finding per rule and position), and its message names them all."""
    places: dict[tuple[str, JsonPath], list[Escalation]] = {}
    for item in found:
        places.setdefault((item.grant.policy.doc.path, item.grant.path), []).append(item)
    for items in places.values():
        grant = items[0].grant
        details = (
            ("methods", tuple(i.method.name for i in items)),
            ("pathfinding", tuple(i.method.pathfinding for i in items if i.method.pathfinding)),
        )
        yield Hit(grant.policy.doc, grant.path, _message(items), _hint(items), details=details)


def _describe(method: Method) -> str:
    where = f", pathfinding.cloud {method.pathfinding}" if method.pathfinding else ""
    return f"{method.name} ({' + '.join(method.actions)}{where})"


def _message(items: list[Escalation]) -> str:
    if len(items) == 1:
        return f"privilege escalation: {_describe(items[0].method)}"
    named = "; ".join(_describe(i.method) for i in items[:LISTED])
    more = f"; and {len(items) - LISTED} more" if len(items) > LISTED else ""
    return f"privilege escalation by {len(items)} methods: {named}{more}"


def _hint(items: list[Escalation]) -> str:
    keys = {i.method.key_action for i in items}
    if keys == {PASS_ROLE}:
        return (
            "grant iam:PassRole only on the specific role ARNs to pass, with a StringEquals "
            "iam:PassedToService condition (a persona's compute_role does exactly this)"
        )
    if len(keys) > 1:
        return (
            "this one item grants the key action of each method: list the actions the role "
            "needs, on resources it owns, instead of a wildcard"
        )
    key = keys.pop()
    return (
        f"scope {key} to resources this role owns instead of a wildcard, add a condition that "
        "narrows its targets (e.g. iam:PermissionsBoundary), or drop it"
    )

"""The "who can do what" matrix: action families (service and IAM access level) by personas.

Counted from the compiled permission policies' Allow statements; AWS managed policies attached
to a role are listed, not analysed (their documents are not in the repository)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# IAM's access levels in the order the AWS documentation lists them: least to most powerful.
LEVELS = ("List", "Read", "Write", "Permissions management", "Tagging", "unknown")

Family = tuple[str, str]  # (service prefix, access level)


class ActionData(Protocol):
    def expand(self, pattern: str) -> tuple[str, ...]: ...

    def action(self, full_name: str) -> Any: ...


@dataclass(frozen=True)
class Matrix:
    personas: tuple[str, ...]
    families: tuple[Family, ...]
    counts: Mapping[tuple[Family, str], int]  # (family, persona) -> number of actions

    def row(self, family: Family) -> list[int]:
        return [self.counts.get((family, p), 0) for p in self.personas]


def build_matrix(documents: Mapping[str, Sequence[dict[str, Any]]], data: ActionData) -> Matrix:
    """`documents`: persona id -> its compiled policy documents."""
    counts: dict[tuple[Family, str], int] = {}
    for persona, docs in documents.items():
        per_family: dict[Family, set[str]] = {}
        for action in sorted(set(_allowed_actions(docs))):
            for name in data.expand(action) if ("*" in action or "?" in action) else [action]:
                per_family.setdefault(_family(name, data), set()).add(name.lower())
        for family, names in per_family.items():
            counts[(family, persona)] = len(names)
    families = sorted({f for f, _ in counts}, key=lambda f: (f[0], LEVELS.index(f[1])))
    return Matrix(tuple(documents), tuple(families), counts)


def _allowed_actions(docs: Iterable[dict[str, Any]]) -> Iterator[str]:
    for doc in docs:
        statements = doc.get("Statement", [])
        for st in statements if isinstance(statements, list) else [statements]:
            if st.get("Effect") != "Allow" or "Action" not in st:
                continue  # Deny narrows, NotAction is rare and not expanded here
            actions = st["Action"]
            yield from [actions] if isinstance(actions, str) else actions


def _family(name: str, data: ActionData) -> Family:
    service = name.split(":", 1)[0].lower()
    info = data.action(name)
    levels = getattr(info, "access_levels", ()) if info is not None else ()
    level = levels[0] if levels and levels[0] in LEVELS else "unknown"
    return service, level

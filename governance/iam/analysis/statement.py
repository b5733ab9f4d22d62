"""A statement's parts: its entries with their JSON paths, its effect, its wildcards, and the
policy document it is read from (a file people wrote, or one `mlgov compile` wrote).

Case rules are IAM's: action names are case-blind, ARNs are case-sensitive. A statement may be
malformed (the schema reports that): helpers skip whatever is not of the expected type.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from governance.findings import JsonPath

if TYPE_CHECKING:
    from governance.model import Persona
    from governance.source import Document

EVERYTHING = frozenset({"*", "*:*"})
PolicyKind = Literal["file", "compiled"]


@dataclass(frozen=True)
class PolicyUnderTest:
    doc: Document  # positions are those of this document (a compiled file is re-read)
    kind: PolicyKind  # "file" (written by people) or "compiled" (written by mlgov compile)
    persona: Persona | None = None  # the persona it belongs to, for compiled policies

    def statements(self) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
        """Each statement with its path; a single-object Statement counts as one."""
        return iter(self._statements)

    @cached_property
    def _statements(self) -> tuple[tuple[JsonPath, dict[str, Any]], ...]:
        # Worked out once: every rule walks every policy's statements.
        raw = (self.doc.data or {}).get("Statement")
        if isinstance(raw, dict):
            return ((("Statement",), raw),)
        if isinstance(raw, list):
            return tuple(
                (("Statement", index), item)
                for index, item in enumerate(raw)
                if isinstance(item, dict)
            )
        return ()


def as_list(value: Any) -> list[Any]:
    """IAM's string-or-list values as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Entry:
    """One string of an Action/NotAction/Resource/NotResource value, with its path."""

    path: JsonPath
    text: str


def entries(path: JsonPath, statement: dict[str, Any], key: str) -> list[Entry]:
    """The string entries of `key`; a single string is one entry at the key's own path."""
    value = statement.get(key)
    if isinstance(value, str):
        return [Entry((*path, key), value)]
    if not isinstance(value, list):
        return []
    return [Entry((*path, key, i), item) for i, item in enumerate(value) if isinstance(item, str)]


def is_allow(statement: dict[str, Any]) -> bool:
    return statement.get("Effect") == "Allow"


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def resource_is_star(statement: dict[str, Any]) -> bool:
    """The whole Resource is `*` (a string or a one-item list)."""
    value = statement.get("Resource")
    return value == "*" or value == ["*"]


def sid_label(path: JsonPath, statement: dict[str, Any]) -> str:
    """How messages name a statement: its Sid, else its place."""
    sid = statement.get("Sid")
    if isinstance(sid, str) and sid:
        return f"statement '{sid}'"
    return "".join(f"[{p}]" if isinstance(p, int) else p for p in path)

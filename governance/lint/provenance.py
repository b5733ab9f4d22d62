"""Where a compiled policy's statement comes from, so that a finding on it is placed at the
line a person wrote: the statement of a repository activity, the persona's use of a built-in
activity (or its `extends`, when the preset brings the activity), or the statement of a policy
file. The compiled file becomes a related location; it may not be on disk, or be stale, which
the related location says."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from governance.findings import JsonPath
from governance.iam.resolve import resolve
from governance.iam.statements import Source
from governance.model import ActivityUse, Persona
from governance.repository import Repository
from governance.source import Document

__all__ = ["CompiledPolicy", "Place"]

# Compiled statement keys -> the keys of an activity's statement template.
TEMPLATE_KEYS = {
    "Action": "actions",
    "Resource": "resources",
    "Condition": "conditions",
    "Sid": "sid",
    "Effect": "effect",
}


@dataclass(frozen=True)
class Place:
    doc: Document
    path: JsonPath
    context: str  # "" when the place says it all, else e.g. "built-in activity 'x'"


@dataclass(frozen=True)
class CompiledPolicy:
    """One compiled policy document of a persona, with the sources of each statement."""

    repo: Repository
    persona: Persona
    doc: Document  # the compiled document as linted
    sources: tuple[tuple[Source, ...], ...]
    on_disk: str  # "current", "stale" (the file differs from this text) or "absent"

    @cached_property
    def uses(self) -> Mapping[str, ActivityUse]:
        return {use.activity_id: use for use in resolve(self.repo, self.persona).activities}

    def place(self, data: Any, path: JsonPath) -> Place | None:
        """Where the value at `path` of the compiled document was written, or None."""
        if len(path) < 2 or path[0] != "Statement" or not isinstance(path[1], int):
            return self._persona(("activities",))
        index = path[1]
        if index >= len(self.sources) or not self.sources[index]:
            return None
        statement = _statement(data, index)
        source = _pick(self.sources[index], statement, path[2:])
        if source.kind == "policy-file":
            return self._policy_file(source, path[2:], statement)
        return self._activity(source, path[2:], statement)

    def _persona(self, path: JsonPath) -> Place:
        doc = self.persona.origin.doc
        present = path and isinstance(doc.data, dict) and path[0] in doc.data
        return Place(doc, path if present else (), "")

    def _policy_file(self, source: Source, rest: JsonPath, statement: dict) -> Place | None:
        doc = self.repo.policy_files.get(source.owner)
        if doc is None:
            return None
        if rest[:1] == ("Action",) and len(rest) > 1:
            listed = isinstance(_get(doc.data, (*source.path, "Action")), list)
            found = _action_index(rest[1], statement, source.actions)
            rest = ("Action", found) if listed and found is not None else ("Action",)
        return Place(doc, (*source.path, *rest), "")

    def _activity(self, source: Source, rest: JsonPath, statement: dict) -> Place | None:
        activity = self.repo.activities.get(source.owner)
        if activity is None:
            return None
        if activity.builtin:
            return self._builtin_use(source.owner)
        inner = _template_path(rest, statement, source, activity.origin.doc)
        return Place(activity.origin.doc, (*source.path, *inner), "")

    def _builtin_use(self, activity_id: str) -> Place:
        """A built-in activity's file is mlgov's: the persona's line naming it is the place
        to act, or its `extends` when the preset brings the activity."""
        context = f"built-in activity '{activity_id}'"
        use = self.uses.get(activity_id)
        own = self.persona.origin.doc
        if use is not None and use.origin.doc is own:
            return Place(own, use.origin.path, context)
        return Place(own, ("extends",) if "extends" in (own.data or {}) else (), context)


def _statement(data: Any, index: int) -> dict:
    raw = data.get("Statement") if isinstance(data, dict) else None
    items = raw if isinstance(raw, list) else [raw]
    item = items[index] if index < len(items) else None
    return item if isinstance(item, dict) else {}


def _pick(sources: tuple[Source, ...], statement: dict, rest: JsonPath) -> Source:
    """Of a statement merged from several of one activity's, the one naming the action."""
    if len(sources) > 1 and rest[:1] == ("Action",) and len(rest) > 1:
        text = _action_text(statement, rest[1])
        for source in sources:
            if text.lower() in (a.lower() for a in source.actions):
                return source
    return sources[0]


def _action_text(statement: dict, index: Any) -> str:
    actions = statement.get("Action")
    items = actions if isinstance(actions, list) else [actions]
    value = items[index] if isinstance(index, int) and index < len(items) else ""
    return value if isinstance(value, str) else ""


def _action_index(index: Any, statement: dict, written: tuple[str, ...]) -> int | None:
    """Where the compiled statement's action `index` is in the list as written."""
    text = _action_text(statement, index).lower()
    return next((k for k, action in enumerate(written) if action.lower() == text), None)


def _template_path(rest: JsonPath, statement: dict, source: Source, doc: Document) -> JsonPath:
    if not rest:
        return ()
    key = TEMPLATE_KEYS.get(str(rest[0]))
    if key is None:
        return ()
    if key == "actions" and len(rest) > 1:
        found = _action_index(rest[1], statement, source.actions)
        return ("actions", found) if found is not None else ("actions",)
    if key == "conditions" and len(rest) > 2:
        written = _get(doc.data, (*source.path, "conditions", rest[1], rest[2]))
        return ("conditions", rest[1], rest[2]) if written is not None else ("conditions",)
    return (key,) if _get(doc.data, (*source.path, key)) is not None else ()


def _get(data: Any, path: JsonPath) -> Any:
    for part in path:
        if not _has(data, part):
            return None
        data = data[part]
    return data


def _has(data: Any, part: str | int) -> bool:
    if isinstance(data, dict):
        return part in data
    return isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)

"""The compiler's statement: hashable, canonical, and measured the way IAM measures it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from governance.iam.canonical import iam_size
from governance.iam.frozen import FrozenJson


@dataclass(frozen=True)
class Source:
    """Where a compiled statement comes from, so that findings on it can point there: a
    statement of an activity (`owner` its id) or of a policy file (`owner` its path)."""

    kind: str  # "activity" or "policy-file"
    owner: str
    path: tuple[str | int, ...]  # of the statement in that file: ("statements", 2)
    actions: tuple[str, ...] = ()  # as written there, to find an action's line


@dataclass(frozen=True)
class Statement:
    sid: str
    effect: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: FrozenJson | None = None  # the Condition block
    extra: FrozenJson | None = None  # other keys (NotAction, NotResource) from policy files
    sources: tuple[Source, ...] = field(default=(), compare=False)

    @property
    def owners(self) -> tuple[str, ...]:
        """The activities and policy files the statement comes from."""
        return tuple(dict.fromkeys(s.owner for s in self.sources))

    @property
    def merge_key(
        self,
    ) -> tuple[str, tuple[str, ...], FrozenJson | None, FrozenJson | None]:
        return (self.effect, self.resources, self.conditions, self.extra)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"Sid": self.sid, "Effect": self.effect}
        if self.actions:
            body["Action"] = list(self.actions)
        if self.resources:
            body["Resource"] = list(self.resources)
        if self.conditions:
            body["Condition"] = self.conditions.thaw()
        if self.extra:
            body.update(self.extra.thaw())
        return body

    @cached_property
    def size(self) -> int:
        return iam_size(self.to_json())

    def with_actions(self, actions: list[str] | tuple[str, ...]) -> Statement:
        return replace(self, actions=tuple(sorted(set(actions), key=_action_order)))


def make_statement(
    sid: str,
    effect: str,
    actions: list[str] | tuple[str, ...],
    resources: list[str] | tuple[str, ...],
    conditions: dict[str, Any] | None = None,
    sources: tuple[Source, ...] = (),
) -> Statement:
    return Statement(
        sid=sid,
        effect=effect,
        actions=tuple(sorted(set(actions), key=_action_order)),
        resources=tuple(sorted(set(resources))),
        conditions=FrozenJson(conditions) if conditions else None,
        sources=sources,
    )


def policy_document(statements: list[Statement] | tuple[Statement, ...]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [s.to_json() for s in statements]}


def _action_order(action: str) -> tuple[str, str]:
    return (action.lower(), action)

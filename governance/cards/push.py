"""`cards push`: a card to SageMaker with SageMaker's semantics. Content and status change in
separate calls (SageMaker refuses both in one), content first; an Archived card is never
changed; a card already up to date gets no call, so a second push changes nothing.

A push never overwrites an edit made in SageMaker without being told to: planning reads the
card there and, unless mlgov wrote it as it is (the push marker) or the card records an import
of that very version (governance/cards/sync.py), the plan carries a conflict that the command
refuses without --force. Planning calls only describe_model_card, so `--dry-run` shows what a
push would do and does none of it."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from governance.cards.model import Card
from governance.cards.sagemaker import sagemaker_name, to_sagemaker, validation_errors
from governance.cards.sync import (
    Remote,
    pushed_by_mlgov,
    read_remote,
    seen_at_import,
    with_marker,
    without_marker,
)
from governance.findings import MlgovError


@dataclass(frozen=True)
class Pushed:
    card: str
    actions: tuple[str, ...]  # "created", "content updated", "status X -> Y"; empty: unchanged


@dataclass(frozen=True)
class PushPlan:
    card: Card
    name: str  # the ModelCardName
    remote: Remote | None
    content: dict[str, Any]  # the exported content, without the marker
    content_changed: bool
    status_changed: bool
    conflict: str | None  # why pushing would overwrite an edit made in SageMaker

    @property
    def actions(self) -> tuple[str, ...]:
        if self.remote is None:
            return ("created",)
        actions = ["content updated"] if self.content_changed else []
        if self.status_changed:
            actions.append(f"status {self.remote.status} -> {self.card.status}")
        return tuple(actions)

    def diff(self) -> str:
        """What the push changes in SageMaker, `git diff` style over the content JSON."""
        old = self.remote.content if self.remote else None
        before = _pretty(without_marker(old)) if old is not None else []
        where = f"sagemaker:{self.name}"
        if self.remote is not None:
            where += f" (version {self.remote.content_version})"
        lines = difflib.unified_diff(
            before,
            _pretty(self.content),
            "/dev/null" if self.remote is None else f"a/{where}",
            f"b/{self.card.origin.doc.path}",
        )
        text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
        if self.status_changed and self.remote is not None:
            text += f"status: {self.remote.status} -> {self.card.status}\n"
        return text


def plan_push(client: Any, card: Card) -> PushPlan:
    export = to_sagemaker(card)
    errors = validation_errors(export.content)
    if errors:
        raise MlgovError(f"card '{card.id}' does not export to valid content: {errors[0]}")
    name = sagemaker_name(card)
    remote = read_remote(client, name)
    if remote is None:
        return PushPlan(card, name, None, export.content, True, True, None)
    old = without_marker(remote.content) if remote.content is not None else None
    content_changed = old != export.content
    status_changed = remote.status != card.status
    if remote.status == "Archived" and (content_changed or status_changed):
        raise MlgovError(f"card '{card.id}' is Archived in SageMaker: it cannot change")
    conflict = None
    if content_changed or status_changed:
        conflict = _conflict(card, remote)
    return PushPlan(card, name, remote, export.content, content_changed, status_changed, conflict)


def _conflict(card: Card, remote: Remote) -> str | None:
    record = card.data.get("sagemaker", {})
    if pushed_by_mlgov(remote) or seen_at_import(record, remote):
        return None
    when = f"version {remote.version}" + (
        f", modified {remote.modified}" if remote.modified else ""
    )
    return (
        f"card '{card.id}': SageMaker's card '{remote.name}' ({when}) changed since mlgov last "
        "pushed or imported it (in the console, another tool, or a push that stopped half-way); "
        f"`mlgov cards push --dry-run {card.id}` shows what a push would overwrite. Import it "
        f"first (`mlgov cards import --model-card {remote.name}`) or push with --force"
    )


def apply(client: Any, plan: PushPlan) -> Pushed:
    """Make SageMaker's card what the plan says. The status is part of the push marker, so a
    status change rewrites the content too (a new version), then sets the status."""
    card, name = plan.card, plan.name
    content = json.dumps(with_marker(plan.content, card.status), sort_keys=True, ensure_ascii=False)
    if plan.remote is None:
        client.create_model_card(ModelCardName=name, Content=content, ModelCardStatus=card.status)
    else:
        if plan.content_changed or plan.status_changed:
            client.update_model_card(ModelCardName=name, Content=content)
        if plan.status_changed:
            client.update_model_card(ModelCardName=name, ModelCardStatus=card.status)
    return Pushed(card.id, plan.actions)


def push(client: Any, card: Card, force: bool = False) -> Pushed:
    plan = plan_push(client, card)
    if plan.conflict and not force:
        raise MlgovError(plan.conflict)
    return apply(client, plan)


def _pretty(content: Any) -> list[str]:
    text = json.dumps(content, indent=2, sort_keys=True, ensure_ascii=False)
    return text.splitlines(keepends=True)

"""`cards push`: a card to SageMaker with SageMaker's semantics. Content and status change in
separate calls (SageMaker refuses both in one), content first; an Archived card is never
changed; a card already up to date gets no call, so a second push changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from governance.cards.model import Card
from governance.cards.sagemaker import to_sagemaker, validation_errors
from governance.findings import MlgovError


@dataclass(frozen=True)
class Pushed:
    card: str
    actions: tuple[str, ...]  # "created", "content updated", "status X -> Y"; empty: unchanged


def push(client: Any, card: Card) -> Pushed:
    export = to_sagemaker(card)
    errors = validation_errors(export.content)
    if errors:
        raise MlgovError(f"card '{card.id}' does not export to valid content: {errors[0]}")
    current = _current(client, card.id)
    if current is None:
        client.create_model_card(
            ModelCardName=card.id, Content=export.content_json(), ModelCardStatus=card.status
        )
        return Pushed(card.id, ("created",))
    content, status = current
    content_changed, status_changed = content != export.content, status != card.status
    if status == "Archived" and (content_changed or status_changed):
        raise MlgovError(f"card '{card.id}' is Archived in SageMaker: it cannot change")
    actions = []
    if content_changed:
        client.update_model_card(ModelCardName=card.id, Content=export.content_json())
        actions.append("content updated")
    if status_changed:
        client.update_model_card(ModelCardName=card.id, ModelCardStatus=card.status)
        actions.append(f"status {status} -> {card.status}")
    return Pushed(card.id, tuple(actions))


def _current(client: Any, name: str) -> tuple[dict[str, Any], str] | None:
    """The card's content and status in SageMaker, or None when it has no such card. Some
    implementations (moto) store a status-only update as a version without content and a
    content-only one without status, so older versions fill what the latest lacks."""
    latest = _describe(client, name, None)
    if latest is None:
        return None
    content, status = latest.get("Content"), latest.get("ModelCardStatus")
    version = latest.get("ModelCardVersion", 1)
    while (content is None or status is None) and version > 1:
        version -= 1
        older = _describe(client, name, version) or {}
        content = content if content is not None else older.get("Content")
        status = status if status is not None else older.get("ModelCardStatus")
    return json.loads(content or "{}"), status or "Draft"


def _describe(client: Any, name: str, version: int | None) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    args: dict[str, Any] = {"ModelCardName": name}
    if version is not None:
        args["ModelCardVersion"] = version
    try:
        return client.describe_model_card(**args)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in ("ResourceNotFound", "ResourceNotFoundException"):
            return None
        raise

"""What mlgov knows of a card in SageMaker, so that a push never overwrites edits made there.

Two records say "nobody changed SageMaker's card since mlgov last saw it":
- the push marker: every push writes `mlgov.sync` into custom_details, a SHA-256 of the content
  it wrote (without the marker) and of the status it set. An edit in the console or through
  another tool changes the content or the status, no longer the marker, so the marker stops
  matching. It lives in SageMaker itself, so a push from a fresh checkout (CI) can check it.
- the import record: `mlgov cards import --model-card` writes into the card's `sagemaker:` the
  version and modification time it read. A card imported since the last change may be pushed:
  whoever imported it has seen the change (the import printed what it kept as written).
A push that finds neither refuses, unless forced.

Some implementations (moto) store a status-only update as a version without content, and a
content-only one without status: the newest version holding each is read.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from governance.cards.sagemaker import SYNC_KEY
from governance.findings import MlgovError


@dataclass(frozen=True)
class Remote:
    name: str
    content: dict[str, Any] | None  # the newest content; None: no version holds any
    status: str | None
    version: int  # the latest version
    modified: str | None  # the latest version's LastModifiedTime, ISO 8601
    content_version: int  # the version the content was read from

    def describe(self) -> dict[str, Any]:
        """A describe_model_card response of the card as a whole, for import."""
        out: dict[str, Any] = {"ModelCardName": self.name, "ModelCardVersion": self.version}
        if self.content is not None:
            out["Content"] = json.dumps(self.content)
        if self.status is not None:
            out["ModelCardStatus"] = self.status
        if self.modified is not None:
            out["LastModifiedTime"] = self.modified
        return out


def read_remote(client: Any, name: str) -> Remote | None:
    """The card named `name` in SageMaker, or None when there is none."""
    latest = _describe(client, name, None)
    if latest is None:
        return None
    version = int(latest.get("ModelCardVersion") or 1)
    content, status = latest.get("Content"), latest.get("ModelCardStatus")
    content_version, at = version, version
    while (content is None or status is None) and at > 1:
        at -= 1
        older = _describe(client, name, at) or {}
        if content is None and older.get("Content") is not None:
            content, content_version = older["Content"], at
        status = status if status is not None else older.get("ModelCardStatus")
    return Remote(
        name,
        _content(name, content_version, content),
        status,
        version,
        stamp(latest.get("LastModifiedTime")),
        content_version,
    )


def _content(name: str, version: int, text: Any) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        content = json.loads(text)
    except (TypeError, json.JSONDecodeError, RecursionError) as error:
        raise MlgovError(
            f"SageMaker card '{name}' version {version}: Content is not JSON"
        ) from error
    if not isinstance(content, dict):
        raise MlgovError(f"SageMaker card '{name}' version {version}: Content is not an object")
    return content


def stamp(value: Any) -> str | None:
    """A LastModifiedTime as ISO 8601 text: boto3 gives a datetime, JSON dumps a string."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)


def same_time(a: str | None, b: str | None) -> bool:
    """Whether two stamps name the same instant, however each was written."""
    if a is None or b is None:
        return a == b
    try:
        return datetime.datetime.fromisoformat(a) == datetime.datetime.fromisoformat(b)
    except ValueError:
        return a == b


def marker(content: Mapping[str, Any], status: str) -> str:
    body = json.dumps(
        {"content": without_marker(content), "status": status},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()


def with_marker(content: Mapping[str, Any], status: str) -> dict[str, Any]:
    out = without_marker(content)
    info = dict(out.get("additional_information", {}))
    info["custom_details"] = {**info.get("custom_details", {}), SYNC_KEY: marker(out, status)}
    out["additional_information"] = info
    return out


def without_marker(content: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(content)
    info = out.get("additional_information")
    if SYNC_KEY not in _details(content):
        return out
    assert isinstance(info, Mapping)
    details = {k: v for k, v in info["custom_details"].items() if k != SYNC_KEY}
    info = {k: v for k, v in info.items() if k != "custom_details"}
    if details:
        info["custom_details"] = details
    if info:
        out["additional_information"] = info
    else:
        out.pop("additional_information")
    return out


def pushed_by_mlgov(remote: Remote) -> bool:
    """The content and status are exactly what a push wrote."""
    if remote.content is None or remote.status is None:
        return False
    written = _details(remote.content).get(SYNC_KEY)
    return written == marker(remote.content, remote.status)


def _details(content: Mapping[str, Any]) -> Mapping[str, Any]:
    """custom_details, or nothing when the content (written by any tool) has none."""
    info = content.get("additional_information")
    details = info.get("custom_details") if isinstance(info, Mapping) else None
    return details if isinstance(details, Mapping) else {}


def seen_at_import(record: Mapping[str, Any], remote: Remote) -> bool:
    """The card's `sagemaker:` record names SageMaker's latest version and time."""
    if record.get("version") != remote.version:
        return False
    return "modified" not in record or same_time(record.get("modified"), remote.modified)


def _describe(client: Any, name: str, version: int | None) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    args: dict[str, Any] = {"ModelCardName": name}
    if version is not None:
        args["ModelCardVersion"] = version
    try:
        response: dict[str, Any] = client.describe_model_card(**args)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in ("ResourceNotFound", "ResourceNotFoundException"):
            return None
        raise MlgovError(f"describe_model_card {name}: {error}") from error
    return response

"""The review as JSON: every field of the review, with sorted keys, so that the same sides
always give the same bytes."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from typing import Any

from governance.review.compare import Review
from governance.review.side import FindingRow
from governance.review.summary import summarize


def review_json(review: Review) -> str:
    data: dict[str, Any] = _plain(review)
    data["summary"] = _plain(summarize(review))
    data["schema_version"] = 1
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _plain(value: Any) -> Any:
    """Dataclasses as objects, as `dataclasses.asdict` makes them, but a side's finding row as
    one object: the finding's rule, severity, place, message and fingerprint beside how the
    review matched it."""
    if isinstance(value, FindingRow):
        return _row(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value.value if isinstance(value, Enum) else value


def _row(row: FindingRow) -> dict[str, Any]:
    return {
        "rule": row.rule,
        "severity": row.severity,
        "file": row.file,
        "line": row.line,
        "column": row.column,
        "message": row.message,
        "fingerprint": row.fingerprint,
        "failing": row.failing,
        "match": row.match,
        "related": list(row.related),
    }

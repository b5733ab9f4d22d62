"""The review as JSON: every field of the review, with sorted keys, so that the same sides
always give the same bytes."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from governance.review.compare import Review
from governance.review.summary import summarize


def review_json(review: Review) -> str:
    data: dict[str, Any] = dataclasses.asdict(review)
    data["summary"] = dataclasses.asdict(summarize(review))
    data["schema_version"] = 1
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

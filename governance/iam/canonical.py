"""Canonical JSON: the form statements are compared and measured in."""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

WHITESPACE = re.compile(r"\s")


def canonical(value: Any) -> str:
    """Compact JSON with sorted keys: the form statements are compared and measured in."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # orjson refuses integers beyond 64 bits; the standard library does not
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def iam_size(document: Any) -> int:
    """Characters IAM counts: the document without any whitespace (a safe over-estimate)."""
    return len(WHITESPACE.sub("", canonical(document)))

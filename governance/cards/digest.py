"""What an approval approves: a digest of the card's approvable content, that is everything but
its status, its approvals and its review bookkeeping. Canonical JSON (sorted keys, no spaces,
UTF-8) hashed with SHA-256, so the digest depends on the data alone: not on YAML formatting,
comments, quoting or key order. The strict loader reads dates as strings and `0.50` as 0.5,
so `date: 2026-01-01` and `date: '2026-01-01'` are one value, and so are `0.5` and `0.50`;
numbers are compared as numbers, as JSON's canonical form (RFC 8785) does: `2` and `2.0` are
one value too."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["NOT_APPROVED", "approvable", "canonical", "content_digest", "key_digests", "short"]

# Changing these never needs a new approval: the workflow's state, its record, its calendar.
NOT_APPROVED = ("status", "approvals", "review")
PREFIX = "sha256:"
FORM = re.compile(r"^sha256:[0-9a-f]{64}$")


def canonical(value: Any) -> bytes:
    text = json.dumps(_numbers(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")  # a YAML "\\ud800" escape must not crash


# Values that are never changed, passed over without a call: most of a card's leaves.
_AS_IS = frozenset({str, int, bool, type(None)})


def _numbers(value: Any) -> Any:
    """Whole floats as integers (2.0 is 2), where a double holds them exactly."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: v if type(v) in _AS_IS else _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in _AS_IS else _numbers(v) for v in value]
    return value


def approvable(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in NOT_APPROVED}


def content_digest(data: Mapping[str, Any]) -> str:
    """`sha256:<64 hex digits>` of the approvable content."""
    return PREFIX + _sha256(canonical(approvable(data)))


def key_digests(data: Mapping[str, Any]) -> dict[str, str]:
    """A short digest per top-level key: two versions of a card differ exactly in the keys
    whose digests differ (what CRD003 and the history report), without keeping either."""
    return {str(k): _sha256(canonical(v))[:20] for k, v in data.items()}


def short(digest: str) -> str:
    """`sha256:1a2b3c4d5e6f` for tables; the full digest is printed where it is the record."""
    return digest[: len(PREFIX) + 12]


def _sha256(data: bytes) -> str:
    import hashlib  # here: the card rules are registered by every lint, most of which hash nothing

    return hashlib.sha256(data).hexdigest()

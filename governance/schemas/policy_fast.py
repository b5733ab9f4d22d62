"""A quick yes for the common case: an IAM policy that certainly satisfies policy.schema.json.

jsonschema costs about half a millisecond per policy; this costs a few microseconds. It may say
"not sure" (False) for valid input — jsonschema then decides and explains — but it must never
say True for a policy the schema rejects (tests/test_schemas.py checks that on random input).
"""

from __future__ import annotations

import re
from typing import Any

_TOP = {"Version", "Id", "Statement"}
_STATEMENT = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}
_SID = re.compile(r"[A-Za-z0-9]*")
_SCALARS = (str, bool, int, float)


def surely_valid(data: Any) -> bool:
    if not isinstance(data, dict) or not data.keys() <= _TOP:
        return False
    if data.get("Version") != "2012-10-17" or not isinstance(data.get("Id", ""), str):
        return False
    statements = data.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    return (
        isinstance(statements, list) and bool(statements) and all(_statement(s) for s in statements)
    )


def _statement(item: Any) -> bool:
    if not isinstance(item, dict) or not item.keys() <= _STATEMENT:
        return False
    if item.get("Effect") not in ("Allow", "Deny"):
        return False
    if ("Action" in item) == ("NotAction" in item) or not (
        "Resource" in item or "NotResource" in item
    ):
        return False
    sid = item.get("Sid", "")
    if not isinstance(sid, str) or not _SID.fullmatch(sid):
        return False
    lists = (item[k] for k in ("Action", "NotAction", "Resource", "NotResource") if k in item)
    return all(_strings(v) for v in lists) and _condition(item.get("Condition", {}))


def _strings(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def _condition(block: Any) -> bool:
    if not isinstance(block, dict):
        return False
    for keys in block.values():
        if not isinstance(keys, dict) or not keys:
            return False
        for value in keys.values():
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(v, _SCALARS) and v is not None for v in items):
                return False
    return True

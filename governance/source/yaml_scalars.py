"""Scalar resolution by the YAML 1.2 core schema, made stricter where 1.1 tools disagree."""

from __future__ import annotations

import re
from typing import Any

TAG_PREFIX = "tag:yaml.org,2002:"
SCALAR_TAGS = frozenset({"str", "int", "float", "bool", "null"})

_NULLS = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_KEYWORDS: dict[str, Any] = {**_NULLS, **_BOOLS}

# YAML 1.1 booleans: text for us, a boolean for many other tools.
YAML11_BOOLS = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "off", "Off", "OFF"), False),
}

# Decimal without leading zeros: 1.1 reads 0755 as octal, 1.2 as 755; as text nobody is misled.
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"([-+]?)\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
_NUMBER_START = frozenset("-+.0123456789")


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar."""
    if text in _KEYWORDS:
        return _KEYWORDS[text]
    if text[:1] in _NUMBER_START:
        number: float | None = _integer(text)
        if number is None:
            number = _float(text)
        if number is not None:
            return number
    return text


def resolve_tagged(tag: str, text: str) -> tuple[Any, bool]:
    """The value of a scalar tagged !!<tag> (one of SCALAR_TAGS); False when it does not fit."""
    if tag == "str":
        return text, True
    if tag == "null":
        return None, text in _NULLS
    if tag == "bool":
        return _BOOLS.get(text), text in _BOOLS
    number: float | None = _integer(text)
    if tag == "float":
        number = _float(text) if number is None else float(number)
    return number, number is not None


def _integer(text: str) -> int | None:
    try:
        if _INT.fullmatch(text):
            return int(text)
        if _OCT.fullmatch(text):
            return int(text[2:], 8)
        if _HEX.fullmatch(text):
            return int(text[2:], 16)
    except ValueError:  # more digits than Python converts
        return None
    return None


def _float(text: str) -> float | None:
    # Plain digits without '.' or exponent are not floats (0755 stays text).
    if _FLOAT.fullmatch(text) and ("." in text or "e" in text or "E" in text):
        return float(text)
    inf = _INF.fullmatch(text)
    if inf:
        return float(f"{inf.group(1)}inf")
    return float("nan") if _NAN.fullmatch(text) else None

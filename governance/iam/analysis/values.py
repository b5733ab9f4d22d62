"""Condition values an operator's type can take: numbers, dates, booleans, IP ranges, base64 and
ARNs. A value of the wrong form never matches a request, so the test it is in is never true
(and a "Not" test always is).

Forms, from the IAM User Guide's condition operators page: dates are the W3C profile of ISO 8601
(`2020-01-01`, `2020-01-01T12:00Z`, `2020-01-01T12:00:00.5+02:00`, ...) or epoch seconds; IP
addresses are IPv4 or IPv6 addresses or CIDR ranges; Bool and Null take true or false; binary
values are base64."""

from __future__ import annotations

import datetime
import ipaddress
import re
from typing import Any

__all__ = ["parse_date", "value_problem"]

NUMBER = re.compile(r"-?\d+(\.\d+)?")
EPOCH = re.compile(r"-?\d{1,12}")
# YYYY, YYYY-MM, YYYY-MM-DD, then optionally Thh:mm[:ss[.s+]] and a zone (Z or +hh:mm). IAM's
# parser also takes a time without zone (as UTC); that is allowed rather than second-guessed.
DATE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-](?P<tzh>\d{2}):(?P<tzm>\d{2}))?)?)?)?"
)


def value_problem(family: str | None, value: Any) -> str | None:
    """Why `value` cannot be one of `family`'s values (a sentence fragment), or None."""
    if isinstance(value, str) and "${" in value:
        return None  # a policy variable: its value shows only at request time
    check = _CHECKS.get(family or "")
    return check(value) if check else None


def _boolean(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return None
    return f"{value!r} is not true or false"


def _number(value: Any) -> str | None:
    if isinstance(value, bool):
        return f"{value!r} is not a number"
    if isinstance(value, int | float) or (isinstance(value, str) and NUMBER.fullmatch(value)):
        return None
    return f"{value!r} is not a number"


def _date(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return f"{value!r} is not a date"
    return None if parse_date(value) is not None else _date_reason(str(value))


def parse_date(value: int | str) -> datetime.datetime | None:
    """The instant a Date condition value names (UTC), or None when it names none."""
    text = str(value)
    found = None if isinstance(value, int) else DATE.fullmatch(text)
    if found is None:
        return _epoch(text) if EPOCH.fullmatch(text) else None
    parts = {k: int(v) for k, v in found.groupdict().items() if v and k != "tz"}
    if parts.get("tzh", 0) > 23 or parts.get("tzm", 0) > 59:
        return None
    try:
        instant = datetime.datetime(
            parts["y"],
            parts.get("m", 1),
            parts.get("d", 1),
            parts.get("H", 0),
            parts.get("M", 0),
            parts.get("S", 0),
            tzinfo=datetime.UTC,
        )
    except ValueError:
        return None
    offset = datetime.timedelta(hours=parts.get("tzh", 0), minutes=parts.get("tzm", 0))
    zone = found.group("tz") or "Z"
    return instant - offset if zone.startswith("+") else instant + offset


def _epoch(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromtimestamp(int(text), datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _date_reason(text: str) -> str:
    found = DATE.fullmatch(text)
    if found is None:
        return f"'{text}' is not a date (write 2026-01-31, 2026-01-31T12:00:00Z or epoch seconds)"
    return f"'{text}' is not a date of the calendar (month, day or time out of range)"


def _ip(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{value!r} is not an IP address or range"
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return f"'{value}' is not an IP address or CIDR range"
    return None


def _binary(value: Any) -> str | None:
    import base64  # here: Binary conditions are rare, and every lint would import it
    import binascii

    if not isinstance(value, str):
        return f"{value!r} is not base64"
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return f"'{value}' is not base64"
    return None


def _arn(value: Any) -> str | None:
    if isinstance(value, str) and (value.startswith("arn:") or set(value) <= set("*?")):
        return None
    return f"{value!r} is not an ARN"


_CHECKS = {
    "Bool": _boolean,
    "Null": _boolean,
    "Numeric": _number,
    "Date": _date,
    "IPAddress": _ip,
    "Binary": _binary,
    "ARN": _arn,
}

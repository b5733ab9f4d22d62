"""Checking an answer before the collector reads it: the keys it reads are there, with the types
and values it expects.

botocore parses what a server sends against the service model but requires nothing: a member it
does not find is left out and a scalar of the wrong type is passed on. So a 200 with the wrong
body (a proxy's login page, a truncated answer, a half-done fake) would become a KeyError deep in
the collector or, worse, an empty list that reads as "nothing deployed". Checked first, it is
one error of its section instead. The kinds are small on purpose: what the response specs of
responses.py need, nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias


class BadShape(ValueError):
    """An answer without what the collector reads: `path` says where, `problem` what."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path or 'the answer'}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Text:
    nonempty: bool = False
    pattern: str | None = None


@dataclass(frozen=True)
class Int:
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class OneOf:
    """A string from a fixed set: the snapshot schema's enums, so the file always loads."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class Many:
    item: Kind


@dataclass(frozen=True)
class Record:
    """An object: `required` keys must be there, `optional` ones may be; others are ignored.
    `rule` checks what spans several keys and returns the problem, or None."""

    required: Mapping[str, Kind] = field(default_factory=dict)
    optional: Mapping[str, Kind] = field(default_factory=dict)
    rule: Callable[[dict[str, Any]], str | None] | None = None

    def but(
        self, required: Mapping[str, Kind] | None = None, optional: Mapping[str, Kind] | None = None
    ) -> Record:
        """This record with more keys (a describe answer holds more than a list's summary)."""
        more = dict(required or {})
        rest = {k: v for k, v in {**self.optional, **(optional or {})}.items() if k not in more}
        return Record({**self.required, **more}, rest, self.rule)


# A Python type (bool, datetime, object) checks with isinstance.
Kind: TypeAlias = "Text | Int | OneOf | Many | Record | type"


def check(value: Any, kind: Kind, path: str = "") -> None:
    """Raise BadShape at the first place where `value` is not of `kind`."""
    if isinstance(kind, Record):
        _record(value, kind, path)
    elif isinstance(kind, Many):
        if not isinstance(value, list):
            raise BadShape(path, f"expected a list, got {_name(value)}")
        for i, item in enumerate(value):
            check(item, kind.item, f"{path}[{i}]")
    else:
        problem = _scalar(value, kind)
        if problem:
            raise BadShape(path, problem)


def _record(value: Any, kind: Record, path: str) -> None:
    if not isinstance(value, dict):
        raise BadShape(path, f"expected an object, got {_name(value)}")
    for key, inner in kind.required.items():
        if key not in value:
            raise BadShape(_join(path, key), "missing")
        check(value[key], inner, _join(path, key))
    for key, inner in kind.optional.items():
        if key in value:
            check(value[key], inner, _join(path, key))
    problem = kind.rule(value) if kind.rule else None
    if problem:
        raise BadShape(path, problem)


def _scalar(value: Any, kind: Text | Int | OneOf | type) -> str | None:
    if isinstance(kind, OneOf):
        ok = isinstance(value, str) and value in kind.values
        return None if ok else f"{_shown(value)} is not one of {', '.join(kind.values)}"
    if isinstance(kind, Text):
        if not isinstance(value, str):
            return f"expected a string, got {_name(value)}"
        if kind.nonempty and not value:
            return "empty"
        if kind.pattern and not re.fullmatch(kind.pattern, value):
            return f"{_shown(value)} is not of the form {kind.pattern}"
        return None
    if isinstance(kind, Int):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"expected an integer, got {_name(value)}"
        if (kind.low is not None and value < kind.low) or (
            kind.high is not None and value > kind.high
        ):
            return f"{value} is out of range {kind.low}..{kind.high}"
        return None
    return None if isinstance(value, kind) else f"expected {kind.__name__}, got {_name(value)}"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _shown(value: Any) -> str:
    return repr(value)[:60]

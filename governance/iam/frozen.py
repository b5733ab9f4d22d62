"""JSON values that cannot change and compare by their canonical form: a statement's Condition
block (and the other keys a policy file's statement carries), kept as data rather than as text
to parse again, and still usable as a key when statements are merged."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from governance.iam.canonical import canonical


class FrozenJson(Mapping[str, Any]):
    """A read-only JSON object. Equal and hashed by canonical JSON, so `true` and `1` differ,
    as they do to IAM, while key order does not matter."""

    __slots__ = ("_data", "key")

    def __init__(self, value: Mapping[str, Any]) -> None:
        self.key = canonical(value)
        self._data = _readonly(value)

    def __getitem__(self, name: str) -> Any:
        return self._data[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FrozenJson) and self.key == other.key

    def __repr__(self) -> str:
        return f"FrozenJson({self.key})"

    def thaw(self) -> dict[str, Any]:
        """A plain, mutable copy, for a document to write or a block to merge into."""
        return _plain(self._data)


def _readonly(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _readonly(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_readonly(v) for v in value)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value

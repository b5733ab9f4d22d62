"""`${name}` placeholders in activity templates. IAM policy variables (`${aws:username}`,
`${sagemaker:DomainId}`, `${*}`) are not ours: they contain no lower-case identifier alone and
pass through untouched."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\$\{([a-z][a-z0-9_]*)\}")
Values = Mapping[str, str | tuple[str, ...]]


class Unresolved(Exception):
    """A placeholder with no value. `name` says which."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def names_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def expand(text: str, values: Values) -> list[str]:
    """Every string `text` stands for: a list value yields one string per item."""
    parts = PLACEHOLDER.split(text)
    if len(parts) == 1:
        return [text]
    choices: list[tuple[str, ...]] = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            choices.append((part,))
            continue
        if part not in values:
            raise Unresolved(part)
        value = values[part]
        choices.append(value if isinstance(value, tuple) else (value,))
    return ["".join(combo) for combo in itertools.product(*choices)]


def expand_all(texts: tuple[str, ...] | list[str], values: Values) -> list[str]:
    out: list[str] = []
    for text in texts:
        for item in expand(text, values):
            if item not in out:
                out.append(item)
    return out

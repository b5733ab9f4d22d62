"""Deterministic, collision-free resource names for the exporters, derived from persona ids.

Persona ids are `[a-z0-9]+(-[a-z0-9]+)*`; CloudFormation logical ids must be alphanumeric, so
`a-1` and `a1` would both become `A1`: a short hash of the id keeps such pairs apart."""

from __future__ import annotations

import hashlib


def pascal(persona_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in persona_id.split("-"))


def logical_ids(persona_ids: list[str]) -> dict[str, str]:
    """Persona id -> CloudFormation logical id prefix, stable across runs and additions only
    where two ids collide (then both get the hash suffix)."""
    return _disambiguated({pid: pascal(pid) for pid in persona_ids})


def profile_logical_ids(keys: list[str]) -> dict[str, str]:
    """Profile key (domain/name) -> a CloudFormation logical id ending in UserProfile, which no
    role id ends in (they end in Role or PolicyN). Names differing only in case or hyphens, or
    the same name in two domains, get the hash suffix."""
    plain = {key: _pascal_name(key.partition("/")[2]) for key in keys}
    return {key: name + "UserProfile" for key, name in _disambiguated(plain).items()}


def profile_terraform_names(keys: list[str]) -> dict[str, str]:
    """Profile key (domain/name) -> a Terraform resource name, `profile_<name>`, lower case,
    with the hash suffix where two would collide."""
    plain = {key: "profile_" + key.partition("/")[2].lower().replace("-", "_") for key in keys}
    return _disambiguated(plain, lower=True)


def _pascal_name(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("-") if part)


def _disambiguated(plain: dict[str, str], lower: bool = False) -> dict[str, str]:
    counts: dict[str, int] = {}
    for name in plain.values():
        counts[name] = counts.get(name, 0) + 1
    suffix = (lambda key: "_" + _digest(key).lower()) if lower else _digest
    return {key: name if counts[name] == 1 else name + suffix(key) for key, name in plain.items()}


def terraform_name(persona_id: str) -> str:
    """Terraform names must start with a letter or underscore; `-` -> `_` is one-to-one here
    because persona ids contain no underscore."""
    name = persona_id.replace("-", "_")
    return name if name[:1].isalpha() else f"persona_{name}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:6].upper()

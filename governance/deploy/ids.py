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
    plain = {pid: pascal(pid) for pid in persona_ids}
    counts: dict[str, int] = {}
    for name in plain.values():
        counts[name] = counts.get(name, 0) + 1
    return {pid: name if counts[name] == 1 else name + _digest(pid) for pid, name in plain.items()}


def terraform_name(persona_id: str) -> str:
    """Terraform names must start with a letter or underscore; `-` -> `_` is one-to-one here
    because persona ids contain no underscore."""
    name = persona_id.replace("-", "_")
    return name if name[:1].isalpha() else f"persona_{name}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:6].upper()

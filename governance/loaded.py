"""What loading built, before anything is checked across files: the record that cross-file
reference checks read, and that `Repository` extends with the configuration and the findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing the models costs start-up (lint/registry.py)
    from governance.cards.model import Card
    from governance.model import Activity, Persona
    from governance.studio import StudioDomain

BUILTIN_PREFIX = "builtin:"


@dataclass(frozen=True)
class Loaded:
    root: Path
    activities: Mapping[str, Activity]  # built-in and the repository's own
    personas: Mapping[str, Persona]  # the repository's own
    builtin_personas: Mapping[str, Persona]
    cards: Mapping[str, Card]
    domains: Mapping[str, StudioDomain]  # SageMaker Studio domains (studio/), by domain id
    # Personas whose file exists but failed to load (id -> file): a reference to one is a
    # consequence of that file's errors, not a mistake of its own.
    unloaded_personas: Mapping[str, str]


def parent_of(loaded: Loaded, persona: Persona) -> Persona | None:
    """The persona `persona` extends: a built-in one, or one of the repository's."""
    if persona.extends is None:
        return None
    if persona.extends.startswith(BUILTIN_PREFIX):
        return loaded.builtin_personas.get(persona.extends.removeprefix(BUILTIN_PREFIX))
    return loaded.personas.get(persona.extends)

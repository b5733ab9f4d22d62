"""A Studio user profile's reference: the persona it is bound to, one of this repository's (a
built-in preset has no role of its own to give)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from governance.codes import REF010
from governance.findings import Finding
from governance.loaded import Loaded
from governance.studio import UserProfile


def studio_reference_findings(repo: Loaded) -> list[Finding]:
    return [
        finding
        for domain in repo.domains.values()
        for profile in domain.profiles.values()
        for finding in _persona(repo, profile)
    ]


def _persona(repo: Loaded, profile: UserProfile) -> Iterator[Finding]:
    persona = profile.persona
    if persona in repo.personas:
        return
    if persona in repo.builtin_personas:
        hint = f"a built-in preset has no role: add a persona that extends builtin:{persona}"
    else:
        close = difflib.get_close_matches(persona, sorted(repo.personas), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "personas are files in personas/"
    message = f"user profile '{profile.name}' is bound to unknown persona '{persona}'"
    path = (*profile.origin.path, "persona")
    yield profile.origin.doc.finding(REF010, path, message, hint)

"""Cross-file references, checked once everything is loaded: what personas name (activities,
`extends`, compute roles, policy files, unique role names), what cards name (personas, the
people who own and approve them) and what Studio user profiles name (personas)."""

from __future__ import annotations

from governance.findings import Finding
from governance.loaded import Loaded
from governance.references.cards import card_reference_findings
from governance.references.personas import persona_reference_findings
from governance.references.studio import studio_reference_findings

__all__ = ["reference_findings"]


def reference_findings(loaded: Loaded) -> list[Finding]:
    return [
        *persona_reference_findings(loaded),
        *card_reference_findings(loaded),
        *studio_reference_findings(loaded),
    ]

"""A card's references: persona ids of this repository, and the people (owner, approvers)
that must be listed among its contacts, so that an approval names someone reachable."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.cards.model import Card
from governance.codes import REF008, REF009
from governance.findings import Finding

if TYPE_CHECKING:
    from governance.loaded import Loaded


def card_reference_findings(repo: Loaded) -> list[Finding]:
    findings: list[Finding] = []
    for card in repo.cards.values():
        findings += _personas(repo, card)
        findings += _people(card)
    return findings


def _personas(repo: Loaded, card: Card) -> Iterator[Finding]:
    doc = card.origin.doc
    for purpose, ids in (("deploy", card.personas_deploy), ("use", card.personas_use)):
        for index, persona_id in enumerate(ids):
            if persona_id in repo.personas or persona_id in repo.unloaded_personas:
                continue  # a persona whose file failed to load: its own errors say why
            close = difflib.get_close_matches(persona_id, sorted(repo.personas), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "personas are files in personas/"
            message = f"card names unknown persona '{persona_id}'"
            yield doc.finding(REF008, ("personas", purpose, index), message, hint)


def _people(card: Card) -> Iterator[Finding]:
    doc, known = card.origin.doc, set(card.contacts)
    hint = "add the person to contacts: (name, email, role)"
    if card.owner is not None and card.owner not in known:
        message = f"owner '{card.owner}' is not listed in contacts"
        yield doc.finding(REF009, ("owner",), message, hint)
    for approval in card.approvals:
        if approval.by not in known:
            message = f"approval by '{approval.by}', who is not listed in contacts"
            yield doc.finding(REF009, (*approval.origin.path, "by"), message, hint)

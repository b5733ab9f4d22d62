"""CRD003: an Archived card whose content changed since it was committed as Archived."""

from __future__ import annotations

from collections.abc import Iterator

from governance.cards.history import changed_at_head
from governance.cards.model import Card
from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

# Waivers are lint's business, not the card's content: adding one must stay possible.
IGNORED = {"waivers"}


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if ctx.repo is None:
        return
    committed = changed_at_head(ctx.repo.root, (c.origin.doc.path for c in cards(ctx)))
    for card in cards(ctx):
        before = committed.get(card.origin.doc.path)
        if before is None or not isinstance(before.data, dict):
            continue
        if before.data.get("status") == "Archived":
            yield from _changes(card, before.data)


def _changes(card: Card, before: dict) -> Iterator[Hit]:
    keys = sorted((set(before) | set(card.data)) - IGNORED)
    changed = [k for k in keys if before.get(k) != card.data.get(k)]
    for key in changed:
        path = (key,) if key in card.data else ()
        message = f"'{key}' of a card Archived at HEAD has changed"
        hint = "archived cards are a record; restore it, or create a new card for a new model"
        yield Hit(card.origin.doc, path, message, hint)


RULE = Rule(
    id="CRD003",
    title="Archived card changed",
    rationale=(
        "SageMaker blocks content edits to an Archived card: it is the record of a retired model. "
        "mlgov compares the card with its committed version (git HEAD) when the repository is a "
        "git checkout, and reports every field that differs; outside git it cannot tell."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="status: Archived  # at HEAD\nstatus: Draft     # now\n",
    good="status: Archived  # at HEAD and now\n",
)

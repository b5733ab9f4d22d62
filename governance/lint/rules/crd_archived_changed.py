"""CRD003: an Archived card that is not the version in which it became Archived: edited
(committed or not), un-archived, deleted, or given another id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.cards.digest import key_digests
from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards
from governance.source import Document

if TYPE_CHECKING:
    from governance.cards.lifecycle import Frozen
    from governance.cards.model import Card
    from governance.lint.context import LintContext

# Waivers are lint's business, not the card's content: adding one must stay possible.
IGNORED = {"waivers"}
RECORD = "archived cards are the record of a retired model"


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if ctx.lineage is None:
        return
    current = {card.id: card for card in cards(ctx)}
    by_path = {card.origin.doc.path: card for card in current.values()}
    # Files that are there but did not load as cards: their errors are reported already.
    unloaded = {f.file for f in ctx.repo.findings} - set(by_path) if ctx.repo else set()
    for card_id, frozen in sorted(ctx.lineage.archived.items()):
        card = current.get(card_id)
        if card is not None:
            yield from _changes(card, frozen)
        elif frozen.path not in unloaded:
            yield _gone(frozen, by_path.get(frozen.path))


def _changes(card: Card, frozen: Frozen) -> Iterator[Hit]:
    now, then = key_digests(card.data), frozen.version.keys
    changed = sorted(k for k in (set(now) | set(then)) - IGNORED if now.get(k) != then.get(k))
    restore = f"restore it (`git checkout {frozen.commit[:12]} -- {frozen.path}`)"
    for key in changed:
        path = (key,) if key in card.data else ()
        message = f"'{key}' of a card Archived {frozen.where} has changed"
        yield Hit(card.origin.doc, path, message, f"{RECORD}: {restore}, or make a new card")


def _gone(frozen: Frozen, other: Card | None) -> Hit:
    restore = f"`git checkout {frozen.commit[:12]} -- {frozen.path}`"
    if other is not None:  # the same file, another id: a rename of the card
        message = f"card '{frozen.card_id}', Archived {frozen.where}, is now '{other.id}'"
        hint = f"{RECORD}: keep its id ({restore}) and give the new model a new card file"
        return Hit(other.origin.doc, ("id",), message, hint)
    message = f"card '{frozen.card_id}', Archived {frozen.where}, is gone from {frozen.path}"
    hint = f"{RECORD} and stay: restore the file ({restore})"
    return Hit(Document(frozen.path, None), (), message, hint)


RULE = Rule(
    id="CRD003",
    title="Archived card changed",
    rationale=(
        "SageMaker blocks content edits to an Archived card: it is the record of a retired model. "
        "mlgov compares each card with the version in which it became Archived, found in the git "
        "history (in a shallow clone, with the base ref of `lint --baseline` or `review`), and "
        "reports every field that differs, a card deleted, and a card whose id changed; "
        "outside git it cannot tell."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="status: Archived  # when it was archived\nstatus: Draft     # now\n",
    good="status: Archived  # when it was archived, and now\n",
)

"""CRD009: an Approved card whose latest approval does not say what it approved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.cards.digest import content_digest
from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        latest = card.latest_approval
        if card.status != "Approved" or latest is None or latest.digest is not None:
            continue
        message = (
            f"the approval by {latest.by} on {latest.date} names no digest of what it approved"
        )
        hint = (
            f"if it approved the card as it is now, add `digest: {content_digest(card.data)}` to "
            f"it; else approve it again (`mlgov cards approve {card.id} --by NAME --role ROLE`)"
        )
        yield Hit(card.origin.doc, latest.origin.path, message, hint)


RULE = Rule(
    id="CRD009",
    title="Approval not bound to the card's content",
    rationale=(
        "An approval without a digest cannot tell whether the card was changed after it: it "
        "approves whatever the card says today. Binding it to the content's digest makes a "
        "later change visible (CRD008)."
    ),
    severity=Severity.WARNING,
    scope="repository",
    check=check,
    bad="status: Approved\napprovals: [{by: Bo, date: 2026-10-01}]\n",
    good="status: Approved\napprovals: [{by: Bo, date: 2026-10-01, digest: sha256:...}]\n",
)

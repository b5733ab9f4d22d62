"""CRD008: an Approved card whose content is not what its latest approval approved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.cards.digest import content_digest, key_digests, short
from governance.findings import Severity
from governance.lint.rule import Hit, Rule
from governance.lint.rules.card_common import cards

if TYPE_CHECKING:
    from governance.cards.lifecycle import Lineage
    from governance.cards.model import Card
    from governance.lint.context import LintContext


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    for card in cards(ctx):
        latest = card.latest_approval
        if card.status != "Approved" or latest is None or latest.digest is None:
            continue
        now = content_digest(card.data)
        if latest.digest == now:
            continue
        changed = _changed_keys(ctx.lineage, card, latest.digest)
        what = f" ({', '.join(changed)} changed)" if changed else ""
        message = (
            f"content is not what {latest.by} approved on {latest.date}{what}: approved "
            f"{short(latest.digest)}, now {short(now)}"
        )
        hint = (
            f"have it approved again (`mlgov cards approve {card.id} --by NAME --role ROLE`), "
            "or set status: PendingReview"
        )
        yield Hit(card.origin.doc, (*latest.origin.path, "digest"), message, hint)


def _changed_keys(lineage: Lineage | None, card: Card, approved: str) -> list[str]:
    """The fields that differ from the approved version, when git history has it."""
    history = lineage.history if lineage is not None else None
    if history is None:
        return []
    versions = [c.after for c in history.of(card.id) if c.after and c.after.digest == approved]
    if not versions:
        return []
    then, now = versions[-1].keys, key_digests(card.data)
    skip = {"status", "approvals", "review"}
    return sorted(k for k in (set(then) | set(now)) - skip if then.get(k) != now.get(k))


RULE = Rule(
    id="CRD008",
    title="Approved card changed since its approval",
    rationale=(
        "An approval approves a content: its digest (`mlgov cards approve` records it) is a "
        "hash of the card without status, approvals and review dates. When the content changes "
        "after the approval (an edit, a re-import that swapped the model), the card is no longer "
        "what was approved, and it must be approved again or go back to PendingReview."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    bad="status: Approved\napprovals: [{by: Bo, date: 2026-10-01, digest: sha256:<old>}]\n",
    good="status: Approved\napprovals: [{by: Bo, date: 2026-10-01, digest: sha256:<current>}]\n",
)

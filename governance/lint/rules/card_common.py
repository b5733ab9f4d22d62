"""What the card rules share: the cards of the repository and the lint run's today."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from governance.cards.model import Card
from governance.lint.context import LintContext
from governance.lint.settings import LintSettings


def cards(ctx: LintContext) -> Iterator[Card]:
    if ctx.repo is not None:
        yield from ctx.repo.cards.values()


def today(ctx: LintContext) -> datetime.date:
    """The configured `today` (tests pin it), else the real date."""
    return LintSettings.from_config(ctx.config.lint).today

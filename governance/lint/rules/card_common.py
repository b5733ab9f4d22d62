"""What the card rules share: the cards of the repository and the lint run's today."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from governance.lint.settings import LintSettings

if TYPE_CHECKING:
    from governance.cards.model import Card
    from governance.lint.context import LintContext


def cards(ctx: LintContext) -> Iterator[Card]:
    if ctx.repo is not None:
        yield from ctx.repo.cards.values()


def today(ctx: LintContext) -> datetime.date:
    """The configured `today` (tests pin it), else the real date."""
    return LintSettings.from_config(ctx.config.lint).today

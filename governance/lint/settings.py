"""`[tool.mlgov.lint]`: which rules run, at which severity, and what fails the gate."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from governance.config import today as configured_today
from governance.findings import Severity


@dataclass(frozen=True)
class LintSettings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    permissions_management_allow: tuple[str, ...] = ()
    today: datetime.date = field(default_factory=configured_today)

    @classmethod
    def from_config(cls, raw: Mapping[str, Any]) -> LintSettings:
        return cls(
            select=tuple(raw.get("select", ())),
            ignore=tuple(raw.get("ignore", ())),
            severity={k: Severity(v) for k, v in raw.get("severity", {}).items()},
            fail_on=Severity(raw.get("fail_on", "error")),
            permissions_management_allow=tuple(raw.get("permissions_management_allow", ())),
            today=configured_today(raw),
        )

    def selected(self, rule_id: str) -> bool:
        if self.select and not rule_id.startswith(self.select):
            return False
        return not rule_id.startswith(self.ignore) if self.ignore else True

    def fails(self, severity: Severity) -> bool:
        return severity.rank >= self.fail_on.rank

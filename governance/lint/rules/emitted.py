"""Rules whose findings are emitted while loading, validating, resolving and compiling
(governance.source, schemas, references, iam). Their metadata is in governance/codes.py,
where those stages reach it; here they become rules that can be selected, explained and
documented like every other."""

from __future__ import annotations

from governance.codes import EMITTED
from governance.lint.rule import Rule

RULES = tuple(Rule.from_code(code, "source") for code in EMITTED)

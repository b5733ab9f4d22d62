"""What a rule is: metadata plus a generator of hits. Rules never compute positions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from governance.codes import Code
from governance.findings import JsonPath, Severity
from governance.lint import metadata
from governance.source import Document

if TYPE_CHECKING:
    from governance.lint.context import LintContext

HELP_BASE = "docs/rules.md#"
# What a rule's check runs over: each policy document, each compiled role, the repository once;
# "source" and "engine" rules have no check (their findings are emitted while loading, or by
# the engine itself).
Scope = Literal["policy", "role", "repository", "source", "engine"]


@dataclass(frozen=True)
class Hit:
    """A rule's verdict at a place: the engine turns it into a positioned Finding."""

    doc: Document
    path: JsonPath
    message: str
    hint: str = ""
    at_key: bool = False  # point at the key rather than at its value
    # Structured parts of the message (("methods", (...)), ("actions", (...))) for reporters.
    details: tuple[tuple[str, tuple[str, ...]], ...] = ()


# A check takes the scope's target (a PolicyUnderTest, a RoleUnderTest or the context itself
# for repository rules) and the context, and yields hits.
Check = Callable[[Any, "LintContext"], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str  # e.g. IAM003; the letters name the family, never the severity
    title: str  # short, imperative-free: "Action is a full wildcard"
    rationale: str  # why it matters, a few sentences
    severity: Severity
    scope: Scope
    check: Check | None = field(default=None, compare=False)
    enabled: bool = True
    waivable: bool = True
    bad: str = ""  # an example that triggers it (YAML or JSON text)
    good: str = ""  # the fixed example

    @classmethod
    def from_code(cls, code: Code, scope: Scope, check: Check | None = None) -> Rule:
        """A rule whose findings a stage emits (or a rule both a stage and lint report)."""
        return cls(
            code.id,
            code.title,
            code.rationale,
            code.severity,
            scope,
            check,
            waivable=code.waivable,
            bad=code.bad,
            good=code.good,
        )

    @cached_property  # asked once per finding placed
    def code(self) -> Code:
        """The rule as emit sites take it: its id and its registered severity."""
        return Code(self.id, self.title, self.rationale, self.severity, self.waivable)

    @property
    def help_uri(self) -> str:
        """The rule's section of the rules reference, absolute (SARIF's helpUri must be)."""
        return metadata.help_base() + self.id.lower()

    @property
    def references(self) -> tuple[str, ...]:
        """AWS's documentation of what the rule checks."""
        return metadata.aws_references(self.id)

    @property
    def security_severity(self) -> float | None:
        return metadata.security_severity(self.id)

    @property
    def tags(self) -> tuple[str, ...]:
        return metadata.tags(self.id)

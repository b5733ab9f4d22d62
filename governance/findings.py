"""The one immutable finding type shared by loading, compiling and linting."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from governance.printable import printable

__all__ = ["Code", "Finding", "JsonPath", "MlgovError", "Related", "Severity", "render_path"]

JsonPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


def render_path(path: JsonPath) -> str:
    """Render a JSON path as `$.a.b[2]`, the form shown to users (keys made printable)."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{printable(part)}"
    return out


@dataclass(frozen=True)
class Related:
    """Another place a finding concerns: for a finding placed at the activity line that
    caused it, the compiled policy statement it shows in."""

    file: str
    line: int
    column: int
    message: str
    json_path: JsonPath = ()
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at a place in a file. Positions are 1-based; 0 means unknown."""

    file: str
    line: int
    column: int
    rule: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)
    json_path: JsonPath = field(default=(), compare=False)
    end_line: int = field(default=0, compare=False)
    end_column: int = field(default=0, compare=False)
    related: tuple[Related, ...] = field(default=(), compare=False)
    # Structured parts of the message a reporter may list (escalation methods, actions).
    details: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        """The text a finding shows is made printable where it is made, so every reporter,
        the site, the review and the cache see the same safe text (governance/printable.py):
        a key or file name from a pull request cannot reach a CI log raw, nor a lone surrogate
        make a UTF-8 output fail."""
        for name in ("file", "message", "hint"):
            value = getattr(self, name)
            safe = printable(value)
            if safe is not value:
                object.__setattr__(self, name, safe)

    @classmethod
    def of(
        cls, code: Code, file: str, line: int, column: int, message: str, hint: str = ""
    ) -> Finding:
        """A finding of `code`, which gives the rule id and the severity."""
        return cls(file, line, column, code.id, code.severity, message, hint)

    @property
    def fingerprint(self) -> str:
        """Stable across rewording: rule, file and JSON path only."""
        import hashlib  # here: only some reporters ask, and OpenSSL's start-up costs every run

        key = f"{self.rule}\0{self.file}\0{render_path(self.json_path)}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def format_text(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.rule} {self.severity.value} "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


@dataclass(frozen=True)
class Code:
    id: str  # e.g. SRC004; the letters name the family, never the severity
    title: str
    rationale: str
    severity: Severity = Severity.ERROR
    waivable: bool = False
    bad: str = ""  # an example that triggers it
    good: str = ""  # the fixed example


class MlgovError(Exception):
    """A user error that ends a command with exit code 2 and one clear line."""

"""Turns parser exceptions into SRC003 findings a person can act on."""

from __future__ import annotations

import yaml

from governance.codes import SRC003
from governance.findings import Finding
from governance.source.document import Position, make_finding
from governance.source.text import YAML_BREAKS, LineIndex

_HINTS = (
    ("expected ',' or", "close the bracket, or separate the items with commas"),
    ("mapping values are not allowed", "quote a value that contains ': ', or fix the indentation"),
    ("expected key", "check the indentation: keys of one mapping line up"),
    ("cannot start any token", "quote the value, or remove the character"),
    ("end of stream", "close the quote or bracket that is still open"),
    ("tab", "indent with spaces, not tabs"),
)


def syntax_finding(error: yaml.YAMLError, text: str, display: str) -> Finding:
    line, column = _where(error, text)
    message = _message(error)
    hint = next((h for key, h in _HINTS if key in message), "fix the YAML syntax here")
    pos = Position(line, column, line, column + 1)
    return make_finding(display, SRC003, pos, message, hint)


def _where(error: yaml.YAMLError, text: str) -> tuple[int, int]:
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        return mark.line + 1, mark.column + 1
    offset = getattr(error, "position", 0)  # a ReaderError knows only an offset
    if not isinstance(offset, int):
        return 1, 1
    return LineIndex(text, YAML_BREAKS).locate(min(max(offset, 0), len(text)))


def _message(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or getattr(error, "context", None) or str(error)
    problem = _clean(str(problem).splitlines()[0])
    context, mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and mark is not None and context != problem:
        problem += f" ({context.removeprefix('while ')} from line {mark.line + 1})"
    return problem


def _clean(problem: str) -> str:
    # libyaml says "did not find expected X"; pure-Python pyyaml appends ", but got '<token>'".
    for prefix in ("did not find expected ", "could not find expected "):
        if problem.startswith(prefix):
            problem = "expected " + problem.removeprefix(prefix)
    return problem.split(", but ")[0]

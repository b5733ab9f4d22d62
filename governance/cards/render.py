"""Plain data as YAML text in the style of the example cards: short collections in flow style
on one line (`{name: eta, value: "0.1"}`), longer ones as blocks; strings plain when YAML reads
them back as the same string, double-quoted otherwise. Used to splice values into a card that
people edit, so the text must load back to exactly the value (the caller checks)."""

from __future__ import annotations

import json
import math
from typing import Any

import yaml

from governance.source.yaml_scalars import YAML11_BOOLS, resolve_plain

WIDTH = 100  # the line length the example cards keep to
_FLOW_INDICATORS = frozenset(",[]{}")


def scalar(value: Any, flow: bool = True) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    text = str(value)
    return text if _plain(text, flow) else json.dumps(text, ensure_ascii=False)


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


def _plain(text: str, flow: bool) -> bool:
    """True when `text` may stay unquoted: it reads back as this very string, also for tools
    that follow YAML 1.1."""
    if not text or text != text.strip() or text in YAML11_BOOLS or resolve_plain(text) != text:
        return False
    if not text.isprintable():
        return False
    # In flow context `?` and `:` also start keys, and `,[]{}` end values. (PyYAML's emitter
    # would quote any ':' there, which libyaml and the example cards do not need.)
    if flow and (_FLOW_INDICATORS & set(text) or text[0] in "?:-"):
        return False
    emitted = yaml.safe_dump(text, width=10**9, allow_unicode=True)
    return not emitted.startswith(("'", '"', "|", ">")) and emitted.count("\n") <= 2


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def fits(value: Any, used: int) -> bool:
    """Whether `value` in flow style fits on a line already `used` characters long."""
    return used + len(flow(value)) <= WIDTH


def block(value: dict[str, Any] | list[Any], indent: int) -> list[str]:
    """Lines (without line breaks) of a collection in block style at `indent` spaces."""
    pad = " " * indent
    if isinstance(value, dict):
        return [line for k, v in value.items() for line in _entry(pad + scalar(k) + ":", v, indent)]
    lines: list[str] = []
    for item in value:
        if isinstance(item, dict) and item and not fits(item, indent + 2):
            inner = block(item, indent + 2)
            lines += [pad + "- " + inner[0].lstrip(" "), *inner[1:]]
        else:
            lines.append(pad + "- " + _inline(item))
    return lines


def _entry(head: str, value: Any, indent: int) -> list[str]:
    """`key: value`, or `key:` and a block: when the value does not fit, and for lists of
    mappings (metrics, hyper-parameters), which read and diff best one item per line."""
    items = isinstance(value, list) and any(isinstance(v, dict) for v in value)
    if isinstance(value, dict | list) and value and (items or not fits(value, len(head) + 1)):
        return [head, *block(value, indent + 2)]
    return [f"{head} {_inline(value)}"]


def _inline(value: Any) -> str:
    return flow(value) if isinstance(value, dict | list) else scalar(value, flow=False)

"""Lineage as a standalone inline SVG: datasets → training job → model → endpoints, left to right.

Public API (pure; same input, same bytes; escaped text; no external references):

- ``Node(name, status="", detail="")`` — one box. ``status`` is shown under the name with a
  symbol (✓ InService, ✗ Failed, … Creating; endpoints use it), ``detail`` after it (e.g.
  "2 x ml.m5.large").
- ``lineage_svg(datasets, training_jobs, models, endpoints, title="Lineage") -> str`` — each
  argument a sequence of ``Node`` or plain names. Every node links to every node of the next
  column (a card has one training job and one model, so that is the real graph). An empty
  column is drawn as a dashed "not recorded" box so the chain still reads.

Long names are shortened in the middle (S3 URIs and ARNs differ at their ends) and keep their
full text in a ``<title>`` (tooltip and accessible name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from site_builder.svg._base import GREEN, GREY, ORANGE, RED, document, esc, text


@dataclass(frozen=True)
class Node:
    name: str
    status: str = ""
    detail: str = ""


# Endpoint statuses (SageMaker's enum) → symbol and colour; the word is always printed too.
_GOOD = {"InService"}
_BAD = {"Failed", "UpdateRollbackFailed", "OutOfService"}
_BUSY = {"Creating", "Updating", "SystemUpdating", "RollingBack", "Deleting"}

BOX_W, GAP, TOP, MARGIN, LINE = 152, 36, 28, 8, 14
NAME_CHARS, STATUS_CHARS = 25, 25
COLUMNS = ("Datasets", "Training job", "Model", "Endpoints")
_BREAK = re.compile(r"[/:_.-]")


def lineage_svg(
    datasets: Sequence[Node | str],
    training_jobs: Sequence[Node | str],
    models: Sequence[Node | str],
    endpoints: Sequence[Node | str],
    title: str = "Lineage",
    headings: Sequence[str] = COLUMNS,
) -> str:
    """`headings`: the columns' titles (an MLflow card: run and registered model version)."""
    columns = [[_node(n) for n in col] for col in (datasets, training_jobs, models, endpoints)]
    rows = max([1, *(len(c) for c in columns)])
    # one box height for all: as many lines as the fullest node needs (name, status, detail)
    box_h = LINE * max([1, *(len(_lines(n)) for col in columns for n in col)]) + 14
    pitch = box_h + 12
    width = 2 * MARGIN + len(COLUMNS) * BOX_W + (len(COLUMNS) - 1) * GAP
    boxes = [_boxes(i, col, rows, pitch) for i, col in enumerate(columns)]
    parts = [
        text(_x(i) + BOX_W / 2, 16, name, extra=' font-weight="bold"')
        for i, name in enumerate(headings)
    ]
    for left, right in pairwise(boxes):
        parts += [_edge(a, b, box_h) for a in left for b in right]
    parts += [_box(x, y, node, box_h) for col in boxes for x, y, node in col]
    return document(width, TOP + rows * pitch, _summary(title, columns, headings), parts, "lineage")


def _node(value: Node | str) -> Node:
    return value if isinstance(value, Node) else Node(str(value))


def _x(column: int) -> float:
    return MARGIN + column * (BOX_W + GAP)


def _boxes(
    column: int, nodes: list[Node], rows: int, pitch: int
) -> list[tuple[float, float, Node | None]]:
    """Box positions, centred vertically; an empty column gets one placeholder (None)."""
    drawn: list[Node | None] = list(nodes) or [None]
    offset = (rows - len(drawn)) * pitch / 2
    return [(_x(column), TOP + offset + r * pitch, node) for r, node in enumerate(drawn)]


def _edge(a: tuple[float, float, object], b: tuple[float, float, object], box_h: int) -> str:
    x1, y1 = a[0] + BOX_W, a[1] + box_h / 2
    x2, y2 = b[0] - 2, b[1] + box_h / 2
    bend = GAP / 2
    return (
        f'<path d="M{x1:.1f} {y1:.1f}C{x1 + bend:.1f} {y1:.1f} {x2 - bend:.1f} {y2:.1f} '
        f'{x2 - 6:.1f} {y2:.1f}" fill="none" stroke="currentColor" stroke-opacity="0.55"/>'
        f'<path d="M{x2 - 7:.1f} {y2 - 4:.1f}L{x2:.1f} {y2:.1f}L{x2 - 7:.1f} {y2 + 4:.1f}Z" '
        f'fill="currentColor" fill-opacity="0.55"/>'
    )


def _lines(node: Node) -> list[tuple[str, str]]:
    """(text, extra attributes) per line: the name on up to two lines, then status, detail."""
    symbol = _status_look(node.status)[0]
    lines = [(line, ' font-size="11"') for line in _name_lines(node.name)]
    if node.status:
        status = _shorten(f"{symbol} {node.status}".strip(), STATUS_CHARS)
        lines.append((status, ' font-size="10" font-weight="bold"'))
    if node.detail:
        lines.append((_shorten(node.detail, STATUS_CHARS), ' font-size="10"'))
    return lines


def _name_lines(name: str) -> list[str]:
    """Long names (S3 URIs, ARNs, job names) break after a separator, the rest is shortened."""
    name = " ".join(name.split())
    if len(name) <= NAME_CHARS:
        return [name]
    cuts = [m.end() for m in _BREAK.finditer(name, 0, NAME_CHARS)]
    cut = cuts[-1] if cuts and cuts[-1] >= NAME_CHARS // 2 else NAME_CHARS
    return [name[:cut], _shorten(name[cut:], NAME_CHARS)]


def _box(x: float, y: float, node: Node | None, box_h: int) -> str:
    if node is None:
        return (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{box_h}" rx="4" fill="none" '
            f'stroke="{GREY}" stroke-dasharray="4 3"/>'
            + text(x + BOX_W / 2, y + box_h / 2 + 4, "not recorded", extra=' fill-opacity="0.7"')
        )
    colour = _status_look(node.status)[1]
    lines = _lines(node)
    first = y + box_h / 2 - LINE * (len(lines) - 1) / 2 + 4  # the lines centred in the box
    full = " — ".join(p for p in (node.name, node.status, node.detail) if p)
    return (
        f"<g><title>{esc(full)}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{box_h}" rx="4" '
        f'fill="{colour}" fill-opacity="0.12" stroke="{colour}" stroke-width="1.5"/>'
        + "".join(
            text(x + BOX_W / 2, first + LINE * i, line, extra=extra)
            for i, (line, extra) in enumerate(lines)
        )
        + "</g>"
    )


def _status_look(status: str) -> tuple[str, str]:
    if not status:
        return "", GREY
    if status in _GOOD:
        return "✓", GREEN
    if status in _BAD:
        return "✗", RED
    if status in _BUSY:
        return "…", ORANGE
    return "?", GREY


def _shorten(value: str, limit: int) -> str:
    text_ = " ".join(value.split())
    if len(text_) <= limit:
        return text_
    head = (limit - 1) // 2
    return text_[:head] + "…" + text_[len(text_) - (limit - 1 - head) :]


def _summary(title: str, columns: list[list[Node]], headings: Sequence[str]) -> str:
    """The accessible name says the whole chain in words."""
    said = [
        ", ".join(n.name + (f" ({n.status})" if n.status else "") for n in col) or "not recorded"
        for col in columns
    ]
    return f"{title}: " + " → ".join(
        f"{kind.lower()} {names}" for kind, names in zip(headings, said, strict=True)
    )

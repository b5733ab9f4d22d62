"""Evaluation-metric charts as standalone inline SVG strings (the site and the PDFs use them).

Public API (pure functions: same input, same bytes; all text escaped; no external references;
text and axes in currentColor so they read in light, dark and print; data in a fixed palette):

- ``metric_chart(metric) -> str | None`` — the chart for one card metric (a mapping as written
  in the card, or an object with such a mapping in ``.raw``), chosen by SageMaker metric type:
  ``bar_chart`` → bar chart, ``linear_graph`` → line graph, ``matrix`` → heat map with numbers,
  ``number`` with a ``threshold`` → a bullet chart marking the threshold. None for other types
  or for values of the wrong shape (lint rule CRD007 reports those).
- ``chart_maker(metric) -> Callable[[], str] | None`` — the same chart, drawn when called.
- ``bar_chart(title, values, labels, y_label="", threshold=None) -> str``
- ``linear_graph(title, points, x_label="", y_label="", threshold=None) -> str``
- ``matrix_chart(title, rows, x_labels, y_labels, x_title="", y_title="") -> str``
- ``threshold_chart(title, value, threshold) -> str``
- ``passes(value, threshold) -> bool | None`` — a number against ``{min, max}`` (both
  inclusive, as CRD005 reads them); None when there is nothing to judge.

A ``threshold`` is a mapping with ``min`` and/or ``max``; in bar and line charts it is drawn as
dashed lines; bars and points outside it are drawn in the warning colour and bars carry a ✗
next to their value (never colour alone).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from site_builder.svg._base import (
    BLUE,
    GREEN,
    GREY,
    RED,
    document,
    esc,
    fmt,
    label,
    nice_ticks,
    text,
)

Threshold = Mapping[str, float]


def passes(value: Any, threshold: Threshold | None) -> bool | None:
    if not threshold or not _is_number(value):
        return None
    low, high = threshold.get("min"), threshold.get("max")
    return (low is None or value >= low) and (high is None or value <= high)


def metric_chart(metric: Any) -> str | None:
    draw = chart_maker(metric)
    return draw() if draw else None


def chart_maker(metric: Any) -> Callable[[], str] | None:
    """What `metric_chart` would draw, not drawn yet: the shape is checked now, so a caller
    knows whether there is a chart, and pays for the drawing only where it is shown."""
    raw = getattr(metric, "raw", metric)
    if not isinstance(raw, Mapping):
        return None
    kind, name = raw.get("type"), str(raw.get("name", ""))
    value: Any = raw.get("value")  # checked for its shape before each chart takes it
    threshold = raw.get("threshold") if isinstance(raw.get("threshold"), Mapping) else None
    if kind == "bar_chart" and _numbers(value):
        labels = _names(raw.get("x_axis_name"), len(value))
        return partial(bar_chart, name, value, labels, _axis(raw.get("y_axis_name")), threshold)
    if kind == "linear_graph" and _points(value):
        x_label, y_label = _axis(raw.get("x_axis_name")), _axis(raw.get("y_axis_name"))
        return partial(linear_graph, name, value, x_label, y_label, threshold)
    if kind == "matrix" and _grid(value):
        x_names, y_names = raw.get("x_axis_name"), raw.get("y_axis_name")
        return partial(
            matrix_chart,
            name,
            value,
            _names(x_names, len(value[0])),
            _names(y_names, len(value)),
            _axis(x_names),
            _axis(y_names),
        )
    if kind == "number" and threshold and _is_number(value):
        return partial(threshold_chart, name, value, threshold)
    return None


# ---- shape checks: a card that fails CRD007 still builds, without a chart -----------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _numbers(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_number(v) for v in value)


def _points(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(p, list) and len(p) == 2 and _numbers(p) for p in value)
    )


def _grid(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(_numbers(row) and len(row) == len(value[0]) for row in value)
    )


def _names(names: Any, count: int) -> list[str]:
    """Per-item labels when the card gives a list of the right length, else 1, 2, 3 …"""
    if isinstance(names, list) and len(names) == count:
        return [str(n) for n in names]
    return [str(i + 1) for i in range(count)]


def _axis(names: Any) -> str:
    return names if isinstance(names, str) else ""


# ---- geometry ----------------------------------------------------------------------------


class _Scale:
    """Maps data values to pixels along one axis, over the given ticks' range."""

    def __init__(self, ticks: list[float], start: float, end: float) -> None:
        self.ticks, self.start, self.end = ticks, start, end
        self.lo, self.hi = ticks[0], ticks[-1]

    def __call__(self, value: float) -> float:
        return self.start + (self.end - self.start) * (value - self.lo) / (self.hi - self.lo)


def _limits(threshold: Threshold | None) -> list[float]:
    return [v for k, v in sorted((threshold or {}).items()) if k in ("min", "max")]


def _y_grid(y: _Scale, left: float, right: float) -> list[str]:
    parts = []
    for tick in y.ticks:
        at = y(tick)
        parts.append(
            f'<line x1="{left:.1f}" y1="{at:.1f}" x2="{right:.1f}" y2="{at:.1f}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
        )
        parts.append(text(left - 6, at + 4, fmt(tick), anchor="end"))
    return parts


def _axis_lines(left: float, top: float, right: float, bottom: float) -> str:
    return (
        f'<path d="M{left:.1f} {top:.1f}V{bottom:.1f}H{right:.1f}" fill="none" '
        f'stroke="currentColor" stroke-opacity="0.6"/>'
    )


def _y_title(title: str, x: float, y: float) -> str:
    return text(x, y, title, extra=f' transform="rotate(-90 {x:.1f} {y:.1f})"') if title else ""


def _threshold_lines(threshold: Threshold | None, y: _Scale, left: float, right: float) -> str:
    parts = []
    for key, limit in sorted((threshold or {}).items()):
        at = y(limit)
        parts.append(
            f'<line x1="{left:.1f}" y1="{at:.1f}" x2="{right:.1f}" y2="{at:.1f}" '
            f'stroke="{RED}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        parts.append(
            text(right, at - 4, f"{key} {fmt(limit)}", anchor="end", extra=f' fill="{RED}"')
        )
    return "".join(parts)


# ---- charts ------------------------------------------------------------------------------


def bar_chart(
    title: str,
    values: Sequence[float],
    labels: Sequence[str],
    y_label: str = "",
    threshold: Threshold | None = None,
) -> str:
    width, height, left, right, top = 480, 260, 64, 464, 24
    rotate = len(values) > 8
    bottom = height - (70 if rotate else 40)
    ticks = nice_ticks(min(0, *values, *_limits(threshold)), max(0, *values, *_limits(threshold)))
    y = _Scale(ticks, bottom, top)
    slot = (right - left) / len(values)
    parts = [*_y_grid(y, left, right), _y_title(y_label, 14, (top + bottom) / 2)]
    for i, (value, name) in enumerate(zip(values, labels, strict=True)):
        x = left + slot * i + slot * 0.15
        y0, y1 = sorted((y(0), y(value)))
        verdict = passes(value, threshold)
        mark = "✗ " if verdict is False else ""
        parts.append(
            f'<rect x="{x:.1f}" y="{y0:.1f}" width="{slot * 0.7:.1f}" height="{y1 - y0:.1f}" '
            f'fill="{_colour(verdict)}"><title>{esc(name)}: {esc(fmt(value))}'
            f"{' (fails)' if mark else ''}</title></rect>"
        )
        parts.append(text(x + slot * 0.35, y0 - 4, mark + fmt(value), extra=' font-size="11"'))
        parts.append(_bar_label(x + slot * 0.35, bottom, name, slot, rotate))
    parts += [_threshold_lines(threshold, y, left, right), _axis_lines(left, top, right, bottom)]
    return document(width, height, title, parts, "bar-chart")


def _bar_label(x: float, bottom: float, name: str, slot: float, rotate: bool) -> str:
    if rotate:
        at = f' transform="rotate(-40 {x:.1f} {bottom + 14:.1f})"'
        return label(x, bottom + 14, name, 14, anchor="end", extra=at)
    return label(x, bottom + 16, name, max(3, int(slot / 7)))


def linear_graph(
    title: str,
    points: Sequence[Sequence[float]],
    x_label: str = "",
    y_label: str = "",
    threshold: Threshold | None = None,
) -> str:
    width, height, left, right, top, bottom = 480, 280, 64, 464, 16, 236
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x = _Scale(nice_ticks(min(xs), max(xs)), left, right)
    y = _Scale(
        nice_ticks(min([*ys, *_limits(threshold)]), max([*ys, *_limits(threshold)])), bottom, top
    )
    parts = [*_y_grid(y, left, right), _y_title(y_label, 14, (top + bottom) / 2)]
    parts += [text(x(t), bottom + 16, fmt(t)) for t in x.ticks]
    if x_label:
        parts.append(text((left + right) / 2, height - 6, x_label))
    line = " ".join(f"{x(px):.1f},{y(py):.1f}" for px, py in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    for px, py in points:
        parts.append(
            f'<circle cx="{x(px):.1f}" cy="{y(py):.1f}" r="3" '
            f'fill="{_colour(passes(py, threshold))}">'
            f"<title>{esc(fmt(px))}, {esc(fmt(py))}</title></circle>"
        )
    parts += [_threshold_lines(threshold, y, left, right), _axis_lines(left, top, right, bottom)]
    return document(width, height, title, parts, "line-graph")


def matrix_chart(
    title: str,
    rows: Sequence[Sequence[float]],
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    x_title: str = "",
    y_title: str = "",
) -> str:
    """A heat map with the number in every cell; the shade only repeats what the number says."""
    cell_w, cell_h, left, top = 112, 40, 128, 44
    width, height = left + cell_w * len(x_labels) + 8, top + cell_h * len(rows) + 8
    peak = max((abs(v) for row in rows for v in row), default=0) or 1
    parts = [text(left + cell_w * len(x_labels) / 2, 14, x_title)] if x_title else []
    if y_title:
        parts.append(text(4, top - 8, y_title, anchor="start", extra=' font-style="italic"'))
    for c, name in enumerate(x_labels):
        parts.append(label(left + cell_w * (c + 0.5), top - 8, name, 16))
    for r, (row, name) in enumerate(zip(rows, y_labels, strict=True)):
        cy = top + cell_h * r
        parts.append(label(left - 8, cy + cell_h / 2 + 4, name, 16, anchor="end"))
        parts += [_cell(left + cell_w * c, cy, cell_w, cell_h, v, peak) for c, v in enumerate(row)]
    return document(width, height, title, parts, "matrix")


def _cell(x: float, y: float, w: float, h: float, value: float, peak: float) -> str:
    shade = 0.1 + 0.8 * abs(value) / peak
    # dark shades carry white numbers; light ones show the page behind, so currentColor reads
    colour = ' fill="#ffffff"' if shade > 0.5 else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{BLUE}" '
        f'fill-opacity="{shade:.2f}" stroke="currentColor" stroke-opacity="0.3"/>'
        + text(x + w / 2, y + h / 2 + 5, fmt(value), extra=f' font-size="14"{colour}')
    )


def threshold_chart(title: str, value: float, threshold: Threshold) -> str:
    """A bullet chart: the value as a bar, the accepted range shaded, each limit marked."""
    width, height, left, right, mid = 480, 92, 16, 464, 50
    limits = [value, *_limits(threshold)]
    unit = min(limits) >= 0 and max(limits) <= 1
    ticks = [0.0, 1.0] if unit else nice_ticks(min(0, *limits), max(limits) * 1.05)
    x = _Scale([ticks[0], ticks[-1]], left, right)
    verdict = passes(value, threshold)
    summary = f"{fmt(value)} — {'✓ passes' if verdict else '✗ fails'} ({_rule(threshold)})"
    low, high = threshold.get("min", ticks[0]), threshold.get("max", ticks[-1])
    parts = [
        text(left, 18, summary, anchor="start", extra=' font-weight="bold"'),
        f'<rect x="{left}" y="{mid - 12}" width="{right - left}" height="24" fill="{GREY}" '
        f'fill-opacity="0.15"/>',
        f'<rect x="{x(low):.1f}" y="{mid - 12}" width="{x(high) - x(low):.1f}" height="24" '
        f'fill="{GREEN}" fill-opacity="0.3"/>',
        f'<rect x="{left}" y="{mid - 5}" width="{x(value) - left:.1f}" height="10" '
        f'fill="{_colour(verdict)}"/>',
    ]
    for key, limit in sorted(threshold.items()):
        parts.append(
            f'<line x1="{x(limit):.1f}" y1="{mid - 16}" x2="{x(limit):.1f}" y2="{mid + 16}" '
            f'stroke="{RED}" stroke-width="2"/>'
        )
        parts.append(text(x(limit), mid + 30, f"{key} {fmt(limit)}", extra=f' fill="{RED}"'))
    for end, anchor in ((ticks[0], "start"), (ticks[-1], "end")):
        if all(abs(x(end) - x(limit)) > 40 for limit in threshold.values()):  # no overlap
            parts.append(text(x(end), mid + 30, fmt(end), anchor=anchor))
    return document(width, height, title, parts, "threshold")


def _colour(verdict: bool | None) -> str:
    """A value outside its threshold in the warning colour; the words and ✗ say it too."""
    return RED if verdict is False else BLUE


def _rule(threshold: Threshold) -> str:
    words = {"min": "at least", "max": "at most"}
    return ", ".join(f"{words[k]} {fmt(threshold[k])}" for k in ("min", "max") if k in threshold)

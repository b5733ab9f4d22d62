"""Server-side SVG for the site and the PDFs: metric charts and lineage (see each module)."""

from __future__ import annotations

from site_builder.svg.charts import (
    bar_chart,
    chart_maker,
    linear_graph,
    matrix_chart,
    metric_chart,
    passes,
    threshold_chart,
)
from site_builder.svg.lineage import Node, lineage_svg

__all__ = [
    "Node",
    "bar_chart",
    "chart_maker",
    "lineage_svg",
    "linear_graph",
    "matrix_chart",
    "metric_chart",
    "passes",
    "threshold_chart",
]

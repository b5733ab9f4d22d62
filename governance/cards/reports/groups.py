"""The card's own evaluation format, `{"metric_groups": [...]}`: what SageMaker's SDK writes
when it translates a report, and what AWS's examples ship. Taken as it is; a metric SageMaker
would refuse is left out by name, with the reason."""

from __future__ import annotations

from typing import Any

from governance.cards.reports.common import Imported, shown
from governance.cards.sagemaker import metric_errors


def metric_groups(report: dict[str, Any], out: Imported) -> None:
    groups = report.get("metric_groups")
    if not isinstance(groups, list):
        out.note("metric_groups: not a list; not imported")
        return
    for i, group in enumerate(groups):
        if (
            not isinstance(group, dict)
            or not isinstance(group.get("name"), str)
            or not group["name"]
        ):
            out.note(f"metric_groups[{i}]: not a group with a name; not imported")
            continue
        name = group["name"]
        for key in sorted(set(group) - {"name", "metric_data"}):
            out.note(
                f"group '{name}': {key} not imported (a card's group has name and metric_data)"
            )
        data = group.get("metric_data")
        if not isinstance(data, list):
            out.note(f"group '{name}': metric_data is not a list; not imported")
            continue
        metrics = []
        for metric in data:
            errors = metric_errors(metric)
            if errors:
                label = metric.get("name") if isinstance(metric, dict) else shown(metric)
                out.note(f"group '{name}': metric {label!r} not imported: {errors[0]}")
            else:
                metrics.append(dict(metric))
        out.add({"name": name, "metric_data": metrics})

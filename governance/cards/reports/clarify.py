"""Clarify's analysis.json: bias metrics per facet value, SHAP values per label (with the top
tokens of text features), and partial dependence plots. Group and metric names follow what
SageMaker's SDK writes for the same report (its translated_clarify_*.json), so the raw report
and AWS's translation of it land in the same groups."""

from __future__ import annotations

from typing import Any

from governance.cards.reports.common import (
    Imported,
    Metric,
    dicts,
    fit_axis,
    fit_notes,
    is_number,
    items,
    number,
    shown,
)

BIAS_SECTIONS = ("pre_training_bias_metrics", "post_training_bias_metrics")
NOT_COMPUTED = "not computed"


def bias(report: dict[str, Any], out: Imported) -> None:
    for section in BIAS_SECTIONS:
        body = report.get(section)
        if section not in report:
            continue
        if not isinstance(body, dict) or not isinstance(body.get("facets"), dict):
            out.note(f"{section}: no facets mapping; not imported")
            continue
        label = f"label {body.get('label', '?')} = {body.get('label_value_or_threshold', '?')}"
        for facet, entries in items(body["facets"]):
            if not isinstance(entries, list):
                out.note(f"{section}, facet {facet}: not a list of facet values; not imported")
                continue
            for entry in dicts(entries):
                where = f"facet {facet}={entry.get('value_or_threshold', '?')}"
                name = f"{section} - {label} and {where}"
                metrics = [m for raw in dicts(entry.get("metrics")) if (m := _bias(out, name, raw))]
                out.add({"name": name, "metric_data": metrics})


def _bias(out: Imported, group: str, raw: dict[str, Any]) -> Metric | None:
    """A bias metric; one Clarify could not compute (value null, an `error`) becomes a text
    metric saying so, its error in the notes: the card shows the gap instead of hiding it."""
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        out.note(f"{group}: a metric without a name ({shown(raw)}); not imported")
        return None
    description = str(raw.get("description", ""))
    value = raw.get("value")
    if is_number(value):
        return number(name, value, description)
    error = raw.get("error") or f"value is {shown(value)}"
    notes = fit_notes(out, f"{group}, {name}", f"{description}. Clarify: {error}".lstrip(". "))
    out.note(f"{group}: {name} was not computed by Clarify ({error}); imported as a note")
    return {"name": name, "type": "string", "value": NOT_COMPUTED, "notes": notes}


def explainability(report: dict[str, Any], out: Imported) -> None:
    explanations = report.get("explanations")
    if not isinstance(explanations, dict):
        out.note("explanations: not a mapping; not imported")
        return
    for method, body in items(explanations):
        if method == "kernel_shap":
            _kernel_shap(body, out)
        elif method == "pdp":
            _pdp(body, out)
        else:
            out.note(f"explanations.{method}: an explanation method this import does not know")


def _kernel_shap(body: Any, out: Imported) -> None:
    for label, values in items(body):
        if not isinstance(values, dict):
            out.note(f"kernel_shap.{label}: not a mapping; not imported")
            continue
        for key, value in items(values):
            if key == "global_shap_values":
                _shap_values(out, label, value, values.get("expected_value"))
            elif key == "global_top_shap_text":
                _shap_text(out, label, value)
            elif key != "expected_value":
                out.note(f"kernel_shap.{label}.{key}: not a SHAP result this import knows")
        if "global_shap_values" not in values and "expected_value" in values:
            out.add({"name": _shap_group(label), "metric_data": [_expected(values)]})


def _shap_group(label: str) -> str:
    return f"explanations - global_shap_values, label={label}"


def _expected(values: dict[str, Any]) -> Metric:
    return number(
        "expected_value",
        values["expected_value"],
        "SHAP baseline: the mean model output the feature attributions add to",
    )


def _shap_values(out: Imported, label: str, value: Any, expected: Any) -> None:
    group = _shap_group(label)
    metrics = _numbers(out, group, value)
    if expected is not None:
        if is_number(expected):
            metrics.append(_expected({"expected_value": expected}))
        else:
            out.note(f"{group}: expected_value {shown(expected)} is not a number; not imported")
    out.add({"name": group, "metric_data": metrics})


def _shap_text(out: Imported, label: str, value: Any) -> None:
    """The top tokens of each text feature: a table per feature, token -> mean |SHAP|."""
    for feature, tokens in items(value):
        group = f"explanations - global_top_shap_text, label={label}, feature={feature}"
        out.add({"name": group, "metric_data": _numbers(out, group, tokens)})


def _numbers(out: Imported, group: str, value: Any) -> list[Metric]:
    if not isinstance(value, dict):
        out.note(f"{group}: not a mapping of names to numbers; not imported")
        return []
    metrics = []
    for name, number_ in items(value):
        if is_number(number_):
            metrics.append(number(name, number_))
        else:
            out.note(f"{group}: {name} = {shown(number_)} is not a number; not imported")
    return metrics


def _pdp(body: Any, out: Imported) -> None:
    """Each feature's data distribution and each label's predictions over its values: line
    graphs for numerical features, bar charts for categorical ones (as the SDK does)."""
    group = "explanations - pdp"
    metrics: list[Metric] = []
    for entry in dicts(body):
        metrics += _pdp_feature(out, group, entry)
    out.add({"name": group, "metric_data": metrics})


def _pdp_feature(out: Imported, group: str, entry: dict[str, Any]) -> list[Metric]:
    feature = str(entry.get("feature_name", "?"))
    values = entry.get("feature_values")
    if not isinstance(values, list) or not values:
        out.note(f"{group}: feature {feature} has no feature_values; not imported")
        return []
    numerical = entry.get("data_type") != "categorical"
    if numerical and not all(is_number(v) for v in values):
        out.note(
            f"{group}: feature {feature} is numerical but has non-numeric values; "
            "charted as categories"
        )
        numerical = False
    series = [
        (
            "data_distribution",
            f"feature={feature}",
            "Data distribution",
            entry.get("data_distribution"),
        )
    ]
    labels = entry.get("label_headers") or []
    predictions = entry.get("model_predictions") or []
    for i, curve in enumerate(predictions if isinstance(predictions, list) else []):
        label = str(labels[i]) if i < len(labels) else f"label{i}"
        series.append(("model_predictions", f"feature={feature}, label={label}", label, curve))
    ticks = fit_axis(out, f"{group}, {feature}", [str(v) for v in values])
    metrics = []
    for kind, where, y_name, ys in series:
        name = f"{kind} - {where}"
        if not isinstance(ys, list) or len(ys) != len(values) or not all(is_number(y) for y in ys):
            out.note(f"{group}: {name} does not give one number per feature value; not imported")
            continue
        x_name = fit_axis(out, f"{group}, {name}", [feature])[0]
        y_axis = fit_axis(out, f"{group}, {name}", [y_name])[0]
        if numerical:
            points = [[x, y] for x, y in zip(values, ys, strict=True)]
            metrics.append(
                {
                    "name": name,
                    "type": "linear_graph",
                    "value": points,
                    "x_axis_name": x_name,
                    "y_axis_name": y_axis,
                }
            )
        else:
            metrics.append(
                {
                    "name": name,
                    "type": "bar_chart",
                    "value": list(ys),
                    "x_axis_name": ticks,
                    "y_axis_name": y_axis,
                }
            )
    return metrics

"""Evaluation import from Clarify and Model Monitor reports: right groups, odd reports tolerated."""

from __future__ import annotations

from typing import Any

import pytest

from governance.cards.reports import metric_groups

BIAS = {
    "post_training_bias_metrics": {
        "label": "approved",
        "label_value_or_threshold": "1",
        "facets": {
            "sex": [
                {
                    "value_or_threshold": "female",
                    "metrics": [
                        {"name": "DI", "description": "Disparate Impact", "value": 0.93},
                        {"name": "DPPL", "value": None},
                    ],
                }
            ]
        },
    }
}
MONITOR = {
    "binary_classification_metrics": {
        "auc": {"value": 0.91, "standard_deviation": 0.004},
        "confusion_matrix": {"0": {"0": 50, "1": 5}, "1": {"0": 4, "1": 41}},
    }
}
SHAP = {
    "explanations": {"kernel_shap": {"label0": {"global_shap_values": {"age": 0.2, "x": None}}}}
}


def test_clarify_bias_gives_one_group_per_facet_value_without_nulls() -> None:
    assert metric_groups(BIAS) == [
        {
            "name": "post_training_bias_metrics - approved = 1, sex=female",
            "metric_data": [{"name": "DI", "type": "number", "value": 0.93}],
        }
    ]


def test_model_monitor_statistics_give_numbers_and_a_matrix() -> None:
    (group,) = metric_groups(MONITOR)
    assert [(m["name"], m["type"]) for m in group["metric_data"]] == [
        ("auc", "number"),
        ("auc - standard_deviation", "number"),
        ("confusion_matrix", "matrix"),
    ]
    assert group["metric_data"][2]["value"] == [[50, 5], [4, 41]]


def test_clarify_explainability_gives_shap_values() -> None:
    assert metric_groups(SHAP) == [
        {
            "name": "shap, label=label0",
            "metric_data": [{"name": "age", "type": "number", "value": 0.2}],
        }
    ]


@pytest.mark.parametrize(
    "odd",
    [
        None,
        [],
        {},
        {"explanations": {}},
        {"explanations": {"kernel_shap": {"l": {"global_shap_values": []}}}},
        {"post_training_bias_metrics": {"facets": {"sex": "oops"}}},
        {"binary_classification_metrics": {"confusion_matrix": {"0": {"0": "x"}}, "auc": 3}},
    ],
)
def test_empty_or_odd_reports_give_no_groups_and_no_exception(odd: Any) -> None:
    assert metric_groups(odd) == []

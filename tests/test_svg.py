"""Inline SVG charts and lineage: valid, accessible, deterministic, inert, self-contained."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from site_builder.svg import (
    Node,
    bar_chart,
    lineage_svg,
    linear_graph,
    matrix_chart,
    metric_chart,
    passes,
    threshold_chart,
)

NS = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert(1)</script>" onload="alert(2)'

METRICS = {
    "bar": {
        "name": "f1 by queue",
        "type": "bar_chart",
        "value": [0.97, 0.95, 0.6],
        "x_axis_name": ["claims", "invoices", "other"],
        "y_axis_name": "f1",
    },
    "line": {
        "name": "roc",
        "type": "linear_graph",
        "value": [[0.0, 0.0], [0.1, 0.52], [1.0, 1.0]],
        "x_axis_name": "false positive rate",
        "y_axis_name": "true positive rate",
    },
    "matrix": {
        "name": "confusion",
        "type": "matrix",
        "value": [[8120, 640], [410, 830]],
        "x_axis_name": ["predicted good", "predicted bad"],
        "y_axis_name": ["actual good", "actual bad"],
    },
    "number": {"name": "auc", "type": "number", "value": 0.71, "threshold": {"min": 0.75}},
}


def _root(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def _assert_standalone(svg: str) -> None:
    assert "\n" not in svg  # one line: Markdown ends a raw HTML block at a blank line
    assert not re.search(r"href|url\(|<image|<script|<foreignObject|<style|\sid=", svg)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize("kind", sorted(METRICS))
def test_metric_charts_are_valid_accessible_and_self_contained(kind: str) -> None:
    svg = metric_chart(METRICS[kind])
    assert svg is not None
    root = _root(svg)
    assert root.get("role") == "img" and root.get("aria-label", "").startswith(
        METRICS[kind]["name"]
    )
    assert root.find(f"{NS}title") is not None
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))
    assert root.get("fill") == "currentColor"  # text follows the theme
    _assert_standalone(svg)
    assert metric_chart(METRICS[kind]) == svg  # deterministic


def test_metric_chart_reads_a_card_metric_object() -> None:
    class Metric:
        raw = METRICS["bar"]

    assert metric_chart(Metric()) == metric_chart(METRICS["bar"])


@pytest.mark.parametrize(
    "metric",
    [
        {"name": "n", "type": "number", "value": 0.9},  # no threshold: a table row is enough
        {"name": "s", "type": "string", "value": "good"},
        {"name": "b", "type": "bar_chart", "value": "not a list"},
        {"name": "b", "type": "bar_chart", "value": [1, "x"]},
        {"name": "b", "type": "bar_chart", "value": [True, False]},
        {"name": "l", "type": "linear_graph", "value": [[0, 1], [2]]},
        {"name": "m", "type": "matrix", "value": [[1, 2], [3]]},  # ragged: CRD007 says so
        {"name": "m", "type": "matrix", "value": []},
        "not a mapping",
    ],
)
def test_wrong_shapes_give_no_chart(metric: object) -> None:
    assert metric_chart(metric) is None


def test_confusion_matrix_prints_every_number() -> None:
    svg = metric_chart(METRICS["matrix"])
    assert svg is not None
    texts = [t.text for t in _root(svg).iter(f"{NS}text")]
    for number in ("8,120", "640", "410", "830"):
        assert number in texts
    assert "predicted good" in texts and "actual bad" in texts


def test_threshold_chart_says_pass_or_fail_in_words() -> None:
    failing = metric_chart(METRICS["number"])
    assert failing is not None and "✗ fails (at least 0.75)" in failing and "min 0.75" in failing
    ok = threshold_chart("di", 0.93, {"min": 0.8, "max": 1.25})
    assert "✓ passes (at least 0.8, at most 1.25)" in ok
    assert "max 1.25" in ok and "min 0.8" in ok


def test_bar_outside_its_threshold_is_marked_not_only_coloured() -> None:
    svg = bar_chart("f1", [0.9, 0.5], ["a", "b"], "f1", {"min": 0.8})
    texts = [t.text for t in _root(svg).iter(f"{NS}text")]
    assert "✗ 0.5" in texts and "0.9" in texts and "min 0.8" in texts


def test_passes() -> None:
    assert passes(0.8, {"min": 0.8}) is True
    assert passes(1.3, {"min": 0.8, "max": 1.25}) is False
    assert passes(0.5, None) is None
    assert passes("x", {"min": 1}) is None


def test_user_text_is_escaped_everywhere() -> None:
    svgs = [
        bar_chart(EVIL, [1, 2], [EVIL, "b"], EVIL),
        linear_graph(EVIL, [[0, 1], [1, 2]], EVIL, EVIL),
        matrix_chart(EVIL, [[1]], [EVIL], [EVIL], EVIL, EVIL),
        threshold_chart(EVIL, 1, {"min": 0}),
        lineage_svg([EVIL], [Node(EVIL, EVIL, EVIL)], [EVIL], [Node("e", "InService")], EVIL),
    ]
    for svg in svgs:
        root = _root(svg)  # well-formed: nothing broke out of a text node or an attribute
        assert "<script" not in svg and 'onload="' not in svg
        assert all(not k.startswith("on") for el in root.iter() for k in el.attrib)
        _assert_standalone(svg)


def test_control_characters_do_not_break_the_xml() -> None:
    _root(bar_chart("a\x00b\x1bc", [1], ["\x0bx"]))


def test_long_labels_are_shortened_with_the_full_text_in_a_title() -> None:
    long = "a-very-long-queue-name-that-does-not-fit"
    svg = bar_chart("f1", [1, 2, 3], [long, "b", "c"])
    assert f"<title>{long}</title>" in svg and "…" in svg


def test_lineage_lays_out_the_chain_left_to_right_with_endpoint_status() -> None:
    dataset = "s3://demo-ml-artifacts/datasets/fraud/2026-10/train.parquet"
    svg = lineage_svg(
        [dataset],
        ["fraud-detection-train-2026-11-03"],
        ["fraud-detection-v2"],
        [Node("fraud-staging", "InService", "1 x ml.m5.large"), Node("fraud-prod", "Failed")],
    )
    root = _root(svg)
    _assert_standalone(svg)
    headers = [t.text for t in root.iter(f"{NS}text")][:4]
    assert headers == ["Datasets", "Training job", "Model", "Endpoints"]
    xs = [float(t.get("x", 0)) for t in root.iter(f"{NS}text")][:4]
    assert xs == sorted(xs)  # left to right
    assert f"<title>{dataset}</title>" in svg  # full name kept; the box shows a short one
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "s3://demo-ml-artifacts/" in texts and "datasets/fra…rain.parquet" in texts
    assert "✓ InService" in texts and "1 x ml.m5.large" in texts and "✗ Failed" in texts
    label = root.get("aria-label", "")
    assert "endpoints fraud-staging (InService), fraud-prod (Failed)" in label
    assert svg.count("<path") == 2 * (1 + 1 + 2)  # an edge and its arrowhead per link


def test_lineage_marks_missing_columns() -> None:
    svg = lineage_svg([], [], ["m"], [])
    assert svg.count("not recorded") == 3 * 3  # boxes, the <title> and the accessible name
    _root(svg)


def test_lineage_with_nothing_known_still_draws() -> None:
    svg = lineage_svg([], [], [], [])
    assert svg.count("<rect") == 4  # a dashed placeholder per column
    _root(svg)

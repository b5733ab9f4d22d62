"""Test data for the site tests, no tests: a snapshot like the demo fleet's (governance/
demo/fleet.py), written by hand so the site tests need no moto. It has every monitor
state, a failed endpoint, an alarm firing, an undocumented endpoint, alert history, lineage."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ACCOUNT, REGION = "111122223333", "eu-west-1"


def _endpoint(
    name: str, model: str, count: int, status: str = "InService", reason: str = ""
) -> dict[str, Any]:
    return {
        "name": name,
        "status": status,
        "failure_reason": reason,
        "variants": [
            {
                "name": "AllTraffic",
                "model": model,
                "instance_type": "ml.m5.large",
                "instance_count": count,
            }
        ],
        "data_capture": True,
    }


def _schedule(endpoint: str, kind: str, state: str) -> dict[str, Any]:
    last = {"status": "Completed", "time": "2026-11-28T05:00:00Z", "failure_reason": ""}
    alerts = [
        {
            "name": f"{endpoint}-{kind}-alert",
            "status": "OK",
            "datapoints_to_alert": 1,
            "evaluation_period": 1,
            "since": None,
        }
    ]
    history: list[dict[str, Any]] = []
    status = "Scheduled"
    if state == "InAlert":
        alerts[0] |= {"status": "InAlert", "since": "2026-11-27T09:00:00Z"}
        last["status"] = "CompletedWithViolations"
        history = [
            {"alert": alerts[0]["name"], "status": "InAlert", "time": "2026-11-27T09:00:00Z"},
            {"alert": alerts[0]["name"], "status": "OK", "time": "2026-11-20T09:00:00Z"},
        ]
    elif state == "Failed":
        last |= {"status": "Failed", "failure_reason": "Endpoint is not InService"}
    elif state == "Stopped":
        status = "Stopped"
    return {
        "name": f"{endpoint}-{kind.lower()}",
        "endpoint": endpoint,
        "type": kind,
        "status": status,
        "failure_reason": "",
        "last_execution": last,
        "alerts": alerts,
        "alert_history": history,
    }


def _alarm(endpoint: str, state: str) -> dict[str, Any]:
    return {
        "name": f"{endpoint}-model-latency",
        "state": state,
        "reason": "Threshold Crossed" if state == "ALARM" else "Threshold not crossed",
        "namespace": "AWS/SageMaker",
        "metric": "ModelLatency",
        "endpoint": endpoint,
        "updated": "2026-11-27T14:00:00Z" if state == "ALARM" else "2026-11-20T09:00:00Z",
    }


DEMO: dict[str, Any] = {
    "version": 1,
    "taken_at": "2026-11-28T06:00:00Z",
    "account": ACCOUNT,
    "region": REGION,
    "source": "demo",
    "plan": "search",
    "models": [
        {"name": m, "created": "2026-10-02T09:00:00Z"}
        for m in (
            "churn-prediction-v3",
            "credit-risk-v7",
            "document-classifier-v4",
            "fraud-detection-v2",
            "legacy-upsell-v1",
            "product-recommender-v5",
        )
    ],
    "endpoints": [
        _endpoint("churn-prediction-prod", "churn-prediction-v3", 2),
        _endpoint("credit-risk-prod", "credit-risk-v7", 2),
        _endpoint(
            "document-classifier-prod",
            "document-classifier-v4",
            2,
            "Failed",
            "ping health check failed",
        ),
        _endpoint("fraud-detection-staging", "fraud-detection-v2", 1),
        _endpoint("legacy-upsell-prod", "legacy-upsell-v1", 2),
        _endpoint("product-recommender-prod", "product-recommender-v5", 2),
    ],
    "monitoring_schedules": [
        _schedule("churn-prediction-prod", "DataQuality", "OK"),
        _schedule("churn-prediction-prod", "ModelQuality", "OK"),
        _schedule("credit-risk-prod", "DataQuality", "InAlert"),
        _schedule("credit-risk-prod", "ModelBias", "OK"),
        _schedule("credit-risk-prod", "ModelExplainability", "OK"),
        _schedule("document-classifier-prod", "DataQuality", "Failed"),
        _schedule("product-recommender-prod", "DataQuality", "OK"),
        _schedule("product-recommender-prod", "ModelQuality", "Stopped"),
    ],
    "alarms": [
        _alarm("churn-prediction-prod", "OK"),
        _alarm("credit-risk-prod", "ALARM"),
        _alarm("fraud-detection-staging", "OK"),
    ],
    "transform_jobs": [],
    "model_cards": [],
    "lineage": [
        {"training_job": "credit-risk-train-2026-09-14", "model": "credit-risk-v7"},
        {"training_job": "churn-prediction-train-2026-10-02", "model": "churn-prediction-v3"},
    ],
    "api_calls": {"sagemaker.search": 4},
    "errors": [],
}


def demo(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(DEMO) | changes


def write(path: Path, data: dict[str, Any] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data or DEMO, indent=2, sort_keys=True) + "\n")
    return path

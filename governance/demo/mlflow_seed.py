"""Seeds an MLflow tracking server the way a team's training code would, with MLflow's own
client: runs with parameters, metrics and dataset inputs (mlflow.log_input), scikit-learn
models logged with a signature and registered, mlflow.evaluate on a holdout set, aliases,
descriptions and tags. Deterministic data and models, so the demo's numbers never change.

Run by the server's Python (full MLflow and scikit-learn), never imported by mlgov:
    python mlflow_seed.py URI [demo|tests]
The last line printed is JSON: the run ids by run name, and each version's logged model id.
"""
# mypy: ignore-errors

from __future__ import annotations

import json
import sys
import warnings


def main(uri: str, scenario: str) -> None:
    warnings.filterwarnings("ignore")
    import mlflow
    from mlflow import MlflowClient

    mlflow.set_tracking_uri(uri)
    client = MlflowClient(uri, registry_uri=uri)
    made: dict[str, dict[str, str]] = {"runs": {}, "models": {}}
    if scenario == "demo":
        _demo(mlflow, client, made)
    else:
        _tests(mlflow, client, made)
    print(json.dumps(made, sort_keys=True))


def _data(seed: int, rows: int = 240):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "tenure_months": rng.integers(1, 72, rows).astype("int64"),
            "monthly_spend": np.round(rng.random(rows) * 120, 2),
            "support_tickets": rng.integers(0, 9, rows).astype("int64"),
        }
    )
    score = frame["monthly_spend"] / 120 - frame["support_tickets"] / 12 + rng.normal(0, 0.15, rows)
    frame["label"] = (score > 0.2).astype("int64")
    return frame


def _version(mlflow, client, made, model, run_name, params, seed, evaluate=True):
    """One run: its training data as an input, a model fit and registered, and (optionally)
    mlflow.evaluate on a holdout set. Returns the new version's number."""
    from sklearn.linear_model import LogisticRegression

    frame = _data(seed)
    train, holdout = frame.iloc[:180], frame.iloc[180:]
    features = train.drop(columns=["label"])
    source = f"s3://demo-ml-data/{model}"
    train_set = mlflow.data.from_pandas(
        train, source=f"{source}/train.parquet", name=f"{model}-train", targets="label"
    )
    holdout_set = mlflow.data.from_pandas(
        holdout, source=f"{source}/holdout.parquet", name=f"{model}-holdout", targets="label"
    )
    with mlflow.start_run(run_name=run_name) as run:
        mlflow.log_params(params)
        mlflow.log_input(train_set, context="training")
        fitted = LogisticRegression(**params).fit(features, train["label"])
        mlflow.log_metric("train_accuracy", round(float(fitted.score(features, train["label"])), 6))
        mlflow.set_tag("team", "growth")
        info = mlflow.sklearn.log_model(
            fitted,
            name="model",
            input_example=features.iloc[:3],
            registered_model_name=model,
            pip_requirements=["scikit-learn"],  # inferring them loads the model in a subprocess
        )
        if evaluate:
            mlflow.models.evaluate(
                info.model_uri,
                holdout_set,
                model_type="classifier",
                evaluators=["default"],
                evaluator_config={"default": {"log_model_explainability": False}},
            )
    made["runs"][run_name] = run.info.run_id
    version = max(int(v.version) for v in client.search_model_versions(f"name='{model}'"))
    made["models"][f"{model}/{version}"] = info.model_id
    return version


def _demo(mlflow, client, made) -> None:
    mlflow.set_experiment("upsell-propensity")
    model = "upsell-propensity"
    one = _version(
        mlflow, client, made, model, "upsell-train-2026-10", {"C": 1.0, "max_iter": 200}, 1
    )
    two = _version(
        mlflow, client, made, model, "upsell-train-2026-11", {"C": 0.5, "max_iter": 300}, 2
    )
    client.update_registered_model(model, description="Propensity to take an upsell offer.")
    client.set_registered_model_tag(model, "team", "growth")
    client.update_model_version(
        model, one, description="Logistic regression on tenure, spend and support tickets."
    )
    client.update_model_version(
        model, two, description="Retrained on November data, stronger regularisation."
    )
    client.set_model_version_tag(model, two, "validation", "passed")
    client.set_registered_model_alias(model, "champion", two)


def _tests(mlflow, client, made) -> None:
    mlflow.set_experiment("churn")
    churn = "churn-classifier"
    one = _version(mlflow, client, made, churn, "churn-train-1", {"C": 1.0, "max_iter": 200}, 1)
    two = _version(mlflow, client, made, churn, "churn-train-2", {"C": 0.5, "max_iter": 300}, 2)
    client.update_model_version(churn, one, description="Logistic regression, first cut.")
    client.set_model_version_tag(churn, two, "validation", "passed")
    client.set_registered_model_tag(churn, "team", "retention")
    client.set_registered_model_alias(churn, "champion", two)
    client.set_registered_model_alias(churn, "challenger", one)
    mlflow.set_experiment("fraud")
    fraud = "fraud-scorer"
    _version(
        mlflow, client, made, fraud, "fraud-train-1", {"C": 2.0, "max_iter": 100}, 3, evaluate=False
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client.transition_model_version_stage(fraud, 1, "Production")
    mlflow.set_experiment("orphans")
    _version(
        mlflow,
        client,
        made,
        "orphan-model",
        "orphan-train-1",
        {"C": 1.0, "max_iter": 50},
        4,
        evaluate=False,
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "demo")

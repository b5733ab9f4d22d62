"""MLflow as a source, against a real tracking server (tests/mlflow_server.py), through the CLI
as people run it (`python -m mlgov` in a temporary git repository): cards filled from a model
version, registry snapshots, the MON rules over both, the site, the PDF and the exports.
No part of MLflow is mocked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from governance.demo.mlflow_server import free_port
from governance.source import load_yaml_bytes
from tests.conftest import CONFIG
from tests.mlflow_server import Seeded

CHURN = "churn-classifier"
HOLDOUT = f"s3://demo-ml-data/{CHURN}/holdout.parquet"
TRAIN = f"s3://demo-ml-data/{CHURN}/train.parquet"


def mlgov(root: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env["SOURCE_DATE_EPOCH"] = "1796169600"  # 2026-12-02
    return subprocess.run(
        [sys.executable, "-m", "mlgov", "-C", str(root), *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pyproject.toml").write_text(CONFIG + '\n[tool.mlgov.lint]\ntoday = "2026-12-01"\n')
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def card_data(root: Path, card: str = "churn") -> dict[str, Any]:
    doc = load_yaml_bytes((root / "cards" / f"{card}.yaml").read_bytes(), "card")
    assert not doc.findings
    assert isinstance(doc.data, dict)
    return doc.data


def imported(root: Path, server: Seeded, *argv: str, card: str = "churn") -> str:
    done = mlgov(
        root,
        "cards", "import", "--mlflow-model", CHURN, *argv,
        "--tracking-uri", server.uri, "--card", card,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_version_fills_the_card(mlflow_server: Seeded, repo: Path) -> None:
    diff = imported(repo, mlflow_server, "--version", "1")
    assert diff.startswith("--- /dev/null\n+++ b/cards/churn.yaml\n")
    card = card_data(repo)
    overview = card["model_overview"]
    assert (overview["model_name"], overview["model_version"]) == (CHURN, 1)
    assert overview["model_id"] == f"models:/{CHURN}/1"
    assert overview["model_description"] == "Logistic regression, first cut."
    assert overview["model_artifact"][0].endswith("/artifacts")
    record = card["mlflow"]
    assert record["run_id"] == mlflow_server.runs["churn-train-1"]
    assert record["model_id"] == mlflow_server.models[f"{CHURN}/1"]
    assert (record["run_name"], record["registered_model"], record["version"]) == (
        "churn-train-1",
        CHURN,
        1,
    )
    assert "sklearn" in record["flavors"]
    inputs = [(c["name"], c["type"]) for c in record["signature"]["inputs"]]
    assert inputs == [
        ("tenure_months", "long"),
        ("monthly_spend", "double"),
        ("support_tickets", "long"),
    ]
    assert record["signature"]["outputs"] == [{"type": "long"}]
    datasets = {d["name"]: d for d in record["datasets"]}
    assert datasets[f"{CHURN}-train"]["context"] == "training"
    assert datasets[f"{CHURN}-train"]["source"] == TRAIN
    assert len(datasets[f"{CHURN}-holdout"]["digest"]) >= 8
    assert record["tags"] == {"team": "growth"}  # the run's; mlflow.* system tags left out
    job = card["training_details"]["training_job_details"]
    assert job["hyper_parameters"] == [
        {"name": "C", "value": "1.0"},
        {"name": "max_iter", "value": "200"},
    ]
    assert [m["name"] for m in job["training_metrics"]] == ["train_accuracy"]
    assert job["training_datasets"] == [TRAIN]
    [evaluation] = card["evaluation_details"]
    assert evaluation["name"] == f"{CHURN}-holdout"
    assert evaluation["datasets"] == [HOLDOUT]
    metrics = {m["name"]: m["value"] for m in evaluation["metric_groups"][0]["metric_data"]}
    assert {"accuracy_score", "roc_auc", "f1_score"} <= set(metrics)
    assert metrics["example_count"] == 60
    assert 0 <= metrics["roc_auc"] <= 1
    assert {d["name"]: d.get("used_for") for d in card["datasets"]} == {
        f"{CHURN}-train": ["training"],
        f"{CHURN}-holdout": ["evaluation"],
    }
    assert "tenure_months (long)" in card["input_format"]
    assert mlgov(repo, "lint").returncode == 0


def test_a_reimport_changes_only_what_mlflow_fills(mlflow_server: Seeded, repo: Path) -> None:
    imported(repo, mlflow_server, "--alias", "champion")
    path = repo / "cards" / "churn.yaml"
    assert card_data(repo)["mlflow"]["version"] == 2
    assert card_data(repo)["mlflow"]["alias"] == "champion"
    text = path.read_text()
    text = text.replace("schema_version: 1\n", "schema_version: 1\n# reviewed by the risk team\n")
    text = text.replace(
        "model_overview:\n",
        "model_overview:\n  model_owner: Ana  # people's field\n  model_description: By Ana.\n",
    )
    text = text.replace(
        "status: Draft", "status: PendingReview\nowner: Ana\ncontacts: [{name: Ana}, {name: Bo}]"
    )
    path.write_text(text)
    approve = mlgov(
        repo, "cards", "approve", "churn", "--by", "Bo", "--role", "Risk", "--date", "2026-11-30"
    )
    assert approve.returncode == 0, approve.stderr
    before = path.read_text()
    done = mlgov(
        repo,
        "cards", "import", "--mlflow-model", CHURN, "--version", "1",
        "--tracking-uri", mlflow_server.uri, "--card", "churn",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    after = path.read_text()
    assert (
        "# reviewed by the risk team\n" in after and "model_owner: Ana  # people's field" in after
    )
    assert "-  version: 2\n+  version: 1\n" in done.stdout  # the diff is printed
    assert "churn is Approved, and this import changes what was approved" in done.stderr
    assert "kept as written: model_overview.model_description" in done.stderr
    card = card_data(repo)
    assert card["mlflow"]["version"] == 1 and card["mlflow"]["alias"] == "champion"
    assert card["model_overview"]["model_description"] == "By Ana."
    assert card["approvals"] == load_yaml_bytes(before.encode(), "b").data["approvals"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("--mlflow-model", "no-such", "--version", "1"), "has no version 1 of model 'no-such'"),
        (("--mlflow-model", CHURN, "--version", "9"), f"has no version 9 of model '{CHURN}'"),
        (("--mlflow-model", CHURN, "--alias", "nope"), f"has no alias 'nope' of model '{CHURN}'"),
    ],
)
def test_what_the_registry_lacks_leaves_the_card_as_it_was(
    mlflow_server: Seeded, repo: Path, argv: tuple[str, ...], said: str
) -> None:
    imported(repo, mlflow_server, "--version", "2")
    path = repo / "cards" / "churn.yaml"
    before = path.read_bytes()
    done = mlgov(
        repo, "cards", "import", *argv, "--tracking-uri", mlflow_server.uri, "--card", "churn"
    )
    assert done.returncode == 2
    assert said in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert path.read_bytes() == before


def test_a_server_that_is_down_is_one_line_and_quick(repo: Path) -> None:
    (repo / "cards").mkdir()
    (repo / "cards" / "churn.yaml").write_text("schema_version: 1\nid: churn\nstatus: Draft\n")
    before = (repo / "cards" / "churn.yaml").read_bytes()
    down = f"http://user:secret@127.0.0.1:{free_port()}"
    started = time.monotonic()
    done = mlgov(repo, "cards", "import", "--mlflow-model", CHURN, "--alias", "champion",
                 "--tracking-uri", down, "--card", "churn")  # fmt: skip
    assert time.monotonic() - started < 30  # bounded retries, not MLflow's default minutes
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert "ConnectionError: the tracking server did not answer" in line
    assert "secret" not in line
    assert (repo / "cards" / "churn.yaml").read_bytes() == before
    snap = mlgov(repo, "snapshot", "--mlflow", "--tracking-uri", down)
    assert snap.returncode == 1, snap.stderr
    [written] = (repo / "snapshots").glob("mlflow-*.json")
    data = json.loads(written.read_text())
    assert [e["section"] for e in data["errors"]] == ["registered_models"]
    assert "secret" not in written.read_text()
    lint = json.loads(mlgov(repo, "lint", "--format", "json").stdout)
    assert [f["rule"] for f in lint if f["rule"].startswith("MON")] == ["MON009"]


def test_the_registry_snapshot_and_the_rules(mlflow_server: Seeded, repo: Path) -> None:
    done = mlgov(repo, "snapshot", "--mlflow", "--tracking-uri", mlflow_server.uri)
    assert done.returncode == 0, done.stderr
    port = mlflow_server.uri.rsplit(":", 1)[1]
    path = repo / "snapshots" / f"mlflow-127.0.0.1-{port}.json"
    data = json.loads(path.read_text())
    assert data["registry"] == "mlflow" and data["errors"] == []
    models = {m["name"]: m for m in data["registered_models"]}
    assert set(models) == {CHURN, "fraud-scorer", "orphan-model"}
    assert models[CHURN]["aliases"] == {"challenger": 1, "champion": 2}
    assert models[CHURN]["tags"] == {"team": "retention"}
    churn = {v["version"]: v for v in models[CHURN]["versions"]}
    assert churn[2]["run_id"] == mlflow_server.runs["churn-train-2"]
    assert churn[2]["run"] == {
        "experiment_id": churn[2]["run"]["experiment_id"],
        "name": "churn-train-2",
        "status": "FINISHED",
    }
    assert churn[2]["tags"] == {"validation": "passed"}
    [fraud] = models["fraud-scorer"]["versions"]
    assert fraud["stage"] == "Production" and fraud["run"]["name"] == "fraud-train-1"
    [orphan] = models["orphan-model"]["versions"]
    assert orphan["run"] is None  # neither aliased nor staged: its run is not read
    assert data["api_calls"]["mlflow.search_registered_models"] == 1
    # a card at version 1 while champion serves 2: MON010; the other two models: MON011
    imported(repo, mlflow_server, "--version", "1")
    rules = _rules(repo)
    assert rules.count("MON010") == 1 and rules.count("MON011") == 2 and "MON012" not in rules
    # the served version imported, not yet approved: MON012 instead
    imported(repo, mlflow_server, "--alias", "champion")
    assert [r for r in _rules(repo) if r in ("MON010", "MON012")] == ["MON012"]
    assert mlgov(repo, "lint").returncode == 0  # warnings: a snapshot never blocks


def _rules(root: Path) -> list[str]:
    done = mlgov(root, "lint", "--format", "json")
    return sorted(f["rule"] for f in json.loads(done.stdout))


def test_the_card_on_its_page_in_its_pdf_and_exported(mlflow_server: Seeded, repo: Path) -> None:
    imported(repo, mlflow_server, "--version", "1")
    assert mlgov(repo, "snapshot", "--mlflow", "--tracking-uri", mlflow_server.uri).returncode == 0
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
        check=True,
    )
    build = mlgov(repo, "build", timeout=300)
    assert build.returncode == 0, build.stderr
    page = (repo / "site" / "models" / "churn.html").read_text()
    for text in (
        "max_iter",
        "train_accuracy",
        "roc_auc",
        f"{CHURN}-holdout",
        "tenure_months",
        "monthly_spend",
        "churn-train-1",
        HOLDOUT,
        "MLflow run",
        "Model version",
    ):
        assert text in page, text
    assert "champion → version 2" in page and "not the version this card documents" in page
    home = (repo / "site" / "index.html").read_text()
    assert "Registry" in home and "champion → v2" in home and "card: v1" in home
    if shutil.which("pdftotext"):
        pdf = subprocess.run(
            ["pdftotext", str(repo / "site" / "pdf" / "churn.pdf"), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        for text in ("MLflow registry", "tenure_months", "max_iter", "roc_auc", f"{CHURN}-train"):
            assert text in pdf, text
    sagemaker = mlgov(repo, "cards", "export", "churn", "--format", "sagemaker")
    assert sagemaker.returncode == 0, sagemaker.stderr
    content = json.loads(sagemaker.stdout)
    hyper = content["training_details"]["training_job_details"]["hyper_parameters"]
    assert {"name": "C", "value": "1.0"} in hyper
    assert content["model_overview"]["model_name"] == CHURN
    assert any(
        k.startswith("mlgov.mlflow") for k in content["additional_information"]["custom_details"]
    )
    hub = mlgov(repo, "cards", "export", "churn", "--format", "huggingface")
    assert hub.returncode == 0, hub.stderr
    from huggingface_hub import ModelCard

    parsed = ModelCard(hub.stdout)
    assert "roc_auc" in parsed.content and CHURN in parsed.content

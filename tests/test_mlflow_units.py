"""MLflow as a source, without a real server: wrong answers from a stand-in HTTP server on
127.0.0.1 (read by MLflow's real client), the tracking URI never written with its
credentials, the conversion of hostile version records, and the commands without the client."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from governance.cards.from_mlflow import from_mlflow
from governance.demo.mlflow_server import SERVER_VERSION
from governance.findings import MlgovError
from governance.monitoring.mlflow_client import (
    bound_requests,
    file_name,
    redacted,
    server_label,
    tracking_uri,
)
from tests.conftest import CONFIG, ROOT

Answer = Callable[[str], tuple[int, str, bytes]]  # path → status, content type, body


@contextmanager
def stand_in(answer: Answer) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering every request with `answer(path)`."""

    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            status, kind, body = answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _reply

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def json_answer(by_path: dict[str, Any]) -> Answer:
    def answer(path: str) -> tuple[int, str, bytes]:
        for prefix, body in by_path.items():
            if path.split("?")[0].endswith(prefix):
                return 200, "application/json", json.dumps(body).encode()
        return 404, "application/json", b'{"error_code": "ENDPOINT_NOT_FOUND", "message": "no"}'

    return answer


def mlgov(
    root: Path, *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    return subprocess.run(
        [sys.executable, "-m", "mlgov", "-C", str(root), *argv],
        capture_output=True, text=True, timeout=120, env={**base, **(env or {})}, check=False,
    )  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "churn.yaml").write_text(
        "schema_version: 1\nid: churn\nstatus: Draft  # a comment\n"
    )
    return tmp_path


ALIAS = "/api/2.0/mlflow/registered-models/alias"
SEARCH = "/api/2.0/mlflow/registered-models/search"


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (
            json_answer({ALIAS: {"model_version": {"name": "churn", "version": "x"}}}),
            "version: 'x'",
        ),
        (json_answer({ALIAS: {"model_version": {"name": "other", "version": "2"}}}), "got 'other'"),
        (json_answer({ALIAS: {}}), "name: empty"),
        (
            lambda _: (200, "text/html", b"<html>Sign in</html>"),
            "mlflow.get_model_version_by_alias",
        ),
        (lambda _: (503, "text/html", b"<html>busy</html>"), "mlflow.get_model_version_by_alias"),
    ],
)
def test_a_wrong_answer_leaves_the_card_as_it_was(repo: Path, answer: Answer, said: str) -> None:
    before = (repo / "cards" / "churn.yaml").read_bytes()
    with stand_in(answer) as uri:
        done = mlgov(repo, "cards", "import", "--mlflow-model", "churn", "--alias", "champion",
                     "--tracking-uri", uri, "--card", "churn")  # fmt: skip
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("mlgov: error: MLflow 127.0.0.1:") and said in line
    assert (repo / "cards" / "churn.yaml").read_bytes() == before


def test_a_wrong_registry_listing_is_a_recorded_error(repo: Path) -> None:
    models = {
        "registered_models": [{"name": "a", "aliases": [{"alias": "champion", "version": "0"}]}]
    }
    with stand_in(json_answer({SEARCH: models})) as uri:
        done = mlgov(repo, "snapshot", "--mlflow", "--tracking-uri", uri)
    assert done.returncode == 1
    [written] = (repo / "snapshots").glob("mlflow-127.0.0.1-*.json")
    data = json.loads(written.read_text())
    assert data["registered_models"] == []
    [error] = data["errors"]
    assert (error["section"], error["code"]) == ("registered_models", "InvalidResponse")
    assert "not a version" in error["message"]
    assert mlgov(repo, "lint").returncode == 0  # loads; MON009 is a warning


def test_a_paging_that_does_not_end_is_an_error(repo: Path) -> None:
    page = {"registered_models": [{"name": "a"}], "next_page_token": "same"}
    with stand_in(json_answer({SEARCH: page})) as uri:
        done = mlgov(
            repo, "snapshot", "--mlflow", "--tracking-uri", uri, "--out", str(repo / "x.json")
        )
    assert done.returncode == 1
    data = json.loads((repo / "x.json").read_text())
    assert [e["code"] for e in data["errors"]] == ["PagingDoesNotEnd"]


def test_without_the_mlflow_client_the_commands_say_what_to_install(
    repo: Path, tmp_path: Path
) -> None:
    shadow = tmp_path / "shadow" / "mlflow"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('no mlflow here')\n")
    env = {"PYTHONPATH": str(shadow.parent)}
    for argv in (
        ("cards", "import", "--mlflow-model", "m", "--version", "1", "--tracking-uri", "http://x"),
        ("snapshot", "--mlflow", "--tracking-uri", "http://x"),
    ):
        done = mlgov(repo, *argv, env=env)
        assert done.returncode == 2
        assert "pip install 'mlgov[mlflow]'" in done.stderr and "Traceback" not in done.stderr


def test_no_tracking_uri_is_refused_before_mlflow_makes_a_local_store(repo: Path) -> None:
    done = mlgov(repo, "snapshot", "--mlflow")
    assert done.returncode == 2 and "pass --tracking-uri" in done.stderr
    assert not (repo / "mlruns").exists() and not (repo / "mlflow.db").exists()
    with pytest.raises(MlgovError):
        tracking_uri(None, {})
    assert tracking_uri(None, {"MLFLOW_TRACKING_URI": "http://h:1"}) == "http://h:1"


@pytest.mark.parametrize(
    ("uri", "label", "file"),
    [
        ("http://user:secret@127.0.0.1:5000/", "127.0.0.1:5000", "mlflow-127.0.0.1-5000.json"),
        ("https://ml.example.com/a", "ml.example.com/a", "mlflow-ml.example.com-a.json"),
        (
            "arn:aws:sagemaker:eu-west-1:111122223333:mlflow-tracking-server/prod",
            "arn:aws:sagemaker:eu-west-1:111122223333:mlflow-tracking-server/prod",
            "mlflow-111122223333-eu-west-1-prod.json",
        ),
        ("databricks", "databricks", "mlflow-databricks.json"),
        ("file:///home/someone/mlruns", "local", "mlflow-local.json"),
        ("sqlite:////tmp/mlflow.db", "local", "mlflow-local.json"),
        ("postgresql://u:p@db:5432/mlflow", "postgresql://db", "mlflow-postgresql-db.json"),
    ],
)  # fmt: skip
def test_the_server_is_named_without_credentials(uri: str, label: str, file: str) -> None:
    assert server_label(uri) == label
    assert file_name(label) == file
    assert "secret" not in label


def test_messages_lose_the_credentials_of_their_urls() -> None:
    assert redacted("failed: https://user:tok@host/api") == "failed: https://host/api"


def test_the_environment_keeps_its_own_settings() -> None:
    env = {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"}
    bound_requests(7, env)
    assert env["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] == "0"
    assert env["MLFLOW_HTTP_REQUEST_TIMEOUT"] == "7"


def _record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "server": "127.0.0.1:5000",
        "model": {"name": "m", "description": "", "tags": {}, "aliases": {}},
        "version": {
            "name": "m", "version": "3", "stage": "None", "status": "READY", "run_id": "r" * 32,
            "source": "models:/m-1", "description": "", "tags": {"mlflow.internal": "x"},
            "aliases": [], "model_id": "m-1",
        },
        "artifact": "s3://b/m",
        "run": {
            "run_id": "r" * 32, "name": "run", "experiment_id": "1", "status": "FINISHED",
            "params": {"lr": "0.1"}, "tags": {"long": "v" * 2000, "ok": "yes"},
            "metrics": {"loss": math.nan, "acc": 0.9, "auc": 0.8},
            "datasets": [
                {"name": "eval", "digest": "d1", "source": "s3://b/eval", "source_type": "s3",
                 "context": ""},
            ],
        },
        "logged_model": {"model_id": "m-1", "artifact_location": "s3://b/m", "metrics": [
            {"key": "auc", "value": 0.7, "timestamp": 1, "dataset_name": "eval",
             "dataset_digest": "d1"},
            {"key": "auc", "value": 0.8, "timestamp": 2, "dataset_name": "eval",
             "dataset_digest": "d1"},
            {"key": "f1", "value": math.inf, "timestamp": 2, "dataset_name": "eval",
             "dataset_digest": "d1"},
        ]},
        "mlmodel": {"flavors": {"pytorch": {}, "python_function": {}}, "signature": {
            "inputs": '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 2]}}]',
            "outputs": "not json",
            "params": '[{"name": "temperature", "type": "double", "default": 0.5, "shape": null}]',
        }},
        "notes": [],
    }  # fmt: skip
    record.update(changes)
    return record


def test_a_hostile_record_becomes_a_valid_card_and_says_what_it_left_out() -> None:
    from governance import schemas

    result = from_mlflow(_record(), "champion")
    card = {"schema_version": 1, "id": "m", "status": "Draft", **result.data}
    card["evaluation_details"] = list(result.evaluations)
    assert schemas.value_errors("card", (), card) == []
    mlflow = result.data["mlflow"]
    assert mlflow["signature"]["inputs"] == [{"type": "tensor float32 [-1, 2]"}]
    assert mlflow["signature"]["params"] == [
        {"name": "temperature", "type": "double", "optional": True}
    ]
    assert mlflow["tags"] == {"ok": "yes"}  # too long, and MLflow's own, are left out
    assert mlflow["alias"] == "champion" and mlflow["flavors"] == ["python_function", "pytorch"]
    [evaluation] = result.evaluations
    assert evaluation["metric_groups"][0]["metric_data"] == [
        {"name": "auc", "type": "number", "value": 0.8}  # the latest; f1 is not finite
    ]
    job = result.data["training_details"]["training_job_details"]
    assert job["training_metrics"] == [{"name": "acc", "value": 0.9}]  # auc is the evaluation's
    assert "training_datasets" not in job  # the only dataset was evaluated on
    notes = "\n".join(result.notes)
    for said in ("metric loss = nan", "eval metric f1 = inf", "tag 'long'", "signature's outputs"):
        assert said in notes


def test_a_version_without_run_or_mlmodel_still_makes_a_card() -> None:
    result = from_mlflow(_record(run=None, logged_model=None, mlmodel=None))
    assert result.data["mlflow"]["version"] == 3 and "training_details" not in result.data
    assert result.evaluations == ()


def test_the_makefile_installs_the_server_release_the_code_names() -> None:
    text = (ROOT / "Makefile").read_text()
    assert f"MLFLOW_SERVER_VERSION := {SERVER_VERSION}\n" in text
    assert "make mlflow-server" in (ROOT / ".ci" / "run").read_text()


def _registry_file(server: str = "127.0.0.1:5000", **changes: Any) -> str:
    data = {
        "version": 1, "registry": "mlflow", "taken_at": "2026-11-28T06:00:00Z",
        "tracking_server": server, "source": "live", "registered_models": [],
        "api_calls": {}, "errors": [], **changes,
    }  # fmt: skip
    return json.dumps(data)


def test_registry_snapshots_load_beside_the_aws_ones(tmp_path: Path) -> None:
    from governance.monitoring.load import read_folder, read_sources

    folder = tmp_path / "snapshots"
    folder.mkdir()
    shutil.copy(ROOT / "snapshots" / "demo.json", folder / "demo.json")
    (folder / "mlflow-a.json").write_text(_registry_file())
    snapshots, registries, findings = read_sources(tmp_path, "snapshots")
    assert findings == []
    assert [s.doc.path for s in snapshots] == ["snapshots/demo.json"]
    assert [r.registry.tracking_server for r in registries] == ["127.0.0.1:5000"]
    assert [s.doc.path for s in read_folder(tmp_path, "snapshots")[0]] == ["snapshots/demo.json"]
    (folder / "mlflow-b.json").write_text(_registry_file())
    with pytest.raises(MlgovError, match="keep one snapshot per tracking server"):
        read_sources(tmp_path, "snapshots")


def test_a_broken_registry_snapshot_is_a_finding_of_its_own_schema(tmp_path: Path) -> None:
    from governance.monitoring.load import read_sources

    folder = tmp_path / "snapshots"
    folder.mkdir()
    models = [{"name": "m", "aliases": {"champion": 0}}]
    (folder / "mlflow-a.json").write_text(_registry_file(registered_models=models))
    _, registries, findings = read_sources(tmp_path, "snapshots")
    assert registries == ()
    messages = " ".join(f.message for f in findings)
    assert "'champion' must be at least 1" in messages
    assert {f.file for f in findings} == {"snapshots/mlflow-a.json"}

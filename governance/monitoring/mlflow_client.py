"""Talking to an MLflow tracking server: the client, bounded in time, and every call counted,
checked and turned into a SectionUnreadable when it fails.

The MLflow client is an optional dependency (`pip install 'mlgov[mlflow]'`, mlflow-skinny); it
is imported here only, and only by the commands that read a registry. Its own retry defaults
(MLFLOW_HTTP_REQUEST_TIMEOUT 120 s, MLFLOW_HTTP_REQUEST_MAX_RETRIES 7 with exponential backoff)
would hold a command for many minutes against a server that is down: mlgov sets them low,
unless the environment sets them, and stops calling once its deadline has passed.

The tracking URI is never written anywhere with its credentials: `server_label` is what files
and messages name (host and port, a SageMaker tracking server ARN, `databricks`, ...).
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from governance.findings import MlgovError
from governance.monitoring.calls import DEADLINE, INVALID, MESSAGE, SectionUnreadable
from governance.monitoring.expect import BadShape, Kind, check

T = TypeVar("T")

INSTALL = "pip install 'mlgov[mlflow]'"
TIMEOUT = 20.0  # seconds one HTTP attempt waits
RETRIES = 2  # attempts after the first
# urllib3 sleeps factor * 2^(n-1) before the second retry on: 0 s, then 2 s.
BOUNDED = {
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": str(RETRIES),
    "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1",
    "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0",
    "MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR": "false",  # no progress bars on stderr
}
SAGEMAKER_ARN = re.compile(
    r"^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):([0-9]{12}):mlflow-(?:tracking-server|app)/(.+)$"
)


def require_mlflow() -> Any:
    """The MLflow client module, or the error that says what to install."""
    try:
        import mlflow
    except ImportError as error:
        raise MlgovError(
            f"reading an MLflow registry needs the MLflow client: {INSTALL} "
            "(mlflow-skinny; full mlflow works too)"
        ) from error
    return mlflow


def tracking_uri(given: str | None, env: Mapping[str, str] = os.environ) -> str:
    """--tracking-uri, else MLFLOW_TRACKING_URI. Never MLflow's default: that is a local
    store (./mlruns, sqlite:///mlflow.db), which the client would create in the repository."""
    uri = (given or env.get("MLFLOW_TRACKING_URI") or "").strip()
    if not uri:
        raise MlgovError(
            "no MLflow tracking server: pass --tracking-uri URI or set MLFLOW_TRACKING_URI "
            "(a SageMaker managed MLflow server: its ARN, with the sagemaker-mlflow plugin)"
        )
    return uri


def server_label(uri: str) -> str:
    """The tracking server as files and messages name it: no user, password or token."""
    if SAGEMAKER_ARN.match(uri):
        return uri
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", uri):  # databricks, databricks-uc, uc
        return uri
    parts = urlsplit(uri)
    if parts.scheme in ("http", "https"):
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        path = parts.path.rstrip("/")
        return f"{host}{port}{path}" or uri.split("://", 1)[0]
    if parts.scheme in ("file", "") or parts.scheme.startswith("sqlite"):
        return "local"  # a path of this machine says nothing to another
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}" if host else parts.scheme


def file_name(label: str) -> str:
    """snapshots/mlflow-<server>.json: `mlflow-127.0.0.1-5000.json`; a SageMaker server as
    `mlflow-<account>-<region>-<name>.json`."""
    arn = SAGEMAKER_ARN.match(label)
    name = "-".join((arn.group(2), arn.group(1), arn.group(3))) if arn else label
    return "mlflow-" + (re.sub(r"[^A-Za-z0-9._]+", "-", name).strip("-.") or "server") + ".json"


def bound_requests(timeout: float, env: Any = os.environ) -> None:
    """MLflow's HTTP settings, bounded; those the environment sets stay the user's."""
    env.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", str(max(1, round(timeout))))
    for key, value in BOUNDED.items():
        env.setdefault(key, value)


@dataclass
class Registry:
    """One tracking server's client, with the calls made to it and a deadline."""

    client: Any
    uri: str
    label: str
    deadline: float = float("inf")  # time.monotonic() past which no call is made
    counts: Counter[str] = field(default_factory=Counter)

    def call(self, operation: str, read: Callable[[], T], spec: Kind | None = None) -> T:
        """`read()` is one MLflow client call; `spec` the shape its answer (as plain data)
        must have. Any failure is a SectionUnreadable naming the operation."""
        if time.monotonic() > self.deadline:
            raise SectionUnreadable(f"mlflow.{operation}", DEADLINE, "the deadline has passed")
        self.counts[f"mlflow.{operation}"] += 1
        try:
            answer = read()
        except SectionUnreadable:
            raise
        except Exception as error:
            raise translate(f"mlflow.{operation}", error) from error
        if spec is not None:
            try:
                check(answer, spec)
            except BadShape as error:
                raise SectionUnreadable(f"mlflow.{operation}", INVALID, str(error)) from error
        return answer


def connect(given_uri: str | None, timeout: float = TIMEOUT, seconds: float = 300.0) -> Registry:
    """The client of the tracking server named (no request is sent yet)."""
    uri = tracking_uri(given_uri)
    mlflow = require_mlflow()
    bound_requests(timeout)
    try:
        client = mlflow.MlflowClient(tracking_uri=uri, registry_uri=uri)
    except Exception as error:
        problem = one_line(str(error)) or type(error).__name__
        raise MlgovError(
            f"MLflow tracking URI {server_label(uri)} cannot be used: {problem}"
        ) from error
    return Registry(client, uri, server_label(uri), time.monotonic() + seconds)


def translate(operation: str, error: Exception) -> SectionUnreadable:
    """An MLflow error as the snapshot records it: MLflow's error code (RESOURCE_DOES_NOT_EXIST,
    PERMISSION_DENIED, ...), else the exception's name (ConnectionError, ReadTimeout)."""
    code = getattr(error, "error_code", None)
    whole = redacted(" ".join(str(getattr(error, "message", None) or error).split()))
    if _unreachable(whole):
        return SectionUnreadable(operation, "ConnectionError", _no_answer(whole))
    message = one_line(whole)
    if isinstance(code, str) and code:
        return SectionUnreadable(operation, code, message.removeprefix(f"{code}: "))
    return SectionUnreadable(operation, type(error).__name__, message)


def _unreachable(message: str) -> bool:
    """MLflow reports a server that does not answer as an INTERNAL_ERROR "API request ...
    failed with exception ... Max retries exceeded": a connection problem, not the server's."""
    return "Max retries exceeded" in message or "Failed to establish" in message


def _no_answer(message: str) -> str:
    reason = re.search(r"\[Errno -?\d+\] [^'\")]+|Read timed out|timed out", message)
    why = f" ({reason.group(0).strip()})" if reason else ""
    return f"the tracking server did not answer{why}, after {RETRIES + 1} attempts"


def redacted(text: str) -> str:
    """Credentials a URL in a message may carry (https://user:token@host) taken out."""
    return re.sub(r"//[^/@\s]+@", "//", text)


def one_line(text: str) -> str:
    return " ".join(text.split())[:MESSAGE]

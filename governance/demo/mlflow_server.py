"""A local MLflow tracking server for the demo and the tests: `mlflow server` with a SQLite
backend and a local artifact root in a temporary folder, on 127.0.0.1 and a free port,
started in its own process group (it forks workers) and stopped with that group.

The server needs full MLflow (mlflow-skinny has no server); it runs from its own Python, not
mlgov's: `.venv-mlflow/` in the repository (`make mlflow-server`), or the interpreter that
MLGOV_MLFLOW_SERVER_PYTHON names. The seed script (mlflow_seed.py) runs there too, since it
logs models with scikit-learn and evaluates them, as a team's training code would.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.findings import MlgovError

__all__ = ["SERVER_VERSION", "Server", "running_server", "seed", "server_python"]

SERVER_VERSION = "3.17.2"  # the mlflow release `make mlflow-server` installs
VENV = ".venv-mlflow"
READY_SECONDS = 90.0  # a first start migrates the SQLite database: about 12 s here
SEED_SECONDS = 180.0
SEED = Path(__file__).with_name("mlflow_seed.py")
INSTALL = f"`make mlflow-server` (installs mlflow=={SERVER_VERSION} into {VENV}/, about 850 MB)"


@dataclass(frozen=True)
class Server:
    uri: str
    python: str
    folder: Path


def server_python(root: Path, env: Any = os.environ) -> str | None:
    """The Python with full MLflow: MLGOV_MLFLOW_SERVER_PYTHON, else <root>/.venv-mlflow."""
    named = env.get("MLGOV_MLFLOW_SERVER_PYTHON", "").strip()
    if named:
        return str(Path(named).absolute()) if Path(named).is_file() else None
    base = root.absolute()  # not resolved: a venv's python is a link to the base interpreter
    for candidate in (base / VENV / "bin" / "python", base / VENV / "Scripts" / "python.exe"):
        if candidate.is_file():
            return str(candidate)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(python: str) -> Iterator[Server]:
    """A server until the block ends; its data is deleted with it."""
    with tempfile.TemporaryDirectory(prefix="mlgov-mlflow-server-") as tmp:
        folder = Path(tmp)
        port = free_port()
        command = [
            python, "-m", "mlflow", "server",
            "--backend-store-uri", f"sqlite:///{folder / 'mlflow.db'}",
            "--artifacts-destination", str(folder / "artifacts"),
            "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
        ]  # fmt: skip
        log = (folder / "server.log").open("wb")
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, cwd=folder, start_new_session=True
        )
        try:
            uri = f"http://127.0.0.1:{port}"
            _wait_ready(uri, process, folder / "server.log")
            yield Server(uri, python, folder)
        finally:
            _stop(process)
            log.close()


def _wait_ready(uri: str, process: subprocess.Popen[bytes], log: Path) -> None:
    ends = time.monotonic() + READY_SECONDS
    while time.monotonic() < ends:
        if process.poll() is not None:
            raise MlgovError(f"the MLflow server exited ({process.returncode}): {_tail(log)}")
        try:
            with urllib.request.urlopen(f"{uri}/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise MlgovError(f"the MLflow server did not answer within {READY_SECONDS:.0f} s: {_tail(log)}")


def _tail(log: Path) -> str:
    try:
        lines = log.read_text("utf-8", "replace").strip().splitlines()
    except OSError:
        return "no log"
    return lines[-1][:300] if lines else "no output"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The server's own process group (uvicorn and its job runner): TERM, then KILL."""
    for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def seed(server: Server, scenario: str = "demo") -> dict[str, Any]:
    """Runs mlflow_seed.py against the server with MLflow's own client; returns what it made
    (run ids by run name, model ids by model and version)."""
    env = {**os.environ, "MLFLOW_TRACKING_URI": server.uri, "PYTHONHASHSEED": "0"}
    env.pop("MLFLOW_REGISTRY_URI", None)
    try:
        done = subprocess.run(
            [server.python, str(SEED), server.uri, scenario],
            cwd=server.folder,
            env=env,
            capture_output=True,
            timeout=SEED_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise MlgovError(f"seeding the MLflow server took over {SEED_SECONDS:.0f} s") from error
    if done.returncode != 0:
        last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise MlgovError(f"seeding the MLflow server failed: {last[0][:300]}")
    lines = done.stdout.decode("utf-8").strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def missing_server(root: Path) -> str:
    return f"no MLflow server to run: {INSTALL}, or set MLGOV_MLFLOW_SERVER_PYTHON"


if __name__ == "__main__":  # pragma: no cover - a manual check
    found = server_python(Path.cwd())
    if found is None:
        sys.exit(missing_server(Path.cwd()))
    with running_server(found) as s:
        print(json.dumps(seed(s)))

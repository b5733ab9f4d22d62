"""Hostile repositories and command lines, each planted in a copy of the example repository:
what tests/test_hostile.py asserts and benchmarks/hostile_bench.py times.

A pull request controls every file of the checkout that CI lints; a person at a laptop may give
one wrong flag. Each case plants one such thing and names the command to run; the expectation
is an exit code, a message naming the file or folder, no traceback, nothing written outside the
repository, the repository itself unchanged, and an answer in bounded time.

The layout of a case's work folder:

    work/repo/     the repository (a git checkout of the example data)
    work/outside/  a folder beside it holding a password-file look-alike
    work/home/     a home-like folder with a person's files
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ("pyproject.toml", "mkdocs.yml", "personas", "policies", "cards", "snapshots", "compiled")
SECRET = "leaked-token:x:0:0:secret:/root:/bin/bash\n"  # its first token is what leaked
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
TIMEOUT = 60.0  # a hang is a failure, not a stuck suite


def config_line() -> int:
    """The line a key added right under `[tool.mlgov]` lands on."""
    lines = (ROOT / "pyproject.toml").read_text("utf-8").splitlines()
    return lines.index("[tool.mlgov]") + 2


def make_template(dest: Path) -> Path:
    """The example repository, committed in git: copied for every case."""
    dest.mkdir(parents=True)
    for name in EXAMPLE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy(source, dest / name)
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "example"]):
        subprocess.run(["git", *args], cwd=dest, env=env, check=True, capture_output=True)
    return dest


def make_work(template: Path, work: Path) -> Path:
    """A case's work folder; returns the repository in it."""
    shutil.copytree(template, work / "repo", symlinks=True)
    (work / "outside").mkdir()
    (work / "outside" / "passwd").write_text(SECRET, "utf-8")
    (work / "outside" / "passwd.json").write_text(SECRET, "utf-8")
    (work / "home" / "Documents").mkdir(parents=True)
    (work / "home" / ".bashrc").write_text("export EDITOR=vi\n", "utf-8")
    (work / "home" / "Documents" / "thesis.txt").write_text("three years of work\n", "utf-8")
    return work / "repo"


# --- planting helpers: each returns the mlgov arguments (after `-C repo`) -----------------------

Plant = Callable[[Path], list[str]]  # repo -> arguments


def _config(key_line: str) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        path = repo / "pyproject.toml"
        text = path.read_text("utf-8")
        path.write_text(text.replace("[tool.mlgov]\n", f"[tool.mlgov]\n{key_line}\n"), "utf-8")

    return edit


def config(key_line: str, *args: str) -> Plant:
    """A line added under `[tool.mlgov]` (`{work}` is the work folder)."""

    def plant(repo: Path) -> list[str]:
        _config(key_line.format(work=repo.parent))(repo)
        return list(args)

    return plant


def link(name: str, target: str, *args: str) -> Plant:
    """A symlink at `name` (relative to the repository) to `target` (`{work}` is the work
    folder)."""

    def plant(repo: Path) -> list[str]:
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        os.symlink(target.format(work=repo.parent), path)
        return list(args)

    return plant


def fifo(name: str, *args: str) -> Plant:
    def plant(repo: Path) -> list[str]:
        os.mkfifo(repo / name)
        return list(args)

    return plant


def fifo_behind_link(name: str, *args: str) -> Plant:
    def plant(repo: Path) -> list[str]:
        os.mkfifo(repo / "pipe")
        os.symlink("../pipe", repo / name)
        return list(args)

    return plant


def loop(name: str, *args: str) -> Plant:
    def plant(repo: Path) -> list[str]:
        folder = (repo / name).parent
        os.symlink("loop-b.yaml", folder / "loop-a.yaml")
        os.symlink("loop-a.yaml", folder / "loop-b.yaml")
        return list(args)

    return plant


def folder_named(name: str, *args: str) -> Plant:
    def plant(repo: Path) -> list[str]:
        (repo / name).mkdir()
        return list(args)

    return plant


def file_with(name: str, content: bytes, *args: str, mode: int | None = None) -> Plant:
    def plant(repo: Path) -> list[str]:
        path = repo / name
        with open(path, "wb") as out:
            out.write(content)
        if mode is not None:
            os.chmod(path, mode)
        return list(args)

    return plant


def raw_name(name: bytes, *args: str) -> Plant:
    """A file whose name is not valid UTF-8 (Linux allows any bytes but / and NUL)."""

    def plant(repo: Path) -> list[str]:
        card = (repo / "cards" / "churn-prediction.yaml").read_bytes()
        with open(os.path.join(os.fsencode(repo), name), "wb") as out:
            out.write(card.replace(b"id: churn-prediction", b"id: raw-name-card"))
        return list(args)

    return plant


def out_arg(*args: str) -> Plant:
    """Arguments only; `{work}` and `{repo}` are filled in."""

    def plant(repo: Path) -> list[str]:
        return [a.format(work=repo.parent, repo=repo) for a in args]

    return plant


def out_file(*args: str) -> Plant:
    def plant(repo: Path) -> list[str]:
        (repo / "notes.txt").write_text("my notes\n", "utf-8")
        return list(args)

    return plant


def site_link_outside(*args: str) -> Plant:
    def plant(repo: Path) -> list[str]:
        (repo.parent / "outside" / "www").mkdir()
        os.symlink("../outside/www", repo / "site")
        return list(args)

    return plant


def work_link(name: str, target: str, *args: str) -> Plant:
    """`build/...` made a link, as a pull request could commit it."""

    def plant(repo: Path) -> list[str]:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, repo / name)
        return list(args)

    return plant


def committed_link(name: str, target: str, *args: str) -> Plant:
    """A link to outside, committed: what `mlgov review BASE HEAD` exports from git."""
    plant_link = link(name, target)

    def plant(repo: Path) -> list[str]:
        plant_link(repo)
        env = {**os.environ, **GIT_ENV}
        for git in (["add", "-A"], ["commit", "-qm", "a link out"]):
            subprocess.run(["git", *git], cwd=repo, env=env, check=True, capture_output=True)
        return list(args)

    return plant


def surrogate_policy(*args: str) -> Plant:
    policy = (
        b'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
        b'"Action": "s3:Get\\ud800", "Resource": "*"}]}\n'
    )
    return file_with("policies/evil.json", policy, *args)


ESC_KEY_CARD = (ROOT / "cards" / "churn-prediction.yaml").read_bytes() + (
    b'"\\e[2J\\e[31mboom\\e[0m": 1\n'
)


# --- the cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    plant: Plant
    exit: int
    names: str  # the output names what was refused
    absent: tuple[str, ...] = ("leaked", "x:0:0")  # no byte of a file outside shows
    unprivileged: bool = False  # run without root's capabilities (permission cases)
    stdin_pipe: bool = False  # stdin an open pipe nobody writes to (reading it would hang)
    extra: dict[str, str] = field(default_factory=dict)


LINE = config_line()
CASES: tuple[Case, ...] = (
    # outputs: folders mlgov must never empty or write into
    Case("build --out ..", out_arg("build", "--no-pdf", "--out", ".."), 2, "repository"),
    Case("build --out .", out_arg("build", "--no-pdf", "--out", "{repo}"), 2, "repository"),
    # `--out /` itself is checked without running a build (tests/test_output_folders.py):
    # a test must not be able to harm the machine it runs on if the check were wrong.
    Case("build --out home", out_arg("build", "--no-pdf", "--out", "{work}/home"), 2, "home"),
    Case("build --out personas", out_arg("build", "--out", "{repo}/personas"), 2, "personas"),
    Case("build --out cards/site", out_arg("build", "--out", "{repo}/cards/site"), 2, "cards"),
    Case("build --out .git", out_arg("build", "--out", "{repo}/.git"), 2, ".git"),
    Case("build --out a file", out_file("build", "--out", "notes.txt"), 2, "notes.txt"),
    Case(
        "build --out link to repo",
        link("../repo-link", "{work}/repo", "build", "--out", "../repo-link"),
        2,
        "repository",
    ),
    Case("build: site/ links outside", site_link_outside("build", "--no-pdf"), 2, "site"),
    Case(
        "build: build/docs links to cards", work_link("build/docs", "../cards", "build"), 2, "docs"
    ),
    Case("build --out unwritable", out_arg("build", "--out", "/proc/mlgov-x"), 2, "/proc/mlgov-x"),
    Case("compile --out inside a file", out_arg("compile", "--out", "pyproject.toml/x"), 2, "file"),
    Case("compile --out ..", out_arg("compile", "--out", ".."), 2, "repository"),
    Case("compile --out personas", out_arg("compile", "--out", "personas"), 2, "personas"),
    Case("compile --out home", out_arg("compile", "--out", "{work}/home"), 2, "home"),
    # configured paths outside the repository
    Case(
        "config compiled ../x", config('compiled = "../x"', "compile"), 2, f"pyproject.toml:{LINE}"
    ),
    Case("config compiled ../x (build)", config('compiled = "../x"', "build"), 2, "compiled"),
    Case(
        "config compiled absolute",
        config('compiled = "{work}/outside/compiled"', "compile"),
        2,
        "compiled",
    ),
    Case(
        "config cards ../outside",
        config('cards = "../outside"', "lint"),
        2,
        f"pyproject.toml:{LINE}",
    ),
    Case("config snapshots ../outside", config('snapshots = "../outside"', "lint"), 2, "snapshots"),
    Case("config personas /tmp", config('personas = "/tmp"', "lint"), 2, "personas"),
    Case("config: cards/ links outside", link("cards", "{work}/outside", "lint"), 2, "cards"),
    Case("invalid config: build", config('regoin = "x"', "build", "--no-pdf"), 2, "regoin"),
    Case("invalid config: serve", config('regoin = "x"', "serve", "--port", "1"), 2, "regoin"),
    Case(
        "invalid config: cards export",
        config('regoin = "x"', "cards", "export", "churn-prediction", "--format", "sagemaker"),
        2,
        "regoin",
    ),
    Case("invalid config: new card", config('regoin = "x"', "new", "card", "fresh"), 2, "regoin"),
    Case(
        "config file links outside",
        link("pyproject.toml", "{work}/outside/passwd", "lint"),
        2,
        "pyproject.toml",
    ),
    # inputs: links out, FIFOs, devices, odd files
    Case(
        "snapshot links outside",
        link("snapshots/x.json", "{work}/outside/passwd.json", "lint"),
        1,
        "snapshots/x.json:1:1: SRC013",  # refused unread, as a link out
    ),
    Case(
        "card links to /etc/passwd",
        link("cards/x.yaml", "/etc/passwd", "lint"),
        1,
        "cards/x.yaml:1:1: SRC013",  # refused unread, as a link out
        absent=("'root", "x:0:0"),
    ),
    Case(
        "persona links to /etc/passwd",
        link("personas/x.yaml", "/etc/passwd", "lint"),
        1,
        "personas/x.yaml:1:1: SRC013",  # refused unread, as a link out
        absent=("'root", "x:0:0"),
    ),
    Case(
        "policy links outside",
        link("policies/x.json", "{work}/outside/passwd.json", "lint"),
        1,
        "policies/x.json:1:1: SRC013",  # refused unread, as a link out
    ),
    Case(
        "review of a commit with a link out",
        committed_link("cards/x.yaml", "/etc/passwd", "review", "HEAD~1", "HEAD"),
        0,  # review reports what changed; --fail-on-new makes it exit 1
        "`cards/x.yaml:1:1` | the file is a link to /etc/passwd",
        absent=("'root", "x:0:0"),
    ),
    Case("FIFO in cards: lint", fifo("cards/pipe.yaml", "lint"), 1, "cards/pipe.yaml"),
    Case("FIFO in cards: compile", fifo("cards/pipe.yaml", "compile"), 1, "cards/pipe.yaml"),
    Case(
        "FIFO in cards: build", fifo("cards/pipe.yaml", "build", "--no-pdf"), 1, "cards/pipe.yaml"
    ),
    Case("FIFO in personas", fifo("personas/pipe.yaml", "lint"), 1, "personas/pipe.yaml"),
    # the build refuses a snapshot it cannot read (exit 2): a site without it would be partial
    Case(
        "FIFO in snapshots: build",
        fifo("snapshots/pipe.json", "build", "--no-pdf"),
        2,
        "snapshots/pipe.json",
    ),
    Case("FIFO in snapshots: lint", fifo("snapshots/pipe.json", "lint"), 1, "snapshots/pipe.json"),
    Case(
        "FIFO as mkdocs.yml",
        fifo("mkdocs.yml", "build", "--no-pdf"),
        2,
        "mkdocs.yml",
        extra={"replace": "mkdocs.yml"},
    ),
    Case("link to a FIFO", fifo_behind_link("cards/pipe.yaml", "lint"), 1, "cards/pipe.yaml"),
    Case(
        "link to /dev/stdin",
        link("cards/stdin.yaml", "/dev/stdin", "lint"),
        1,
        "cards/stdin.yaml",
        stdin_pipe=True,
    ),
    Case("link loop", loop("cards/loop-a.yaml", "lint"), 1, "cards/loop-a.yaml"),
    Case(
        "folder named like YAML", folder_named("cards/folder.yaml", "lint"), 1, "cards/folder.yaml"
    ),
    Case("0-byte card", file_with("cards/empty.yaml", b"", "lint"), 1, "cards/empty.yaml"),
    Case(
        "unreadable card",
        file_with("cards/locked.yaml", b"id: x\n", "lint", mode=0),
        1,
        "cards/locked.yaml",
        unprivileged=True,
    ),
    # text that would reach a terminal or a report raw
    Case(
        "ESC in a YAML key",
        file_with("cards/churn-prediction.yaml", ESC_KEY_CARD, "lint"),
        1,
        "\\x1b[2J",
    ),
    Case(
        "control characters in a file name",
        raw_name(b"cards/evil\x1b[2J\x07.yaml", "lint"),
        1,
        "cards/evil\\x1b[2J\\x07.yaml",
    ),
    Case(
        "file name not UTF-8: build",
        raw_name(b"cards/caf\xe9.yaml", "build", "--no-pdf"),
        1,
        "cards/caf\\xe9.yaml",
    ),
    Case(
        "file name not UTF-8: json",
        raw_name(b"cards/caf\xe9.yaml", "lint", "--format", "json"),
        1,
        "cards/caf\\\\xe9.yaml",
    ),
    *(
        Case(
            f"lone surrogate: {fmt}",
            surrogate_policy("lint", "--format", fmt),
            1,
            "policies/evil.json",
        )
        for fmt in ("text", "github", "markdown", "json", "sarif")
    ),
)


# --- running one -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    exit: int
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_kb: int  # the run's peak resident memory, its own children included
    timed_out: bool

    @property
    def text(self) -> str:
        return (self.stdout + self.stderr).decode("utf-8", "backslashreplace")


def plant_case(case: Case, repo: Path) -> list[str]:
    replace = case.extra.get("replace")
    if replace:
        (repo / replace).unlink()
    return case.plant(repo)


def command(case: Case, repo: Path, args: list[str]) -> list[str]:
    base = [sys.executable, "-m", "mlgov", "-C", str(repo), *args]
    if case.unprivileged and os.geteuid() == 0:
        # root reads any file: without its capabilities, mode 000 means what it says
        return ["setpriv", "--bounding-set", "-all", "--inh-caps", "-all", *base]
    return base


def run(
    cmd: list[str],
    cwd: Path,
    env: dict[str, str],
    stdin_pipe: bool = False,
    timeout: float = TIMEOUT,
) -> Outcome:
    """The command in its own process group, killed whole after `timeout`; its peak memory
    from wait4's rusage, which counts its waited-for children too."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if stdin_pipe else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    timed_out = threading.Event()

    def give_up() -> None:
        timed_out.set()
        _kill_group(proc.pid)

    timer = threading.Timer(timeout, give_up)
    timer.start()
    streams = {"out": proc.stdout, "err": proc.stderr}
    read: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda n=n, s=s: read.__setitem__(n, s.read()))
        for n, s in streams.items()
    ]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, for the rusage
    timer.cancel()
    _kill_group(proc.pid)  # a left-over grandchild would hold the pipes open
    for reader in readers:
        reader.join()
    if proc.stdin:
        proc.stdin.close()
    seconds = time.perf_counter() - started
    return Outcome(
        proc.returncode, read["out"], read["err"], seconds, usage.ru_maxrss, timed_out.is_set()
    )


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


# C0 but tab and newline, DEL, C1: what a terminal or a log viewer would act on
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_case(
    case: Case,
    template: Path,
    work: Path,
    cache: Path,
    code: Path = ROOT,
    timeout: float = TIMEOUT,
) -> tuple[Outcome, list[str]]:
    """Plant the case in a fresh copy under `work`, run it (mlgov from `code`), and list what
    went wrong: an empty list means the input was rejected cleanly."""
    work.mkdir(parents=True)
    repo = make_work(template, work)
    args = plant_case(case, repo)
    outside, inside = tree_state(work, skip=("repo",)), tree_state(repo, skip=("build", ".git"))
    env = case_env(cache, code)
    outcome = run(command(case, repo, args), repo, env, case.stdin_pipe, timeout)
    text = outcome.text
    problems = [
        *(["no answer within the time limit"] if outcome.timed_out else []),
        *(["a traceback"] if "Traceback" in text else []),
        *([f"exit {outcome.exit}, not {case.exit}"] if outcome.exit != case.exit else []),
        *([f"no mention of {case.names!r}"] if case.names not in text else []),
        *[f"leaked {leak!r}" for leak in case.absent if leak in text],
        *_output_problems(outcome, args),
        *(["wrote outside the repository"] if tree_state(work, skip=("repo",)) != outside else []),
        *(["changed the repository"] if tree_state(repo, skip=("build", ".git")) != inside else []),
    ]
    return outcome, problems


def _output_problems(outcome: Outcome, args: list[str]) -> list[str]:
    found = []
    for name, stream in (("stdout", outcome.stdout), ("stderr", outcome.stderr)):
        try:
            text = stream.decode("utf-8")
        except UnicodeDecodeError:
            found.append(f"{name} is not UTF-8")
            continue
        if RAW_CONTROL.search(text):
            found.append(f"raw control characters in {name}")
    if {"json", "sarif"} & set(args):
        try:
            json.loads(outcome.stdout)
        except ValueError:
            found.append("the JSON output does not parse")
    return found


def case_env(cache: Path, code: Path = ROOT) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLGOV_")}
    return {**env, "MLGOV_CACHE_DIR": str(cache), "PYTHONPATH": str(code)}


def tree_state(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every entry below `folder` (links not followed) but the top-level names in `skip`: its
    type and, for files, a hash of the bytes. FIFOs and devices are never opened."""
    state: dict[str, str] = {}
    base = os.fsencode(folder)
    for dirpath, dirnames, filenames in os.walk(base):
        rel_dir = os.path.relpath(dirpath, base)
        if rel_dir == b".":
            dirnames[:] = [d for d in dirnames if os.fsdecode(d) not in skip]
            filenames = [f for f in filenames if os.fsdecode(f) not in skip]
        for name in [*dirnames, *filenames]:
            path = os.path.join(dirpath, name)
            rel = os.fsdecode(os.path.normpath(os.path.join(rel_dir, name)))
            state[rel] = _entry(path, os.lstat(path))
    return state


def _entry(path: bytes, info: os.stat_result) -> str:
    if stat.S_ISLNK(info.st_mode):
        return f"link {os.fsdecode(os.readlink(path))}"
    if stat.S_ISREG(info.st_mode):
        try:
            with open(path, "rb") as handle:
                return "file " + hashlib.sha256(handle.read()).hexdigest()
        except PermissionError:
            return f"file unreadable {info.st_size}"
    return f"type {stat.S_IFMT(info.st_mode):o}"

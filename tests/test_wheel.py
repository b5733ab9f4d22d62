"""mlgov as a new user gets it: the wheel, installed into a fresh virtual environment with no
checkout on the path and no Node.js, running the README's walkthrough in an empty git
repository. The built site must be whole: every local file a page references exists."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
WALKTHROUGH = re.compile(r"<!-- walkthrough -->\s*```sh\n(.*?)```", re.S)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, installed alone (its dependencies from the index)."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(work.glob("mlgov-*.whl"))
    env = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=120)
    subprocess.run(
        [str(env / "bin" / "pip"), "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return env


def _clean_env(venv: Path) -> dict[str, str]:
    """No PYTHONPATH, no node: PATH has the venv and the system's basic tools only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"
    env["HOME"] = str(venv.parent / "home")
    env["SOURCE_DATE_EPOCH"] = "1796083200"  # 2026-12-01: the same pages on every run
    return env


def _walkthrough() -> list[str]:
    """The README's walkthrough, from the line that enters the new repository on."""
    block = WALKTHROUGH.search((ROOT / "README.md").read_text("utf-8"))
    assert block, "README.md has no <!-- walkthrough --> block"
    lines = [ln.split("  #")[0].strip() for ln in block.group(1).splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("git init"))
    return lines[start:]


def test_the_installed_package_is_not_the_checkout(venv: Path) -> None:
    found = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import governance, mlgov; print(mlgov.__file__)"],
        capture_output=True,
        text=True,
        cwd=venv.parent,
        env=_clean_env(venv),
        check=True,
    )
    assert str(venv) in found.stdout and str(ROOT) not in found.stdout


def test_the_readme_walkthrough_works_as_written(venv: Path, tmp_path: Path) -> None:
    env, cwd = _clean_env(venv), tmp_path
    for line in _walkthrough():
        words = shlex.split(line)
        if words[:2] == ["git", "init"]:
            subprocess.run([*words, "-q"], cwd=cwd, check=True, env=env)
            cwd = cwd / words[-1]
            continue
        if words[0] == "cd":
            continue
        done = subprocess.run(words, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, line
    site = cwd / "site"
    assert (site / "index.html").is_file() and (site / "search" / "search_index.json").is_file()
    assert sorted(p.name for p in (site / "pdf").glob("*.pdf"))
    missing = sorted(set(_missing_references(site)))
    assert missing == []


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def _missing_references(site: Path) -> Iterator[str]:
    for page in site.rglob("*.html"):
        parser = _References()
        parser.feed(page.read_text("utf-8"))
        for ref in parser.found:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another host (refused elsewhere), a fragment, mailto:, data:
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.exists():
                yield f"{page.relative_to(site)} -> {ref}"


def test_the_readme_shows_the_files_init_writes() -> None:
    from mlgov import init_files

    readme = (ROOT / "README.md").read_text("utf-8")
    assert init_files.WORKFLOW in readme and init_files.PRE_COMMIT in readme

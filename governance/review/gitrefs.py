"""A git ref of the governance repository, exported into a temporary folder to load from."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from governance.findings import MlgovError


@dataclass(frozen=True)
class Ref:
    """A ref as the user wrote it, the commit it names, the git repository's top folder, and
    the governance root's folder inside it ('' at the top)."""

    name: str
    commit: str
    top: Path
    prefix: str

    @property
    def label(self) -> str:
        if self.commit.startswith(self.name):
            return self.commit[:7]
        return f"{self.name} ({self.commit[:7]})"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError as error:
        raise MlgovError("git is not installed; `mlgov review` needs it to read refs") from error


def resolve(root: Path, name: str) -> Ref:
    """The commit `name` names in the git repository holding `root`; one clear error if none."""
    if name.startswith("-"):  # would be read as an option by git
        raise MlgovError(f"'{name}' is not a git ref")
    inside = _git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    if inside.returncode != 0:
        raise MlgovError(f"{root} is not inside a git repository")
    top, _, prefix = inside.stdout.decode().partition("\n")
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
    if found.returncode != 0:
        raise MlgovError(f"git ref '{name}' does not exist in {root}")
    return Ref(name, found.stdout.decode().strip(), Path(top), prefix.strip())


@contextmanager
def exported(ref: Ref) -> Iterator[Path]:
    """The governance root as it was at `ref`, in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="mlgov-review-") as temp:
        tree = f"{ref.commit}:{ref.prefix}" if ref.prefix else ref.commit
        if not _exists(ref, tree):
            yield Path(temp)  # the governance folder came later: an empty side
            return
        archive = _git(ref.top, "archive", "--format=tar", tree)  # at the top: tree paths
        if archive.returncode != 0:
            message = archive.stderr.decode(errors="replace").strip().splitlines()
            raise MlgovError(
                f"git archive of '{ref.name}' failed: {message[-1] if message else ''}"
            )
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(temp, filter="data")  # "data": no links out, no device files
        yield Path(temp)


def _exists(ref: Ref, tree: str) -> bool:
    return _git(ref.top, "cat-file", "-e", tree).returncode == 0

"""A git ref of the governance repository, exported into a temporary folder to load from."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from governance.cards.gitlog import GitSource, ref_source
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

    @property
    def source(self) -> GitSource:
        """The commit as card history reads it."""
        return ref_source(self.top, self.commit, self.prefix, self.name)


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


MEMORY = Path("/dev/shm")  # a RAM file system on Linux; absent or unusable elsewhere


@contextmanager
def exported(ref: Ref) -> Iterator[Path]:
    """The governance root as it was at `ref`, in a temporary folder removed afterwards."""
    tree = f"{ref.commit}:{ref.prefix}" if ref.prefix else ref.commit
    archive = _archive(ref, tree) if _exists(ref, tree) else None  # None: the folder came later
    for parent in _scratch_parents(len(archive or b"")):
        with tempfile.TemporaryDirectory(prefix="mlgov-review-", dir=parent) as temp:
            try:
                if archive is not None:
                    _extract(archive, Path(temp))
            except OSError:
                if parent is None:
                    raise
                continue  # the memory file system filled up: the usual folder, then
            yield Path(temp)
            return


def _archive(ref: Ref, tree: str) -> bytes:
    archive = _git(ref.top, "archive", "--format=tar", tree)  # at the top: tree paths
    if archive.returncode != 0:
        message = archive.stderr.decode(errors="replace").strip().splitlines()
        raise MlgovError(f"git archive of '{ref.name}' failed: {message[-1] if message else ''}")
    return archive.stdout


def _scratch_parents(size: int) -> list[str | None]:
    """Where to unpack, in order of preference: a memory file system with room to spare, then
    the usual temporary folder (None). Creating a thousand small files on disk took longer than
    loading them; in memory it takes a fraction. A TMPDIR the user set is always honoured."""
    if os.environ.get("TMPDIR") or not os.access(MEMORY, os.W_OK | os.X_OK):
        return [None]
    try:
        stats = os.statvfs(MEMORY)
    except OSError:
        return [None]
    room = stats.f_bavail * stats.f_frsize > 4 * size  # small files take whole pages
    return [str(MEMORY), None] if room else [None]


def _extract(archive: bytes, folder: Path) -> None:
    """Unpack a git archive. The usual archive holds only folders and plain files with plain
    names, written here directly: tarfile's "data" filter resolves every path on disk, which
    doubled the time of exporting a thousand files. Anything else (links, odd names) goes
    through that filter: no links out, no device files."""
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = tar.getmembers()
        if not all(_plain(member) for member in members):
            _extract_filtered(tar, folder)
            return
    made: set[Path] = set()
    for member in members:
        target = folder / member.name
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        content = archive[member.offset_data : member.offset_data + member.size]
        with open(target, "xb") as stream:
            stream.write(content)


def _extract_filtered(tar: tarfile.TarFile, folder: Path) -> None:
    """Through tarfile's "data" filter, which refuses (by raising, which ended a review with
    a traceback) a link to an absolute path or out of the tree. Such a link is a pull
    request's to commit, and the review must say so: it is skipped by the filter, then made
    last, as the link it is, where its own name lies inside the folder, so that loading the
    side refuses it unread (SRC013) as a checkout would. Nothing is extracted after it, so
    nothing is written through it."""
    refused: list[tarfile.TarInfo] = []

    def data_or_skip(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
        try:
            return tarfile.data_filter(member, dest)
        except tarfile.FilterError:
            if member.issym():
                refused.append(member)
            return None  # a device file, say: git has none, so nothing of value is lost

    tar.extractall(folder, filter=data_or_skip)
    for member in refused:
        target = folder / member.name
        if _plain_name(member.name) and not os.path.lexists(target):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(member.linkname, target)


def _plain_name(name: str) -> bool:
    parts = name.split("/")
    return not name.startswith("/") and ".." not in parts and "\\" not in name


def _plain(member: tarfile.TarInfo) -> bool:
    return _plain_name(member.name) and (member.isdir() or member.isreg())


def _exists(ref: Ref, tree: str) -> bool:
    return _git(ref.top, "cat-file", "-e", tree).returncode == 0

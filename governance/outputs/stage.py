"""Building an output folder aside and swapping it in at once.

A run writes its whole output into a new sibling folder, `.<name>.mlgov-new-<random>`, and only
when that is complete swaps it with the old one: on Linux with renameat2(RENAME_EXCHANGE), one
atomic step after which the old folder sits at the sibling's name and is deleted. So a run
killed at any moment leaves the previous output whole and byte-identical, or the new one whole.

Where the exchange is not available (another OS, a file system without it) the swap is two
renames: the old folder to `.<name>.mlgov-old-<pid>`, the new one to its place. A run killed
between the two leaves no output folder but the old one beside it, and the next run puts it
back before it starts (`recover`). Every run also deletes the siblings an interrupted run left.

Entries of the old folder that a run does not make but must keep (a gh-pages checkout's .git in
the site; files a person added to compiled/) are hard-linked into the new folder before the
swap (copied where links are not possible): instant, no byte of them rewritten, and the old
folder can go as a whole.

Callers hold the repository's lock (lock.py) and have claimed the folder (claim.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from governance.findings import MlgovError
from governance.outputs.claim import OutputKind

Carry = Callable[[Path, Path], None]  # (old folder, new folder): what of the old to keep
NEW, OLD = "new", "old"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


def sibling_prefix(target: Path, which: str) -> str:
    return f".{target.name}.mlgov-{which}-"


@contextlib.contextmanager
def staged(target: Path, kind: OutputKind, carry: Carry | None = None) -> Iterator[Path]:
    """Yields an empty folder beside `target` to build the output in. When the block ends
    without an error, the marker is written, `carry` keeps what it keeps of the old output,
    and the folder replaces `target` at once; on an error it is deleted and `target` is left
    as it was."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        recover(target)
        stage = Path(tempfile.mkdtemp(prefix=sibling_prefix(target, NEW), dir=target.parent))
    except OSError as error:
        raise MlgovError(f"cannot write {kind.what} into {target}: {error.strerror}") from None
    try:
        yield stage
        if target.is_dir():
            if carry is not None:
                carry(target, stage)
            shutil.copymode(target, stage)
        else:
            os.chmod(stage, 0o777 & ~_umask())  # mkdtemp made it private
        (stage / kind.marker).write_text(kind.marker_text, "utf-8")
        old = publish(stage, target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def publish(stage: Path, target: Path) -> Path | None:
    """`stage` becomes `target`; returns where the old output now is (to delete), if any."""
    if not os.path.lexists(target):
        os.rename(stage, target)
        return None
    if exchange(stage, target):
        return stage
    old = target.parent / f"{sibling_prefix(target, OLD)}{os.getpid()}"
    os.rename(target, old)
    os.rename(stage, target)  # a kill before this line: recover() puts `old` back
    return old


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot, so the caller
    falls back to two renames."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


@cache
def _renameat2() -> Callable[..., int] | None:
    """glibc's renameat2 (2.28 and later), through ctypes: the standard library has no way
    to exchange two directories."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def recover(target: Path) -> None:
    """Undo what an interrupted run left beside `target`: a half-built new folder is
    deleted; an old one is put back when `target` is missing (killed between the two renames
    of the fallback), else deleted."""
    new, old = sibling_prefix(target, NEW), sibling_prefix(target, OLD)
    siblings = sorted(os.listdir(target.parent))
    for name in (n for n in siblings if n.startswith(new)):
        shutil.rmtree(target.parent / name, ignore_errors=True)
    olds = [target.parent / n for n in siblings if n.startswith(old)]
    olds.sort(key=lambda p: p.lstat().st_mtime_ns)
    if olds and not os.path.lexists(target):
        os.rename(olds.pop(), target)
    for path in olds:
        shutil.rmtree(path, ignore_errors=True)


def carry_hidden(old: Path, new: Path, skip: frozenset[str] = frozenset()) -> None:
    """The old folder's hidden entries the new one lacks, such as a gh-pages checkout's .git
    (mkdocs keeps them too): the site is the user's to publish from."""
    for name in sorted(os.listdir(old)):
        if name.startswith(".") and name not in skip and not os.path.lexists(new / name):
            link_tree(old / name, new / name)


def link_tree(source: Path, dest: Path) -> None:
    """`source` at `dest`: files hard-linked (copied where that fails), folders made anew,
    links kept as links."""
    mode = source.lstat().st_mode
    if stat.S_ISLNK(mode):
        os.symlink(os.readlink(source), dest)
    elif stat.S_ISDIR(mode):
        shutil.copytree(source, dest, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(str(source), str(dest))


def _link_or_copy(source: str, dest: str) -> None:
    try:
        os.link(source, dest, follow_symlinks=False)
    except OSError:
        if stat.S_ISREG(os.lstat(source).st_mode):  # never open a FIFO or a device to copy it
            shutil.copy2(source, dest, follow_symlinks=False)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

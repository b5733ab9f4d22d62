"""The files of a repository folder, each with the name findings show for it.

A name comes from the directory listing, so a pull request chooses it: one that is not UTF-8
(Python keeps its bytes as lone surrogates) or that holds control characters cannot be named
safely in findings, pages or links. Such a file is not loaded; it gets a Document carrying an
SRC014 finding under its escaped name instead, so the name reaches no output raw and every
loaded file's name is the real one (the site links to it, git history looks it up by it).
"""

from __future__ import annotations

from pathlib import Path

from governance.codes import SRC014
from governance.printable import printable, printable_name
from governance.source.document import START, Document, make_finding


def folder_files(
    root: Path, folder: str, pattern: str
) -> tuple[list[tuple[Path, str]], list[Document]]:
    """The files in `root/folder` matching `pattern`, sorted, each with its name relative to
    the root; and a Document with an SRC014 finding for each file whose name is refused."""
    base = root / folder
    if not base.is_dir():
        return [], []
    files: list[tuple[Path, str]] = []
    refused: list[Document] = []
    for path in sorted(base.glob(pattern)):
        display = path.relative_to(root).as_posix()
        if printable_name(display):
            files.append((path, display))
        else:
            refused.append(refused_name(display))
    return files, refused


def refused_name(display: str) -> Document:
    shown = printable(display)
    message = (
        "the file name is not UTF-8 or holds control characters, so it cannot be shown as it "
        "is; the file was not read"
    )
    hint = "rename it with printable UTF-8 characters"
    finding = make_finding(shown, SRC014, START, message, hint)
    return Document(shown, None, findings=(finding,))

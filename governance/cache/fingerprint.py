"""The loader fingerprint: what, besides a file's bytes, decides its Document and its schema
findings. Computed at run time from the installed files, so an edited or upgraded mlgov never
reads entries an older loader wrote."""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import yaml

from governance import __version__

PACKAGE = Path(__file__).resolve().parent.parent
# The loaders, the schemas and their validation, the Finding type, and this cache's encoding.
SOURCES = ("source", "schemas", "cache")
FILES = ("findings.py",)
# Libraries whose behaviour shows in Documents (libyaml's events and errors) or in schema
# findings (jsonschema's messages).
LIBRARIES = ("jsonschema", "referencing")


@cache
def loader_fingerprint() -> str:
    digest = hashlib.sha256()
    for part in _versions():
        digest.update(part.encode() + b"\0")
    for path in _files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _versions() -> list[str]:
    versions = [__version__, sys.version, yaml.__version__, str(yaml.__with_libyaml__)]
    return versions + [_installed(library) for library in LIBRARIES]


def _installed(library: str) -> str:
    """The library's installed distribution, from the name of its .dist-info (or .egg-info)
    folder beside it: importlib.metadata would cost more than the rest of the cache's start."""
    spec = find_spec(library)
    if spec is None or not spec.origin:
        return f"{library} missing"
    package = Path(spec.origin).parent
    infos = sorted(p.name for p in package.parent.glob(f"{library}-*-info"))
    if infos:
        return " ".join(infos)
    return f"{library} {package} {package.stat().st_mtime_ns}"  # no metadata: any change misses


def _files() -> list[Path]:
    found = [PACKAGE / name for name in FILES]
    for folder in SOURCES:
        found += (p for p in (PACKAGE / folder).rglob("*") if p.suffix in (".py", ".json"))
    return sorted(found)

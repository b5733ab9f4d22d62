"""The vendored browser scripts are the published npm packages' files, byte for byte.

`npm ci` (which `.ci/run` runs) installs the versions package-lock.json pins, checked against
the registry's integrity hashes; each copy under site_builder/static/vendor/ must equal the
installed file. Without Node.js the comparison cannot be made, and the test says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.assets import SCRIPTS, VENDOR_SOURCES

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "site_builder" / "static"
MODULES = ROOT / "node_modules"


def test_every_vendored_script_has_a_source_and_a_licence() -> None:
    vendored = {name for name in SCRIPTS.values() if name.startswith("vendor/")}
    assert vendored == set(VENDOR_SOURCES)
    for package, _ in VENDOR_SOURCES.values():
        assert (STATIC / "vendor" / f"{package}.LICENSE").is_file()


def test_vendored_versions_are_the_pinned_ones() -> None:
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]
    readme = (STATIC / "vendor" / "README.md").read_text()
    for package, _ in VENDOR_SOURCES.values():
        assert f"{package} {pinned[package]}" in readme


@pytest.mark.parametrize("name", sorted(VENDOR_SOURCES))
def test_vendored_copy_equals_the_npm_package_file(name: str) -> None:
    package, inner = VENDOR_SOURCES[name]
    installed = MODULES / package / inner
    if not installed.is_file():
        pytest.skip(f"{package} is not installed (run `npm ci --ignore-scripts`) to compare")
    version = json.loads((MODULES / package / "package.json").read_text())["version"]
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"][package]
    assert version == pinned, f"node_modules holds {package} {version}, package.json pins {pinned}"
    assert (STATIC / name).read_bytes() == installed.read_bytes()

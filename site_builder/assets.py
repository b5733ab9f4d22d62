"""The browser scripts the site ships: our own (site_builder/static/) and those of the npm
packages declared in package.json (installed by `make site` with `npm ci`), copied into the
docs folder so the site loads nothing from another host and still works from file://."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from governance.source.files import read_regular, within
from governance.source.limits import MAX_FILE_BYTES

# Site path -> file inside node_modules. package.json pins the versions.
VENDOR = {
    "assets/vendor/iframe-worker-shim.js": "iframe-worker/shim/index.js",
    "assets/vendor/tablesort.min.js": "tablesort/dist/tablesort.min.js",
    "assets/vendor/tablesort.number.min.js": "tablesort/dist/sorts/tablesort.number.min.js",
}
OWN = {"assets/mlgov.js": "mlgov.js"}


@dataclass(frozen=True)
class Assets:
    files: dict[str, str]
    missing: tuple[str, ...]  # npm files not found: search from file:// or sorting will not work

    def warning(self) -> str:
        if not self.missing:
            return ""
        return (
            f"site scripts missing ({', '.join(self.missing)}): search from file:// and table "
            "sorting are off; run `npm ci` next to package.json (make site does)"
        )


def node_modules_candidates(root: Path) -> tuple[Path, ...]:
    """The governance repository's own packages first, then those of the mlgov checkout."""
    return (root / "node_modules", Path(__file__).resolve().parent.parent / "node_modules")


def site_assets(root: Path) -> Assets:
    files = {
        site: resources.files("site_builder").joinpath("static", name).read_text("utf-8")
        for site, name in OWN.items()
    }
    missing = []
    for site, rel in VENDOR.items():
        found = next((t for d in node_modules_candidates(root) if (t := _read(root, d, rel))), None)
        if found is None:
            missing.append(rel)
        else:
            files[site] = found
    return Assets(files, tuple(missing))


def _read(root: Path, modules: Path, rel: str) -> str | None:
    """The script, or None when absent or unusable. The repository's own node_modules is
    the pull request's to fill: a link out of it (to a runner's secrets, say) is not
    followed into the published site, and a FIFO is not waited on."""
    path = modules / rel
    if modules == root / "node_modules" and not within(path, root):
        return None
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
        return raw.decode("utf-8") if len(raw) <= MAX_FILE_BYTES else None
    except (OSError, UnicodeDecodeError):
        return None

"""The browser scripts the site ships: our own (site_builder/static/) and those of the npm
packages declared in package.json (installed by `make site` with `npm ci`), copied into the
docs folder so the site loads nothing from another host and still works from file://."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

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
        found = next((d / rel for d in node_modules_candidates(root) if (d / rel).is_file()), None)
        if found is None:
            missing.append(rel)
        else:
            files[site] = found.read_text("utf-8")
    return Assets(files, tuple(missing))

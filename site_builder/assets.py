"""The browser scripts the site ships, all inside the package: our own (site_builder/static/)
and copies of two npm packages' files (site_builder/static/vendor/, see its README), so that
the site loads nothing from another host, works from file://, and a pip-installed mlgov needs
no Node.js."""

from __future__ import annotations

from importlib import resources

# Site path -> file under site_builder/static/.
SCRIPTS = {
    "assets/mlgov.js": "mlgov.js",
    "assets/vendor/iframe-worker-shim.js": "vendor/iframe-worker-shim.js",
    "assets/vendor/tablesort.min.js": "vendor/tablesort.min.js",
    "assets/vendor/tablesort.number.min.js": "vendor/tablesort.number.min.js",
}
# Where each vendored copy comes from: npm package and the file in it (tests compare them).
VENDOR_SOURCES = {
    "vendor/iframe-worker-shim.js": ("iframe-worker", "shim/index.js"),
    "vendor/tablesort.min.js": ("tablesort", "dist/tablesort.min.js"),
    "vendor/tablesort.number.min.js": ("tablesort", "dist/sorts/tablesort.number.min.js"),
}


def site_assets() -> dict[str, str]:
    """Site path -> text of every script the pages load."""
    static = resources.files("site_builder").joinpath("static")
    return {site: static.joinpath(name).read_text("utf-8") for site, name in SCRIPTS.items()}

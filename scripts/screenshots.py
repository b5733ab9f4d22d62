"""Screenshots of the built site from file://, with headless Chromium and no network.

    .venv/bin/python scripts/screenshots.py [--site site] [--out build/screenshots]

Run `mlgov build` first. Needs Debian's `chromium` (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PAGES = {
    "home": "index.html",
    "personas": "personas/index.html",
    "persona": "personas/data-scientist-team-a.html",
    "lint": "lint.html",
    "model": "models/credit-risk-scoring.html",
    "by-risk": "models-by-risk.html",
}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--hide-scrollbars",
]


def screenshot(browser: str, url: str, png: Path, size: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={size}"]
        cmd += [f"--screenshot={png}", url]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    parser.add_argument("--size", default="1280,1600", help="window width,height")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, page in PAGES.items():
        png = (args.out / f"{name}.png").resolve()
        screenshot(browser, (args.site / page).resolve().as_uri(), png, args.size)
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())

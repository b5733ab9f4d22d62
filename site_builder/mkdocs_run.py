"""Running mkdocs: a clean, strict build in-process (no interpreter start-up per build)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from governance.findings import MlgovError


@contextlib.contextmanager
def _quiet_end_of_life_banner() -> Iterator[None]:
    """Material 9.8 prints an end-of-life banner on every build (we know: see DESIGN.md); it
    is not a warning about this site. Only that variable is set, and only for the build."""
    old = os.environ.get("NO_MKDOCS_2_WARNING")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        yield
    finally:
        if old is None:
            del os.environ["NO_MKDOCS_2_WARNING"]
        else:
            os.environ["NO_MKDOCS_2_WARNING"] = old


@contextlib.contextmanager
def _show_warnings() -> Iterator[None]:
    """In-process, mkdocs' CLI logging set-up does not run, so its warnings would vanish
    (strict mode still counts them). Print them to stderr for the length of the build."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


@dataclass(frozen=True)
class Built:
    directory_urls: bool  # where the page of `a/b.md` went: a/b/index.html, else a/b.html


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, strict: bool = True) -> Built:
    """A clean build (never `--dirty`: it misses pages whose links changed). With `strict`,
    any mkdocs warning aborts the build, as an `MlgovError` (exit 2)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    with _quiet_end_of_life_banner(), _show_warnings():
        config = load_config(
            config_file=str(config_file),
            docs_dir=str(docs_dir),
            site_dir=str(site_dir),
            strict=strict,
        )
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config, dirty=False)
        except Abort as error:  # a SystemExit: turned into the CLI's one-line user error
            raise MlgovError(f"the site was not built: {error}") from None
        finally:
            config.plugins.on_shutdown()
    if not config.site_url:
        relative_404(site_dir / "404.html")
    return Built(bool(config.use_directory_urls))


# mkdocs writes the 404 page with root-absolute URLs ("/assets/…"): a server may send it for a
# missing page at any depth. From file:// those URLs point at the file system's root, and the
# page comes out unstyled. So its URLs are made relative to the site root, and a script put
# before them sets `<base href="/">` whenever the page is not read from a file: on a server it
# behaves as before, from file:// it finds its assets beside it.
_ROOT_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')
_BASE = '<script>if(location.protocol!=="file:")document.write(\'<base href="/">\')</script>'


def relative_404(page: Path) -> None:
    if not page.is_file():
        return
    html = _ROOT_URL.sub(r"\1", page.read_text("utf-8"))
    # in the site folder being built (as fragments.inject writes), not yet published
    page.write_text(html.replace("<head>", "<head>" + _BASE, 1), "utf-8")


def serve_site(config_file: Path, docs_dir: Path, port: int) -> None:
    """mkdocs' live-reload server, on 127.0.0.1 only: a preview, not a web server."""
    from mkdocs.commands.serve import serve

    print(f"serving on http://127.0.0.1:{port}/ (Ctrl-C stops)", file=sys.stderr)
    with _quiet_end_of_life_banner(), _show_warnings():
        serve(str(config_file), dev_addr=f"127.0.0.1:{port}", docs_dir=str(docs_dir))

"""`mlgov build` and `mlgov serve`: lint -> compile -> site -> PDFs, and a live preview.

site_builder and mkdocs are imported inside the handlers, so that the other commands never
load them.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from governance.findings import MlgovError
from mlgov.cli.common import WORK_FOLDERS, checked_config, global_options, source_folders
from mlgov.cli.exits import Exit


def register(subparsers: Any) -> None:
    build = subparsers.add_parser("build", help="lint, compile and build the governance site")
    build.add_argument("--out", type=Path, help="the site folder (default: site/)")
    build.add_argument(
        "--force", action="store_true", help="build the site even when lint has failing findings"
    )
    build.add_argument("--no-pdf", action="store_true", help="skip the PDFs of the model cards")
    build.add_argument(
        "--jobs", type=_positive, metavar="N", help="processes rendering PDFs (default: CPUs)"
    )
    build.set_defaults(handler=build_command)
    serve = subparsers.add_parser("serve", help="preview the site; rebuilds when YAML changes")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    serve.set_defaults(handler=serve_command)


def build_command(args: argparse.Namespace) -> int:
    """Everything that can be refused is, before any work (exit 2): the configuration, the
    output folders, mlgov's working folders, mkdocs.yml. The rest runs under the repository's
    lock; compiled/ and the site are each built aside and swapped in whole."""
    from governance.iam.output import write_bundles
    from governance.lint.reporters import REPORTERS
    from governance.outputs import repository_lock, staged
    from site_builder.build import build_site
    from site_builder.data import load_inputs
    from site_builder.publish import SITE, carry_site

    root = _root(args)
    site_dir, compiled = _claim_outputs(args, root)
    with repository_lock(root):
        inputs = load_inputs(root, cached=not global_options(args).no_cache)
        if inputs.lint.findings:
            sys.stdout.write(REPORTERS["text"](inputs.lint))
        if inputs.lint.failing and not args.force:
            print(
                "mlgov: site not built: fix the failing findings, or pass --force", file=sys.stderr
            )
            return Exit.FINDINGS
        changed = write_bundles(list(inputs.bundles), compiled)
        print(f"compiled {len(inputs.bundles)} persona(s) into {compiled} ({len(changed)} changed)")
        cached = _cached_pdfs(inputs) if args.no_pdf else None
        if cached is not None:  # the pages link to the PDFs the site will hold, no others
            inputs = replace(inputs, pdfs=frozenset(job.id for job in cached))
        with staged(site_dir, SITE, carry_site) as stage:
            result = build_site(root, site_dir=stage, inputs=inputs)
            if cached is None:
                _build_pdfs(inputs, stage, args.jobs)
            else:
                _publish_cached(cached, stage)
    print(f"site in {site_dir} ({len(result.pages.written)} page(s) rewritten)")
    return Exit.FINDINGS if inputs.lint.failing else Exit.CLEAN


def _claim_outputs(args: argparse.Namespace, root: Path) -> tuple[Path, Path]:
    """The site and compiled folders, links resolved; MlgovError (exit 2) when either cannot
    be mlgov's output, or when a working folder or mkdocs.yml is not what it must be."""
    from governance.outputs import claim_output, work_folders
    from mlgov.cli.compile import claim_compiled
    from site_builder.publish import SITE

    config = checked_config(args)
    work_folders(root, *WORK_FOLDERS)
    _check_mkdocs_file(root / "mkdocs.yml", root)
    compiled = root / config.compiled
    protected = source_folders(root, config) | {"compiled": compiled}
    site = claim_output(args.out or root / "site", SITE, root, protected, args.out is not None)
    return site, claim_compiled(root, config, compiled, explicit=False)


def _check_mkdocs_file(path: Path, root: Path) -> None:
    """The optional override of the site configuration: a FIFO there would hang the build, a
    link out of the repository have it read another file."""
    from governance.source.files import within

    if not os.path.lexists(path):
        return
    if not within(path, root):
        raise MlgovError(f"{path.name} leads outside the repository; the site is not built")
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise MlgovError(f"{path.name}: {error.strerror}; the site is not built") from None
    if not stat.S_ISREG(mode):
        raise MlgovError(f"{path.name} is not a regular file; the site is not built")


def _cached_pdfs(inputs: Any) -> list[Any]:
    from site_builder.pdf.build import cached_pdfs

    return cached_pdfs(inputs)


def _publish_cached(cached: list[Any], site_dir: Path) -> None:
    from site_builder.pdf.build import publish_cached

    publish_cached(cached, site_dir)
    print(f"--no-pdf: {len(cached)} PDF(s) from the cache, none rendered")


def _build_pdfs(inputs: Any, site_dir: Path, jobs: int | None) -> None:
    """After mkdocs, into the new site folder: the PDFs go into `<site>/pdf/`."""
    from site_builder.pdf.build import build_pdfs
    from site_builder.pdf.render import harfbuzz_subset_available

    if not harfbuzz_subset_available():
        print(
            "note: WeasyPrint found no harfbuzz-subset library (Debian: libharfbuzz-subset0): "
            "PDFs render about 2.4x slower (install it where you can)"
        )
    report = build_pdfs(inputs, site_dir, jobs=jobs)
    for doc_id, urls in sorted(report.refused.items()):
        print(f"{doc_id}.pdf: {len(urls)} external reference(s) refused (PDFs load nothing)")
    print(report.summary_line())


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def serve_command(args: argparse.Namespace) -> int:
    """mkdocs' own server on 127.0.0.1. A polling thread regenerates the pages when the data
    changes; mkdocs watches the docs folder and rebuilds. No plugin, no hook into mkdocs.
    The pages are written under the repository's lock: a `mlgov build` reads the same
    build/docs folder."""
    from governance.outputs import repository_lock, work_folders
    from site_builder.build import generate_pages, site_config_file
    from site_builder.data import load_inputs
    from site_builder.mkdocs_run import serve_site

    root = _root(args)
    work_folders(root, *WORK_FOLDERS)
    _check_mkdocs_file(root / "mkdocs.yml", root)
    docs = root / "build" / "docs"

    def regenerate() -> None:
        with repository_lock(root):
            generate_pages(load_inputs(root), docs)

    with repository_lock(root):
        config = site_config_file(root, load_inputs(root).repo)
    regenerate()
    import threading  # `serve` alone watches files; every command imports this module

    threading.Thread(target=_regenerate_on_change, args=(root, regenerate), daemon=True).start()
    serve_site(config, docs, args.port)
    return Exit.CLEAN


DATA_FOLDERS = ("personas", "policies", "cards", "snapshots")


def _data_state(root: Path) -> tuple[tuple[str, int], ...]:
    files = [root / "pyproject.toml", root / "mlgov.yaml"]
    files += [p for d in DATA_FOLDERS for p in sorted((root / d).rglob("*")) if p.is_file()]
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.is_file())


def _regenerate_on_change(root: Path, regenerate: Callable[[], object]) -> None:
    state = _data_state(root)
    while True:
        time.sleep(1.0)
        current = _data_state(root)
        if current != state:
            state = current
            try:
                regenerate()
            except Exception as error:  # a half-saved file must not end the preview
                print(f"mlgov serve: pages not regenerated: {error}", file=sys.stderr)


def _root(args: argparse.Namespace) -> Path:
    return global_options(args).root.resolve()

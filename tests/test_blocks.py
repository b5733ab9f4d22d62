"""The page worker (site_builder/blocks.py): a large site's held blocks rendered by a forked
worker while mkdocs runs. The site it builds is the one built without it, byte for byte; a
worker that fails or dies leaves the build whole; a skeleton that does not match its full page
stops the build; an interrupted build leaves no worker behind.

The example repository is small, so each test lowers WORKER_FROM to use the worker on it."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from governance.findings import MlgovError
from site_builder import blocks
from site_builder import build as build_module
from site_builder.build import build_site
from site_builder.data import Inputs, load_inputs, site_data

ROOT = Path(__file__).resolve().parents[1]
PARENT = os.getpid()


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    return load_inputs(ROOT)


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory, inputs: Inputs) -> dict[str, bytes]:
    """The example site built without a worker."""
    out = tmp_path_factory.mktemp("plain")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocks, "WORKER_FROM", 10**9)
        build_site(ROOT, out / "site", out / "docs", inputs)
    return _pages(out / "site")


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def _build(tmp_path: Path, inputs: Inputs) -> dict[str, bytes]:
    build_site(ROOT, tmp_path / "site", tmp_path / "docs", inputs)
    return _pages(tmp_path / "site")


def _build_fails(tmp_path: Path, inputs: Inputs, error: type[BaseException], match: str) -> None:
    with pytest.raises(error, match=match):
        _build(tmp_path, inputs)


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocks, "WORKER_FROM", 1)


def _in_worker() -> bool:
    return os.getpid() != PARENT


@pytest.mark.usefixtures("worker")
def test_the_worker_builds_the_same_site(
    tmp_path: Path, inputs: Inputs, plain_site: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "worker-injected"
    inject = blocks.inject

    def spied(*args: Any) -> None:
        seen.write_text(str(os.getpid()))
        inject(*args)

    monkeypatch.setattr(blocks, "inject", spied)
    built = _build(tmp_path, inputs)
    assert int(seen.read_text()) != PARENT  # the blocks were put in by another process
    assert built.keys() == plain_site.keys()
    assert [p for p in built if built[p] != plain_site[p]] == []
    assert b"mlgov:fragment" not in b"".join(built.values())


def test_skeleton_pages_hold_placeholders_only(inputs: Inputs) -> None:
    from site_builder.pages import render_pages

    data = site_data(inputs)
    full, skeleton = render_pages(data), render_pages(data, skeleton=True)
    assert skeleton.pages == full.pages  # what mkdocs reads is the same
    assert any(full.held.values())
    assert {p: [""] * len(b) for p, b in full.held.items()} == skeleton.held


@pytest.mark.usefixtures("worker")
def test_a_failing_worker_leaves_the_site_whole(
    tmp_path: Path, inputs: Inputs, plain_site: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = blocks.render_pages

    def fails_in_worker(data: Any, *args: Any, **kwargs: Any) -> Any:
        if _in_worker():
            raise MemoryError("the worker ran out of memory")
        return real(data, *args, **kwargs)

    monkeypatch.setattr(blocks, "render_pages", fails_in_worker)
    assert _build(tmp_path, inputs) == plain_site


@pytest.mark.usefixtures("worker")
def test_a_worker_killed_before_it_answers_leaves_the_site_whole(
    tmp_path: Path, inputs: Inputs, plain_site: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blocks, "_work", lambda data, parent: os._exit(9))  # as the OOM killer
    assert _build(tmp_path, inputs) == plain_site


@pytest.mark.usefixtures("worker")
def test_a_worker_that_dies_while_filling_the_pages_fails_the_build(
    tmp_path: Path, inputs: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blocks, "inject", lambda *args: os._exit(9) if _in_worker() else None)
    _build_fails(tmp_path, inputs, MlgovError, "the page worker stopped while putting the blocks")


@pytest.mark.usefixtures("worker")
def test_a_page_that_lost_a_placeholder_fails_the_build_from_the_worker_too(
    tmp_path: Path, inputs: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    inject = blocks.inject

    def theme_ate_one(site: Path, held: Any, directory_urls: bool) -> Any:
        page = site / "index.html"
        page.write_text(page.read_text("utf-8").replace("<!-- mlgov:fragment 0 -->", ""))
        return inject(site, held, directory_urls)

    monkeypatch.setattr(blocks, "inject", theme_ate_one)
    _build_fails(tmp_path, inputs, MlgovError, r"built page of index\.md does not hold each")


@pytest.mark.usefixtures("worker")
def test_a_skeleton_that_does_not_match_stops_the_build(
    tmp_path: Path, inputs: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = blocks.render_pages

    def drifted(data: Any, *args: Any, **kwargs: Any) -> Any:
        rendered = real(data, *args, **kwargs)
        if _in_worker():
            rendered.pages["lint.md"] += "\nsomething the skeleton does not say\n"
        return rendered

    monkeypatch.setattr(blocks, "render_pages", drifted)
    _build_fails(tmp_path, inputs, RuntimeError, r"the skeleton of lint\.md does not read as its")


@pytest.mark.usefixtures("worker")
def test_an_interrupted_build_leaves_no_worker(
    tmp_path: Path, inputs: Inputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blocks, "_work", lambda data, parent: time.sleep(600))

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "run_mkdocs", interrupted)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        _build(tmp_path, inputs)
    assert multiprocessing.active_children() == []
    assert time.monotonic() - started < 60  # the sleeping worker was stopped, not waited for


@pytest.mark.usefixtures("worker")
def test_no_worker_while_other_threads_run(inputs: Inputs) -> None:
    data = site_data(inputs)
    assert blocks.worth_a_worker(data)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not blocks.worth_a_worker(data)
    finally:
        stop.set()
        thread.join()


def test_no_worker_on_a_small_site(inputs: Inputs) -> None:
    assert len(inputs.repo.cards) < blocks.WORKER_FROM
    assert not blocks.worth_a_worker(site_data(inputs))


@pytest.mark.usefixtures("worker")
def test_ctrl_c_is_the_parents_to_handle(
    inputs: Inputs, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C reaches the worker too: it must not print a traceback of its own."""
    import signal

    def slow(data: Any, *args: Any, **kwargs: Any) -> Any:
        time.sleep(1.5)
        raise MemoryError("not reached when interrupted")

    monkeypatch.setattr(blocks, "render_pages", slow)
    with blocks.held_blocks(site_data(inputs)) as held:
        assert held.skeleton
        (worker,) = multiprocessing.active_children()
        time.sleep(0.3)  # started, in the slow rendering
        os.kill(worker.pid, signal.SIGINT)  # type: ignore[arg-type]
        worker.join(5)
        assert worker.exitcode == 0  # it went on, said "failed" and ended, not interrupted
    assert "Traceback" not in capfd.readouterr().err

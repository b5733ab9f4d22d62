"""Run the real collector over HTTP against an in-process moto server holding the demo fleet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from governance.demo import fake_handlers, fleet
from governance.monitoring.collect import Clients, collect
from governance.monitoring.session import make_clients

# moto accepts any keys; these never leave 127.0.0.1.
FAKE_KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@contextmanager
def moto_server() -> Iterator[str]:
    """A moto server on 127.0.0.1 (its default bind is 0.0.0.0) on a free port."""
    fake_handlers.install()
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def reset_moto() -> None:
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()
    fake_handlers.reset()


def demo_snapshot(
    plan: str = "auto",
    violations: bool = True,
    prepare: Callable[[Clients], None] | None = None,
) -> dict[str, Any]:
    """The demo account's snapshot; `prepare` may adjust the clients after seeding (tests
    attach faults to them)."""
    with moto_server() as url:
        reset_moto()
        clients, account, region = make_clients(
            region=fleet.REGION, role_arn=fleet.ROLE, endpoint_url=url, credentials=FAKE_KEYS
        )
        fleet.seed(clients.sagemaker, clients.cloudwatch, clients.s3)
        fleet.settle(account, region)
        if prepare is not None:
            prepare(clients)
        try:
            return collect(
                clients,
                account=account,
                region=region,
                now=fleet.NOW,
                source="demo",
                plan=plan,
                violations=violations,
            )
        finally:
            reset_moto()

"""Helpers (no tests): a FAULT-INJECTING HTTP server on 127.0.0.1 in front of moto's server.

Requests are matched by operation (the JSON protocols' X-Amz-Target, CloudWatch's CBOR path
`/service/<prefix>/operation/<Op>`, the query protocol's `Action=`, S3's GET = GetObject) and
optionally by a substring of the body. A matching rule answers itself with its fault; anything
else goes through to moto unchanged. Unlike the botocore `before-send` faults of
test_monitoring_helpers.py, these travel over a real socket, so botocore's parsers, timeouts and
connection handling are exercised on bytes a broken network or proxy really sends.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

JSON = "application/x-amz-json-1.1"
HANG_LIMIT = 30.0  # a hung request is released at the latest after this (or at server stop)


@dataclass
class Reply:
    """A canned answer."""

    status: int
    body: bytes
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)


# What the server does instead of answering: close with a TCP reset, never answer, send a
# Content-Length longer than the body and close, or answer (moto's) first page with a NextToken
# that never ends (the request's NextToken is dropped before moto sees it).
RESET, HANG, TRUNCATE, ENDLESS = "reset", "hang", "truncate", "endless"
Rewrite = Callable[[dict[str, Any]], dict[str, Any]]  # moto's JSON answer → the one sent


@dataclass
class Rule:
    operation: str | tuple[str, ...]  # API names: "Search", "ListModels", "AssumeRole", ...
    fault: Reply | str | Rewrite
    match: str = ""  # only requests whose body contains this
    times: int | None = None  # None: always
    seen: int = 0

    def applies(self, operation: str, body: bytes) -> bool:
        names = (self.operation,) if isinstance(self.operation, str) else self.operation
        if operation not in names or self.match.encode() not in body:
            return False
        return self.times is None or self.seen < self.times


def garbage_json() -> Reply:
    return Reply(200, b'{"garbage": [1, 2, 3], "NextToken": 7}')


def html_page() -> Reply:
    page = b"<html><head><title>Hotel Wi-Fi</title></head><body>Please log in</body></html>"
    return Reply(200, page, "text/html")


def server_error(body: bytes = b"<html><body>502 Bad Gateway</body></html>") -> Reply:
    return Reply(500, body, "text/html")


def throttled() -> Reply:
    body = {"__type": "ThrottlingException", "message": "Rate exceeded"}
    return Reply(400, json.dumps(body).encode())


def sts_denied() -> Reply:
    body = (
        b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>'
        b"<Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform "
        b"sts:AssumeRole</Message></Error><RequestId>fault</RequestId></ErrorResponse>"
    )
    return Reply(403, body, "text/xml")


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream = urlsplit(upstream)
        self.rules: list[Rule] = []
        self.released = threading.Event()
        self.lock = threading.Lock()
        self.operations: list[str] = []  # every request seen, in order
        self.callers: list[tuple[str, str]] = []  # (operation, access key id) of each

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def rule_for(self, operation: str, body: bytes, key: str) -> Rule | None:
        with self.lock:
            self.operations.append(operation)
            self.callers.append((operation, key))
            for rule in self.rules:
                if rule.applies(operation, body):
                    rule.seen += 1
                    return rule
        return None

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout) or a reset we sent: not worth a traceback."""


@contextmanager
def fault_server(upstream: str) -> Iterator[FaultServer]:
    server = FaultServer(upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.released.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


_SIGNED_BY = re.compile(r"Credential=([^/]+)/")
_CBOR_PATH = re.compile(r"/service/[^/]+/operation/([A-Za-z]+)$")


def operation_of(method: str, path: str, headers: Any, body: bytes) -> str:
    target = headers.get("X-Amz-Target")
    if target:
        return str(target).rsplit(".", 1)[-1]
    if found := _CBOR_PATH.search(urlsplit(path).path):
        return found.group(1)
    action = parse_qs(body.decode("utf-8", "replace")).get("Action")
    if action:
        return action[0]
    return "GetObject" if method == "GET" else method


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as botocore's pool expects
    server: FaultServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: one line per request otherwise."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def _serve(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        operation = operation_of(self.command, self.path, self.headers, body)
        signed = _SIGNED_BY.search(self.headers.get("Authorization", ""))
        rule = self.server.rule_for(operation, body, signed.group(1) if signed else "")
        fault = None if rule is None else rule.fault
        if isinstance(fault, Reply):
            self._send(fault.status, fault.body, fault.content_type, fault.headers)
        elif fault == RESET:
            self._reset()
        elif fault == HANG:
            self.server.released.wait(HANG_LIMIT)
            self.close_connection = True
        elif fault == TRUNCATE:
            self._truncated()
        elif fault == ENDLESS:
            request = {k: v for k, v in json.loads(body).items() if k != "NextToken"}
            self._forward(json.dumps(request).encode(), lambda page: {**page, "NextToken": "again"})
        else:
            self._forward(body, fault if callable(fault) else None)

    def _forward(self, body: bytes, rewrite: Rewrite | None) -> None:
        del self.headers["Content-Length"]
        self.headers["Content-Length"] = str(len(body))
        status, headers, answer = self._upstream(body)
        if rewrite is not None and status == 200:
            answer = json.dumps(rewrite(json.loads(answer))).encode()
        self._send(status, answer, headers.get("Content-Type", JSON), _kept(headers))

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _reset(self) -> None:
        """Close with RST, not FIN: SO_LINGER on, timeout 0."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _truncated(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", JSON)
        self.send_header("Content-Length", "4096")
        self.end_headers()
        self.wfile.write(b'{"Models": [{"ModelName": "cut-sho')
        self.wfile.flush()
        self.close_connection = True

    def _upstream(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        up = self.server.upstream
        connection = http.client.HTTPConnection(up.hostname or "127.0.0.1", up.port, timeout=30)
        try:
            connection.request(self.command, self.path, body, dict(self.headers))
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


_DROPPED = {"content-length", "content-type", "transfer-encoding", "connection", "date", "server"}


def _kept(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in _DROPPED}

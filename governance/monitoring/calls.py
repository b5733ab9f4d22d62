"""Counted, paged, checked boto3 calls; every failure becomes a record instead of an exception.

A call's failure is whatever keeps its answer from being read: an error the service returned
(its code), a connection that failed or timed out (botocore's exception name), an answer that is
not what the API sends (InvalidResponse: a proxy's page, a truncated body, a missing key), a
paging that does not end, or the target's deadline (DeadlineExceeded). Each becomes a
SectionUnreadable, so its section lands in the snapshot's `errors`, never in a traceback and
never as an empty list that would read as OK.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from governance.monitoring.budget import Budget, DeadlineExceeded
from governance.monitoring.expect import BadShape, check
from governance.monitoring.responses import expected

PAGE_SIZE = 100  # the maximum for every paged SageMaker call: fewer calls, less throttling
MAX_PAGES = 1000  # 100,000 items of one kind: past that, a paging that does not end
MESSAGE = 300  # characters of a message kept in the snapshot

DEADLINE = "DeadlineExceeded"
INVALID = "InvalidResponse"
# Codes that say "this call is not offered here" (denied, or an operation or resource type the
# region or a local fake lacks): another plan may still read the section. A throttled, broken or
# timed-out search is no reason to fall back: the list plan would send more calls to an
# account that already cannot answer.
UNAVAILABLE = frozenset(
    {"AccessDeniedException", "AccessDenied", "ValidationException", "UnknownOperationException"}
)


class SectionUnreadable(Exception):
    """A section could not be read; carries what the snapshot's `errors` list records."""

    def __init__(self, operation: str, code: str, message: str) -> None:
        super().__init__(f"{operation}: {code}: {message}")
        self.operation = operation
        self.code = code
        self.message = message[:MESSAGE]

    @property
    def unavailable(self) -> bool:
        return self.code in UNAVAILABLE


class Caller:
    """Makes calls, counts them per operation, checks each answer against its spec
    (responses.py), and turns failures into SectionUnreadable.

    Retries (throttling, 5xx, timeouts) happen inside botocore, configured on the client and
    bounded by the budget's hooks; what still fails after them is recorded, never swallowed.
    """

    def __init__(self, budget: Budget | None = None) -> None:
        self.counts: Counter[str] = Counter()
        self.budget = budget
        self._body = _LastBody()

    def call(self, client: Any, operation: str, **params: Any) -> dict[str, Any]:
        name = f"{client.meta.service_model.service_name}.{operation}"
        if self.budget is not None and self.budget.expired():
            raise SectionUnreadable(name, DEADLINE, self.budget.describe())
        self.counts[name] += 1
        self._body.watch(client)
        response = self._send(client, name, operation, params)
        try:
            check(response, expected(name, params))
        except BadShape as error:
            raise SectionUnreadable(name, INVALID, f"{error}{self._body.shown()}") from error
        return response

    def pages(
        self,
        client: Any,
        operation: str,
        key: str,
        token: str = "NextToken",
        page_size: int = PAGE_SIZE,
        **params: Any,
    ) -> Iterator[dict[str, Any]]:
        """Every item of a paged list; `token` names the request and response cursor. A cursor
        seen before, or more than MAX_PAGES pages, is an error: the paging would not end."""
        size = "MaxRecords" if operation == "describe_alarms" else "MaxResults"
        params[size] = page_size
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            response = self.call(client, operation, **params)
            yield from response[key]
            cursor = response.get(token)
            if not cursor:
                return
            if cursor in seen:
                raise self._endless(client, operation, f"{token} {cursor[:40]!r} came back again")
            seen.add(cursor)
            params[token] = cursor
        raise self._endless(client, operation, f"more than {MAX_PAGES} pages")

    def _endless(self, client: Any, operation: str, why: str) -> SectionUnreadable:
        name = f"{client.meta.service_model.service_name}.{operation}"
        return SectionUnreadable(name, "PagingDoesNotEnd", why)

    def _send(
        self, client: Any, name: str, operation: str, params: dict[str, Any]
    ) -> dict[str, Any]:
        try:
            return getattr(client, operation)(**params)
        except ClientError as error:
            info = error.response.get("Error", {})
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            code = str(info.get("Code") or status or "ClientError")
            raise SectionUnreadable(name, code, str(info.get("Message", ""))) from error
        except DeadlineExceeded as error:
            raise SectionUnreadable(name, DEADLINE, str(error)) from error
        except BotoCoreError as error:  # no connection, timeouts, a closed connection
            raise SectionUnreadable(name, type(error).__name__, str(error)) from error
        except Exception as error:
            # botocore's parsers raise plain exceptions (ResponseParserError, AttributeError,
            # ValueError, KeyError) on an answer that is not what the API sends: a wrong answer,
            # not a bug here.
            problem = f"the answer does not parse ({type(error).__name__}: {error})"
            raise SectionUnreadable(name, INVALID, f"{problem}{self._body.shown()}") from error


class _LastBody:
    """The start of the last answer's body, per thread, for the message of a wrong answer: a
    login page or a truncated body says more than "Models: missing". Taken from botocore's
    `before-parse` event, so it is there even when parsing fails; streamed bodies (S3 objects)
    are left unread."""

    SHOWN = 120

    def __init__(self) -> None:
        self._local = threading.local()
        self._watched: set[int] = set()

    def watch(self, client: Any) -> None:
        self._local.body = b""
        if id(client) not in self._watched:
            self._watched.add(id(client))
            service = client.meta.service_model.service_id.hyphenize()
            client.meta.events.register(f"before-parse.{service}", self._keep)

    def _keep(self, response_dict: dict[str, Any], **_: Any) -> None:
        body = response_dict.get("body")
        self._local.body = body[: self.SHOWN] if isinstance(body, bytes) else b""

    def shown(self) -> str:
        body: bytes = getattr(self._local, "body", b"")
        if not body:
            return ""
        return f"; the answer began {body.decode('utf-8', 'replace')!r}"

"""Counted, paged boto3 calls; errors become records instead of exceptions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

PAGE_SIZE = 100  # the maximum for every paged SageMaker call: fewer calls, less throttling


class SectionUnreadable(Exception):
    """A section could not be read; carries what the snapshot's `errors` list records."""

    def __init__(self, operation: str, code: str, message: str) -> None:
        super().__init__(f"{operation}: {code}: {message}")
        self.operation = operation
        self.code = code
        self.message = message


class Caller:
    """Makes calls, counts them per operation, and turns failures into SectionUnreadable.

    Retries (throttling, 5xx) happen inside botocore, configured on the client; what still
    fails after them is recorded, never swallowed into an empty list that would read as OK.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def call(self, client: Any, operation: str, **params: Any) -> dict[str, Any]:
        name = f"{client.meta.service_model.service_name}.{operation}"
        self.counts[name] += 1
        try:
            return getattr(client, operation)(**params)
        except ClientError as error:
            info = error.response.get("Error", {})
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            code = str(info.get("Code") or status or "ClientError")
            raise SectionUnreadable(name, code, str(info.get("Message", ""))[:300]) from error
        except BotoCoreError as error:
            raise SectionUnreadable(name, type(error).__name__, str(error)[:300]) from error

    def pages(
        self, client: Any, operation: str, key: str, token: str = "NextToken", **params: Any
    ) -> Iterator[dict[str, Any]]:
        """Every item of a paged list; `token` names the request and response cursor."""
        size = "MaxRecords" if token == "NextToken" and operation == "describe_alarms" else None
        params[size or "MaxResults"] = PAGE_SIZE
        while True:
            response = self.call(client, operation, **params)
            yield from response.get(key, [])
            cursor = response.get(token)
            if not cursor:
                return
            params[token] = cursor

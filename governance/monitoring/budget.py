"""Time limits on one account and region: a wall-clock deadline and a cap on retrying one call.

botocore bounds each attempt (connect and read timeouts, session.py) and the number of attempts,
but not the whole: a call that never answers, or a throttled account, can retry and back off for
minutes, and each of hundreds of calls may do so. The budget's hooks on the clients check the
clock where botocore decides: before each call (`before-call`: past the deadline, no request is
sent) and before each retry (`needs-retry`: no retry once the call has retried for
`retry_seconds` or the deadline is too close for another attempt). So a target ends at the
latest one attempt (connect + read timeout) after its deadline, whatever the cloud does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

DEFAULT_TIMEOUT = 300.0  # per account and region
RETRY_SECONDS = 45.0  # the most one call spends retrying
MAX_BACKOFF = 20.0  # botocore's cap on one retry's sleep (retries/standard.py)


class DeadlineExceeded(Exception):
    """Raised by the `before-call` hook: the target's time is up, the call was not made."""


class Budget:
    """The deadline of one target, counted from its creation on a monotonic clock."""

    def __init__(
        self,
        seconds: float = DEFAULT_TIMEOUT,
        retry_seconds: float = RETRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        stop: threading.Event | None = None,
    ) -> None:
        self.seconds = seconds
        self.retry_seconds = retry_seconds
        self._clock = clock
        self._ends = clock() + seconds
        self._stop = stop  # set when the run is interrupted: every budget is then spent
        self._local = threading.local()  # when the current call began, per thread

    def remaining(self) -> float:
        if self._stop is not None and self._stop.is_set():
            return 0.0
        return self._ends - self._clock()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def describe(self) -> str:
        if self._stop is not None and self._stop.is_set():
            return "the run was interrupted"
        return f"the {self.seconds:g} s deadline of this account and region passed"

    def attach(self, client: Any) -> None:
        """Hook the checks into a client's events (every operation of that client)."""
        service = client.meta.service_model.service_id.hyphenize()
        client.meta.events.register(f"before-call.{service}", self._before_call)
        # First among the retry handlers: a False answer ends the retries (botocore takes the
        # first answer that is not None); None leaves the decision to botocore's own handler.
        client.meta.events.register_first(f"needs-retry.{service}", self._needs_retry)

    def _before_call(self, **_: Any) -> None:
        if self.expired():
            raise DeadlineExceeded(self.describe())
        self._local.started = self._clock()

    def _needs_retry(self, attempts: int, **_: Any) -> bool | None:
        spent = self._clock() - getattr(self._local, "started", self._clock())
        backoff = min(MAX_BACKOFF, 2.0 ** (attempts - 1))  # the longest sleep before the next try
        if spent + backoff > self.retry_seconds or backoff >= self.remaining():
            return False
        return None

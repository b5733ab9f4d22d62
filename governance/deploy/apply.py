"""Running a plan: its calls in order, stopping at the first error.

Nothing is retried or rolled back: every change is safe to leave half-done, because the next
plan is computed from the account again and finishes the job."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from governance.deploy.observe import error_text
from governance.deploy.plan import Call, Change, Plan
from governance.findings import MlgovError


@dataclass(frozen=True)
class Outcome:
    done: tuple[Change, ...]
    not_done: tuple[Change, ...] = ()
    failed: Change | None = None
    failed_call: str = ""
    error: str = ""
    calls_done_in_failed: int = 0  # calls of the failed change that succeeded

    @property
    def ok(self) -> bool:
        return self.failed is None


def apply_plan(iam: Any, plan: Plan, sagemaker: Callable[[str], Any] | None = None) -> Outcome:
    """`sagemaker(region)` gives the SageMaker client of a region, for user-profile calls."""
    if plan.refusals:
        raise MlgovError(
            f"nothing applied: {len(plan.refusals)} conflict(s) with what mlgov does not own;"
            f" first: {plan.refusals[0]}"
        )
    changes = plan.changes
    for index, change in enumerate(changes):
        for position, call in enumerate(change.calls):
            try:
                getattr(_client(call, iam, sagemaker), call.operation)(**call.params)
            except (ClientError, BotoCoreError) as error:
                return Outcome(
                    done=changes[:index],
                    not_done=changes[index + 1 :],
                    failed=change,
                    failed_call=call.operation,
                    error=error_text(error),
                    calls_done_in_failed=position,
                )
    return Outcome(done=changes)


def _client(call: Call, iam: Any, sagemaker: Callable[[str], Any] | None) -> Any:
    if call.service == "iam":
        return iam
    if sagemaker is None:
        raise MlgovError(f"no SageMaker client for {call.operation} in {call.region}")
    return sagemaker(call.region)

"""Several accounts and regions at once: one snapshot each, a bounded pool, a fixed order.

A target that cannot be read at all (its role cannot be assumed, the identity call fails, its
deadline passes) does not stop the others. When its account is known (from the role ARN) it
still gets a snapshot: every section in `errors` with the cause, so the dashboard shows that
account Unknown instead of leaving it out or showing an older file's OK. Without a role the
account is not known and nothing can be written: the outcome says why. Only a problem of the
local configuration (no region, an unknown profile, no credentials) stops the run, as MlgovError,
since no target could succeed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from governance.findings import MlgovError
from governance.monitoring.budget import DEFAULT_TIMEOUT, Budget
from governance.monitoring.calls import SectionUnreadable
from governance.monitoring.collect import collect, unreadable_target
from governance.monitoring.session import MAX_ATTEMPTS, READ_TIMEOUT, make_clients

ROLE_ARN = re.compile(r"arn:[a-z-]+:iam::([0-9]{12}):role/[\w+=,.@/-]+")


@dataclass(frozen=True)
class Target:
    region: str | None
    role_arn: str | None

    def describe(self) -> str:
        return f"region {self.region or '(default)'}, role {self.role_arn or '(none)'}"

    @property
    def account(self) -> str | None:
        """The account the role is in, known before any call; None without a role."""
        found = ROLE_ARN.fullmatch(self.role_arn or "")
        return found.group(1) if found else None


def check_role_arn(arn: str) -> str:
    if not ROLE_ARN.fullmatch(arn):
        raise MlgovError(
            f"--role-arn {arn!r} is not a role ARN: expected arn:aws:iam::<12-digit account>:"
            "role/<name>"
        )
    return arn


@dataclass(frozen=True)
class Options:
    profile: str | None = None
    endpoint_url: str | None = None
    plan: str = "auto"
    violations: bool = True
    timeout: float = DEFAULT_TIMEOUT  # seconds per target
    read_timeout: float = READ_TIMEOUT
    max_attempts: int = MAX_ATTEMPTS
    credentials: dict[str, str] | None = None  # explicit keys (tests, the demo); None: boto3's


@dataclass(frozen=True)
class Outcome:
    """What became of one target: its snapshot (complete, partial, or all errors), or None
    with `failure` saying why nothing could be written."""

    target: Target
    data: dict[str, Any] | None
    failure: str = ""

    @property
    def complete(self) -> bool:
        return self.data is not None and not self.data["errors"]


def collect_one(
    target: Target, options: Options, now: datetime, stop: threading.Event | None = None
) -> Outcome:
    budget = Budget(options.timeout, stop=stop)  # the deadline counts from the target's start
    try:
        clients, account, region = make_clients(
            region=target.region,
            profile=options.profile,
            role_arn=target.role_arn,
            endpoint_url=options.endpoint_url,
            credentials=options.credentials,
            max_attempts=options.max_attempts,
            read_timeout=min(options.read_timeout, options.timeout),
            budget=budget,
        )
    except SectionUnreadable as error:
        return _unreadable(target, options, now, error)
    data = collect(
        clients,
        account=account,
        region=region,
        now=now,
        plan=options.plan,
        violations=options.violations,
    )
    return Outcome(target, data)


def _unreadable(
    target: Target, options: Options, now: datetime, error: SectionUnreadable
) -> Outcome:
    why = f"{error.operation} {error.code}: {error.message}"
    region = target.region or _default_region(options)
    if target.account is None or region is None:
        return Outcome(target, None, f"{why} (the account is not known: no snapshot written)")
    return Outcome(target, unreadable_target(target.account, region, now, error, options.plan), why)


def _default_region(options: Options) -> str | None:
    import boto3

    return boto3.Session(profile_name=options.profile).region_name


def preflight(options: Options, regions: list[str | None]) -> None:
    """Refuse, before any call, what no target could get past: an unknown profile, no region,
    no credentials."""
    import boto3
    from botocore.exceptions import BotoCoreError

    try:
        session = boto3.Session(profile_name=options.profile, **(options.credentials or {}))
        if None in regions and not session.region_name:
            raise MlgovError("no AWS region: pass --region or set AWS_REGION")
        if session.get_credentials() is None:
            raise MlgovError(
                "no AWS credentials found: set AWS_PROFILE or pass --profile, or set "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            )
    except BotoCoreError as error:  # ProfileNotFound, a broken config file, a failed login
        raise MlgovError(str(error)) from error


Progress = Callable[[Outcome, int, int], None]  # (the outcome, how many done, of how many)


def collect_all(
    targets: list[Target],
    options: Options,
    *,
    jobs: int = 4,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Outcomes ordered by (account, region) whatever order the pool finishes in; `progress` is
    told of each as it finishes. The pool is small on purpose: SageMaker's List/Search limits
    are per account and low."""
    taken = now or datetime.now(UTC).replace(microsecond=0)
    outcomes = []
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(targets)))) as pool:
        futures = [pool.submit(collect_one, t, options, taken, stop) for t in targets]
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                outcomes.append(future.result())
                if progress is not None:
                    progress(outcomes[-1], done, len(targets))
        except BaseException:
            # Ctrl-C, or a configuration error in one target: the targets not started are
            # dropped, the running ones find their budget spent at their next call.
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return sorted(outcomes, key=_order)


def _order(outcome: Outcome) -> tuple[str, str, str]:
    data = outcome.data or {}
    target = outcome.target
    return (data.get("account", ""), data.get("region", ""), target.describe())

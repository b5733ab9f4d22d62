"""Several accounts and regions at once: one snapshot each, a bounded pool, a fixed order."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from governance.findings import MlgovError
from governance.monitoring.collect import collect
from governance.monitoring.session import make_clients


@dataclass(frozen=True)
class Target:
    region: str | None
    role_arn: str | None

    def describe(self) -> str:
        return f"region {self.region or '(default)'}, role {self.role_arn or '(none)'}"


def collect_one(
    target: Target,
    *,
    profile: str | None,
    endpoint_url: str | None,
    now: datetime,
    plan: str = "auto",
    violations: bool = True,
) -> dict[str, Any]:
    try:
        clients, account, region = make_clients(
            region=target.region,
            profile=profile,
            role_arn=target.role_arn,
            endpoint_url=endpoint_url,
        )
    except (BotoCoreError, ClientError) as error:
        # No credentials, an unknown profile, a role that cannot be assumed, no connection:
        # nothing can be read, so there is no snapshot to write, only a user error.
        raise MlgovError(f"{target.describe()}: {error}") from error
    return collect(
        clients, account=account, region=region, now=now, plan=plan, violations=violations
    )


def collect_all(
    targets: list[Target],
    *,
    profile: str | None,
    endpoint_url: str | None,
    jobs: int = 4,
    now: datetime | None = None,
    plan: str = "auto",
    violations: bool = True,
) -> list[dict[str, Any]]:
    """Snapshots ordered by (account, region) whatever order the pool finishes in. The pool is
    small on purpose: SageMaker's List/Search limits are per account and low."""
    taken = now or datetime.now(UTC).replace(microsecond=0)
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(targets)))) as pool:
        futures = [
            pool.submit(
                collect_one,
                t,
                profile=profile,
                endpoint_url=endpoint_url,
                now=taken,
                plan=plan,
                violations=violations,
            )
            for t in targets
        ]
        results = [f.result() for f in futures]
    return sorted(results, key=lambda d: (d["account"], d["region"]))

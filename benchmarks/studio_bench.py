"""Studio user profiles at 10, 100 and 500 users in one domain: API calls and wall time of what
`mlgov roles plan` reads (profile_state.read_studio, then the plan), and of the snapshot's
`user_profiles` section, against a local moto server with the demo's FAKE user-profile handlers
(moto has none; governance/demo/fake_studio.py pages at MaxResults like AWS).

Baseline, measured in the same run on the same server: one paged `list_user_profiles` over the
domain, the least any reader must do to learn who exists. Times are medians of --runs; the ratio
is the reader's median over the baseline's. Expected shape: both readers need a call per
profile (DescribeUserProfile is the only source of a profile's execution role), the plan one
more (ListTags, to know which profiles are mlgov's); the floor is ⌈N/100⌉.

    python benchmarks/studio_bench.py [--sizes 10 100 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from governance.demo.run import FAKE_KEYS, moto_server, reset_moto
from governance.deploy.desired import DesiredRole
from governance.deploy.profile_plan import plan_profiles
from governance.deploy.profile_state import read_studio
from governance.deploy.profiles import desired_profiles
from governance.model import Origin
from governance.monitoring.calls import Caller
from governance.monitoring.user_profiles import user_profiles
from governance.source import Document
from governance.studio import StudioDomain, UserProfile

ACCOUNT, REGION, DOMAIN = "123456789012", "eu-west-1", "d-bench"
ROLE = DesiredRole("ds", "mlgov-ds", "/mlgov/", "", 3600, None, {}, {}, (), (), ())


def domain(size: int) -> StudioDomain:
    origin = Origin(Document("studio/bench.yaml", {}))
    profiles = {
        f"user-{i:04d}": UserProfile(f"user-{i:04d}", "ds", None, None, None, {}, origin)
        for i in range(size)
    }
    return StudioDomain(DOMAIN, "bench", ACCOUNT, REGION, profiles, origin)


def seed(sm: Any, wanted: StudioDomain) -> None:
    sm.create_domain(
        DomainName=DOMAIN.removeprefix("d-"),
        AuthMode="IAM",
        DefaultUserSettings={"ExecutionRole": f"arn:aws:iam::{ACCOUNT}:role/default"},
        SubnetIds=["subnet-0a1b2c3d"],
        VpcId="vpc-0a1b2c3d",
    )
    for p in desired_profiles({DOMAIN: wanted}, [ROLE], "aws"):
        tags = [{"Key": k, "Value": v} for k, v in p.tags.items()]
        sm.create_user_profile(
            DomainId=DOMAIN, UserProfileName=p.name, UserSettings=p.settings, Tags=tags
        )


def timed(run: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def counting(sm: Any) -> Counter[str]:
    calls: Counter[str] = Counter()
    sm.meta.events.register("before-call.sagemaker", lambda model, **_: calls.update([model.name]))
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 500])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import boto3

    rows = []
    with moto_server() as url:
        for size in args.sizes:
            reset_moto()
            sm = boto3.client("sagemaker", region_name=REGION, endpoint_url=url, **FAKE_KEYS)
            wanted = domain(size)
            seed(sm, wanted)
            calls = counting(sm)

            def listing(sm: Any = sm) -> None:
                pages = sm.get_paginator("list_user_profiles")
                list(pages.paginate(DomainIdEquals=DOMAIN, PaginationConfig={"PageSize": 100}))

            def planning(sm: Any = sm, wanted: Any = wanted) -> None:
                state = read_studio(lambda _: sm, {DOMAIN: wanted}, ACCOUNT, "aws")
                part = plan_profiles(desired_profiles({DOMAIN: wanted}, [ROLE], "aws"), state)
                assert not part.changes and not part.refusals  # git and the account agree

            def snapshot(sm: Any = sm, size: int = size) -> None:
                assert len(user_profiles(Caller(), sm)) == size

            results = {}
            for name, run in (("baseline", listing), ("plan", planning), ("snapshot", snapshot)):
                calls.clear()
                run()
                results[name] = (sum(calls.values()), timed(run, args.runs))
            base = results["baseline"][1]
            for name, (n, seconds) in results.items():
                rows.append((size, name, n, seconds, seconds / base))
    print(f"{'users':>6} {'reader':<9} {'calls':>6} {'median s':>9} {'x baseline':>10}")
    for size, name, n, seconds, ratio in rows:
        print(f"{size:>6} {name:<9} {n:>6} {seconds:>9.3f} {ratio:>10.1f}")


if __name__ == "__main__":
    main()

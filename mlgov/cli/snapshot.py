"""`mlgov snapshot`: capture what is deployed and how it is monitored into snapshot files.

boto3 and moto are imported inside the handler, so that the other commands never load them.

Several targets: `--region` and `--role-arn` may repeat; every (role, region) pair is one file,
`<account>-<region>.json` in the `--out` folder (default: the configuration's `snapshots`
folder), collected by a bounded thread pool. With a single target `--out` names the file (or
an existing folder to write it into). Exit 1 when a section could not be read: the file is
written, with the section in `errors`, but the account is not fully known.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from governance.findings import MlgovError
from mlgov.cli.common import global_options
from mlgov.cli.exits import Exit

DEMO_FILE = "demo.json"


def register(subparsers: Any) -> None:
    snap = subparsers.add_parser(
        "snapshot", help="capture deployed models and their monitoring into a snapshot file"
    )
    snap.add_argument("--demo", action="store_true", help="the built-in demo account (moto)")
    snap.add_argument("--endpoint-url", help="another AWS endpoint (VPC endpoint, test server)")
    snap.add_argument(
        "--region", action="append", help="AWS region; repeat for several (default: config/env)"
    )
    snap.add_argument("--profile", help="AWS profile")
    snap.add_argument(
        "--role-arn", action="append", help="role to assume; repeat for several accounts"
    )
    snap.add_argument("--out", type=Path, help="the file (one target) or folder (several) to write")
    snap.add_argument(
        "--plan",
        choices=("auto", "search", "list"),
        default="auto",
        help=(
            "search = the search plan only, list = the list plan only (list + describe, with "
            "search(Endpoint) where allowed); default: search, falling back to list"
        ),
    )
    snap.add_argument(
        "--no-violations",
        dest="violations",
        action="store_false",
        help="skip the violation details (describe_processing_job + S3 constraint_violations.json "
        "per schedule whose last run found violations)",
    )
    snap.add_argument(
        "--jobs", type=int, default=4, metavar="N", help="targets collected at once (default 4)"
    )
    snap.set_defaults(handler=snapshot_command)


def snapshot_command(args: argparse.Namespace) -> int:
    from governance.monitoring.write import write_snapshot

    if args.jobs < 1:
        raise MlgovError("--jobs must be at least 1")
    if args.demo:
        return _demo(args, write_snapshot)
    from governance.monitoring.fleet_collect import Target, collect_all

    targets = [
        Target(region, role) for role in args.role_arn or [None] for region in _regions(args)
    ]
    results = collect_all(
        targets,
        profile=args.profile,
        endpoint_url=args.endpoint_url,
        jobs=args.jobs,
        plan=args.plan,
        violations=args.violations,
    )
    single = len(targets) == 1
    status: int = Exit.CLEAN
    for data in results:
        path = _target_path(args, data, single)
        write_snapshot(data, path)
        status = max(status, _report(data, path))
    return status


def _demo(args: argparse.Namespace, write: Any) -> int:
    from governance.demo.run import demo_snapshot

    try:
        import moto  # noqa: F401  (the demo account is a local moto server)
    except ImportError as error:
        raise MlgovError("--demo needs moto: pip install 'moto[server]>=5.0'") from error
    data = demo_snapshot(plan=args.plan, violations=args.violations)
    path = args.out or _snapshot_dir(args) / DEMO_FILE
    write(data, path)
    return _report(data, path)


def _regions(args: argparse.Namespace) -> list[str | None]:
    if args.region:
        return sorted(set(args.region))
    return [_config(args).region]  # None lets boto3 use AWS_REGION / the profile's


def _config(args: argparse.Namespace) -> Any:
    from governance.config import load_config

    config, _ = load_config(global_options(args).root.resolve())
    return config


def _snapshot_dir(args: argparse.Namespace) -> Path:
    return global_options(args).root / _config(args).snapshots


def _target_path(args: argparse.Namespace, data: dict[str, Any], single: bool) -> Path:
    name = f"{data['account']}-{data['region']}.json"
    if args.out is None:
        return _snapshot_dir(args) / name
    return args.out if single and not args.out.is_dir() else args.out / name


def _report(data: dict[str, Any], path: Path) -> int:
    """One line per file; unreadable sections are listed and make the exit code 1, since the
    file is complete but the account is not fully known."""
    calls = sum(data["api_calls"].values())
    print(
        f"wrote {path}: {len(data['endpoints'])} endpoint(s), "
        f"{len(data['monitoring_schedules'])} schedule(s), {calls} API call(s), plan {data['plan']}"
    )
    for error in data["errors"]:
        print(
            f"{path}: section {error['section']} unreadable: {error['operation']} {error['code']}",
            file=sys.stderr,
        )
    return Exit.FINDINGS if data["errors"] else Exit.CLEAN

"""`mlgov snapshot`: capture what is deployed and how it is monitored into snapshot files.

boto3 and moto are imported inside the handler, so that the other commands never load them.

Several targets: `--region` and `--role-arn` may repeat, and `--organization ROLE` adds the role
ROLE in every ACTIVE account of the organization; every (role, region) pair is one file,
`<account>-<region>.json` in the `--out` folder (default: the configuration's `snapshots`
folder), collected by a bounded thread pool, each within its own `--timeout`. With a single
target `--out` names the file (or an existing folder to write it into).

Exit 0 when every target was read in full; 1 when a section or a whole target could not be read
(the files are still written: an unreadable section is in its file's `errors`, an unreadable
target whose account is known gets a file with every section in `errors`, one whose account is
not known gets a line on stderr); 2 for a usage or configuration error, before anything is read.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from governance.findings import MlgovError
from mlgov.cli.common import add_tracking_uri, global_options
from mlgov.cli.exits import Exit, issues_url

DEMO_FILE = "demo.json"


def register(subparsers: Any) -> None:
    snap = subparsers.add_parser(
        "snapshot", help="capture deployed models and their monitoring into a snapshot file"
    )
    snap.add_argument("--demo", action="store_true", help="the built-in demo account (moto)")
    _mlflow_options(snap.add_argument_group("MLflow registry (instead of AWS)"))
    _aws_options(snap.add_argument_group("AWS accounts and regions"))
    _run_options(snap)
    snap.set_defaults(handler=snapshot_command)


def _mlflow_options(group: Any) -> None:
    group.add_argument(
        "--mlflow",
        action="store_true",
        help="an MLflow model registry instead of AWS: snapshots/mlflow-<server>.json "
        "(needs mlgov[mlflow])",
    )
    group.add_argument(
        "--demo-mlflow",
        action="store_true",
        help="the demo MLflow registry: starts a local MLflow server (`make mlflow-server`), "
        "seeds it, and writes snapshots/mlflow-demo.json, the same bytes every time",
    )
    add_tracking_uri(group)


def _aws_options(group: Any) -> None:
    group.add_argument("--endpoint-url", help="another AWS endpoint (VPC endpoint, test server)")
    group.add_argument(
        "--region", action="append", help="AWS region; repeat for several (default: config/env)"
    )
    group.add_argument("--profile", help="AWS profile")
    group.add_argument(
        "--role-arn", action="append", help="role to assume; repeat for several accounts"
    )
    group.add_argument(
        "--organization",
        metavar="ROLE_NAME",
        help="every ACTIVE account of the AWS Organization (organizations:ListAccounts with "
        "your own credentials), assuming the role ROLE_NAME (with its path, if any) in each",
    )


def _run_options(snap: Any) -> None:
    snap.add_argument(
        "--out",
        metavar="PATH",
        help="the file (one target) or folder (several, an existing folder, or a path ending "
        "in /) to write",
    )
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
    snap.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="deadline per account and region (default 300): sections that cannot start "
        "before it are recorded as DeadlineExceeded",
    )
    snap.add_argument(
        "--read-timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="how long one attempt of a call waits for an answer (default 20)",
    )


def snapshot_command(args: argparse.Namespace) -> int:
    from governance.monitoring.write import write_snapshot

    _check_numbers(args)
    if args.tracking_uri is not None and not args.mlflow:
        raise MlgovError("--tracking-uri goes with --mlflow")
    if args.demo_mlflow:
        return _demo_mlflow(args, write_snapshot)
    if args.mlflow:
        return _mlflow(args, write_snapshot)
    if args.demo:
        return _demo(args, write_snapshot)
    from governance.monitoring.fleet_collect import Options, collect_all

    options = Options(
        profile=args.profile,
        endpoint_url=args.endpoint_url,
        plan=args.plan,
        violations=args.violations,
        timeout=args.timeout,
        read_timeout=args.read_timeout,
    )
    targets = _targets(args, options)
    writer = _Writer(args, single=len(targets) == 1 and not args.organization)
    writer.check(len(targets))
    outcomes = collect_all(targets, options, jobs=args.jobs, progress=writer.progress)
    return writer.report(outcomes)


def _check_numbers(args: argparse.Namespace) -> None:
    if args.jobs < 1:
        raise MlgovError("--jobs must be at least 1")
    for flag, value in (("--timeout", args.timeout), ("--read-timeout", args.read_timeout)):
        if not value > 0:  # also refuses nan
            raise MlgovError(f"{flag} must be a positive number of seconds, not {value}")


def _targets(args: argparse.Namespace, options: Any) -> list[Any]:
    from governance.monitoring.fleet_collect import Target, check_role_arn, preflight

    roles = [check_role_arn(arn) for arn in args.role_arn or []]
    regions = _regions(args)
    preflight(options, regions)
    if args.organization:
        roles += _organization(args, options, regions[0])
    accounts: dict[str, str] = {}
    for arn in dict.fromkeys(roles):  # the same role twice is one target
        account = Target(None, arn).account or ""
        if account in accounts:
            raise MlgovError(
                f"roles {accounts[account]} and {arn} are both in account {account}: one "
                "snapshot per account and region, so give one role per account"
            )
        accounts[account] = arn
    chosen: list[str | None] = [*accounts.values()] or [None]  # None: the caller's own account
    return [Target(region, role) for role in chosen for region in regions]


def _organization(args: argparse.Namespace, options: Any, region: str | None) -> list[str]:
    from governance.monitoring.organization import check_role_name, organization_roles

    return organization_roles(
        check_role_name(args.organization),
        profile=options.profile,
        region=region,
        endpoint_url=options.endpoint_url,
        timeout=options.timeout,
        read_timeout=options.read_timeout,
    )


def _demo(args: argparse.Namespace, write: Any) -> int:
    from governance.demo.run import demo_snapshot

    try:
        import moto  # noqa: F401  (the demo account is a local moto server)
    except ImportError as error:
        raise MlgovError("--demo needs moto: pip install 'moto[server]>=5.0'") from error
    data = demo_snapshot(plan=args.plan, violations=args.violations)
    path = Path(args.out) if args.out else _snapshot_dir(args) / DEMO_FILE
    if _is_folder(args.out):
        path = path / DEMO_FILE
    write(data, path)
    print(_summary(data, path))
    _print_errors(data, path)
    return Exit.FINDINGS if data["errors"] else Exit.CLEAN


def _mlflow(args: argparse.Namespace, write: Any) -> int:
    """One tracking server, one file; the AWS options have no meaning here."""
    from datetime import UTC, datetime

    from governance.monitoring.mlflow_client import connect, file_name
    from governance.monitoring.mlflow_collect import collect_registry

    aws = ("demo", "endpoint_url", "region", "profile", "role_arn", "organization")
    given = [f"--{a.replace('_', '-')}" for a in aws if getattr(args, a)]
    if given:
        raise MlgovError(f"--mlflow reads an MLflow registry, not AWS: drop {', '.join(given)}")
    registry = connect(args.tracking_uri, args.read_timeout, args.timeout)
    data = collect_registry(registry, datetime.now(UTC))
    path = _mlflow_path(args, file_name(registry.label))
    write(data, path)
    print(_registry_summary(data, path))
    _print_errors(data, path)
    return Exit.FINDINGS if data["errors"] else Exit.CLEAN


def _demo_mlflow(args: argparse.Namespace, write: Any) -> int:
    from governance.demo.mlflow_demo import DEMO_FILE, demo_registry

    if args.mlflow or args.demo:
        raise MlgovError("--demo-mlflow stands alone: drop --mlflow and --demo")
    data = demo_registry(global_options(args).root)
    path = _mlflow_path(args, DEMO_FILE)
    write(data, path)
    print(_registry_summary(data, path))
    _print_errors(data, path)
    return Exit.FINDINGS if data["errors"] else Exit.CLEAN


def _mlflow_path(args: argparse.Namespace, name: str) -> Path:
    if args.out is None:
        return _snapshot_dir(args) / name
    return Path(args.out) / name if _is_folder(args.out) else Path(args.out)


def _registry_summary(data: dict[str, Any], path: Path) -> str:
    models = data["registered_models"]
    versions = sum(len(m["versions"] or ()) for m in models)
    aliases = sum(len(m["aliases"]) for m in models)
    calls = sum(data["api_calls"].values())
    return (
        f"wrote {path}: {len(models)} registered model(s), {versions} version(s), "
        f"{aliases} alias(es), {calls} API call(s)"
    )


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


class _Writer:
    """Writes each snapshot as its target finishes (a run stopped midway keeps what it read),
    shows progress on a terminal, and reports everything at the end in a fixed order."""

    def __init__(self, args: argparse.Namespace, single: bool) -> None:
        self.args = args
        self.single = single
        self.written: dict[Path, Any] = {}  # path → the target that wrote it
        self.clashes: list[str] = []
        self.tty = sys.stderr.isatty()

    def check(self, count: int) -> None:
        out = self.args.out
        if out is not None and not self.single and Path(out).exists() and not Path(out).is_dir():
            raise MlgovError(f"--out {out} is a file, but there are {count} targets: give a folder")

    def path(self, data: dict[str, Any]) -> Path:
        name = f"{data['account']}-{data['region']}.json"
        out = self.args.out
        if out is None:
            return _snapshot_dir(self.args) / name
        return Path(out) if self.single and not _is_folder(out) else Path(out) / name

    def progress(self, outcome: Any, done: int, total: int) -> None:
        from governance.monitoring.write import write_snapshot

        if outcome.data is not None:
            path = self.path(outcome.data)
            if path in self.written:  # two targets read one account and region
                self.clashes.append(
                    f"{path}: also read by {outcome.target.describe()}; the file of "
                    f"{self.written[path].describe()} is kept"
                )
            else:
                write_snapshot(outcome.data, path)
                self.written[path] = outcome.target
        if self.tty:
            print(f"[{done}/{total}] {_progress_line(outcome)}", file=sys.stderr, flush=True)

    def report(self, outcomes: list[Any]) -> int:
        """One line per file on stdout; on stderr what could not be read. Exit 1 when anything
        could not be read: the files are complete, the accounts are not fully known."""
        unread = [o for o in outcomes if o.data is None]
        by_target = {t: p for p, t in self.written.items()}
        for outcome in outcomes:
            path = by_target.get(outcome.target)
            if path is None or outcome.data is None:
                continue
            print(_summary(outcome.data, path, outcome.failure))
            if outcome.failure:
                print(
                    f"{path}: account unreadable, every section Unknown: {outcome.failure}",
                    file=sys.stderr,
                )
            else:
                _print_errors(outcome.data, path)
        for outcome in unread:
            print(f"mlgov: {outcome.target.describe()}: {outcome.failure}", file=sys.stderr)
        for line in self.clashes:
            print(line, file=sys.stderr)
        if len(outcomes) > 1:
            complete = sum(o.complete for o in outcomes)
            print(
                f"{len(outcomes)} target(s): {complete} read in full, "
                f"{len(outcomes) - complete} with unreadable parts"
            )
        failed = self.clashes or any(not o.complete for o in outcomes)
        return Exit.FINDINGS if failed else Exit.CLEAN


def _is_folder(out: str | None) -> bool:
    """--out names a folder when it is one, or ends with a slash (a folder still to make)."""
    return out is not None and (out.endswith(("/", os.sep)) or Path(out).is_dir())


def _progress_line(outcome: Any) -> str:
    data = outcome.data
    where = f"{data['account']} {data['region']}" if data else outcome.target.describe()
    if outcome.failure:
        return f"{where}: unreadable: {outcome.failure}"
    sections = {e["section"] for e in data["errors"]}
    return f"{where}: {len(sections)} section(s) unreadable" if sections else f"{where}: read"


def _summary(data: dict[str, Any], path: Path, failure: str = "") -> str:
    if failure:
        return f"wrote {path}: nothing could be read, every section is recorded as unreadable"
    calls = sum(data["api_calls"].values())
    return (
        f"wrote {path}: {len(data['endpoints'])} endpoint(s), "
        f"{len(data['monitoring_schedules'])} schedule(s), {calls} API call(s), plan {data['plan']}"
    )


def _print_errors(data: dict[str, Any], path: Path) -> None:
    for error in data["errors"]:
        bug = (
            f" (a bug in mlgov; please report it: {issues_url()})"
            if error["code"] == "InternalError"
            else ""
        )
        print(
            f"{path}: section {error['section']} unreadable: {error['operation']} "
            f"{error['code']}: {error['message']}{bug}",
            file=sys.stderr,
        )

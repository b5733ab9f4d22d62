"""`mlgov roles export|plan|apply`: ship the compiled roles as CloudFormation or Terraform, or
straight to an account with boto3.

Every command refuses a repository with errors: a persona that fails to load is missing from
the bundles, and a plan made without it would delete its role. `export` and `apply` also run
the lint gate and refuse what `mlgov lint` fails (`--no-lint` overrides it, and says so): a
role that fails the gate must not reach an account because someone skipped a step."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from governance.findings import MlgovError, Severity
from mlgov.cli.common import global_options, write_output
from mlgov.cli.exits import Exit

EXPORT_FORMATS = ("cloudformation", "terraform")


def register(subparsers: Any) -> None:
    roles = subparsers.add_parser("roles", help="export or deploy the personas' IAM roles")
    sub = roles.add_subparsers(dest="roles_command", required=True)
    export = sub.add_parser("export", help="every persona's role as CloudFormation or Terraform")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--out", type=Path, help="the file to write (default: standard output)")
    _no_lint(export)
    export.set_defaults(handler=export_command)
    plan = sub.add_parser("plan", help="what apply would create, update or delete (and drift)")
    _aws_options(plan)
    plan.add_argument("--check", action="store_true", help="exit 1 when there are changes")
    plan.set_defaults(handler=plan_command)
    apply = sub.add_parser("apply", help="make the account's roles match git")
    _aws_options(apply)
    apply.add_argument("--yes", action="store_true", help="apply without asking")
    _no_lint(apply)
    apply.set_defaults(handler=apply_command)


def _no_lint(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-lint",
        action="store_true",
        help="go on although the lint gate fails (printed as a warning)",
    )


def _aws_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", help="AWS profile")
    parser.add_argument("--region", help="AWS region (default: the configuration's)")
    parser.add_argument("--endpoint-url", help="another IAM/STS endpoint (VPC, test server)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--prune",
        action="store_true",
        help="also delete the Studio user profiles mlgov made that git no longer lists",
    )


def export_command(args: argparse.Namespace) -> int:
    from governance.deploy import cloudformation, terraform

    repo, roles = _desired(args, gate="export")
    profiles = _profiles(repo, roles, repo.config.partition)
    if args.format == "cloudformation":
        data = cloudformation.template(roles, profiles)
    else:
        data = terraform.configuration(roles, profiles)
    write_output(args.out, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return Exit.CLEAN


def plan_command(
    args: argparse.Namespace, iam: Any = None, sts: Any = None, sagemaker: Any = None
) -> int:
    """`iam`, `sts` and `sagemaker` (region -> client) let tests pass moto or Stubber clients;
    otherwise boto3 makes them."""
    from governance.deploy.render import plan_json, plan_text

    plan = _plan(args, iam, sts, sagemaker)[1]
    sys.stdout.write(plan_json(plan) if args.format == "json" else plan_text(plan))
    _refuse_conflicts(plan)
    return Exit.FINDINGS if args.check and plan.changes else Exit.CLEAN


def apply_command(
    args: argparse.Namespace, iam: Any = None, sts: Any = None, sagemaker: Any = None
) -> int:
    from governance.deploy.apply import apply_plan
    from governance.deploy.render import outcome_json, outcome_text, plan_text

    sagemaker = sagemaker or _sagemaker(args)
    iam, plan = _plan(args, iam, sts, sagemaker, gate="apply")
    text = args.format == "text"
    if text and (plan.changes or plan.refusals):
        sys.stdout.write(plan_text(plan))
    _refuse_conflicts(plan)
    if plan.changes and not args.yes:
        _confirm(len(plan.changes), plan.account)
    outcome = apply_plan(iam, plan, sagemaker)
    sys.stdout.write(outcome_text(outcome) if text else outcome_json(outcome))
    if not outcome.ok:
        raise MlgovError(
            f"apply stopped at {outcome.failed_call}: {outcome.error}; "
            f"{len(outcome.done)} change(s) done, {len(outcome.not_done) + 1} not done"
        )
    return Exit.CLEAN


def _plan(
    args: argparse.Namespace, iam: Any, sts: Any, sagemaker: Any, gate: str = ""
) -> tuple[Any, Any]:
    from governance.deploy.observe import read_account
    from governance.deploy.plan import make_plan
    from governance.deploy.studio import studio_part

    repo, roles = _desired(args, gate)
    if iam is None or sts is None:
        iam, sts = _clients(args, repo.config.region)
    account, partition = _caller(sts)
    configured = repo.config.account
    if configured and configured.isdigit() and configured != account:
        raise MlgovError(
            f"the repository is configured for account {configured}, but the credentials are "
            f"for account {account}; its policies name the wrong account (use the right "
            "profile, or change account in [tool.mlgov])"
        )
    plan = make_plan(roles, read_account(iam, roles, account, partition))
    if repo.domains:  # Studio user profiles, after the roles they need
        sagemaker = sagemaker or _sagemaker(args)
        prune = getattr(args, "prune", False)
        part = studio_part(sagemaker, repo.domains, roles, account, partition, prune)
        plan = plan.extended(part)
    return iam, plan


def _caller(sts: Any) -> tuple[str, str]:
    from botocore.exceptions import BotoCoreError, ClientError

    from governance.deploy.observe import error_text

    try:
        identity = sts.get_caller_identity()
    except (ClientError, BotoCoreError) as error:
        raise MlgovError(f"cannot tell which AWS account to use: {error_text(error)}") from None
    return identity["Account"], identity["Arn"].split(":")[1]


def _clients(args: argparse.Namespace, region: str | None) -> tuple[Any, Any]:
    import boto3
    from botocore.exceptions import BotoCoreError

    try:
        session = boto3.Session(profile_name=args.profile, region_name=args.region or region)
        make = session.client
        return make("iam", endpoint_url=args.endpoint_url), make(
            "sts", endpoint_url=args.endpoint_url
        )
    except BotoCoreError as error:  # an unknown profile, a malformed endpoint URL
        raise MlgovError(f"cannot connect to AWS: {error}") from None


def _sagemaker(args: argparse.Namespace) -> Any:
    """region -> a SageMaker client from the same profile and endpoint, made on first use
    (a repository without Studio domains never makes one)."""
    made: dict[str, Any] = {}

    def client(region: str) -> Any:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError

        if region not in made:
            try:
                session = boto3.Session(profile_name=args.profile, region_name=region)
                # a describe and a tag read per profile: SageMaker's low limits need retries
                retries = Config(retries={"mode": "adaptive", "total_max_attempts": 8})
                made[region] = session.client(
                    "sagemaker", endpoint_url=args.endpoint_url, config=retries
                )
            except BotoCoreError as error:
                raise MlgovError(f"cannot connect to AWS: {error}") from None
        return made[region]

    return client


def _profiles(repo: Any, roles: list[Any], partition: str) -> list[Any]:
    from governance.deploy.profiles import desired_profiles

    return desired_profiles(repo.domains, roles, partition)


def _desired(args: argparse.Namespace, gate: str = "") -> tuple[Any, list[Any]]:
    """The roles to ship. `gate` names the command when the lint gate applies to it."""
    from governance.deploy.desired import desired_roles
    from governance.iam.compiler import compile_repository
    from governance.repository import Repository

    repo = Repository.load(global_options(args).root)
    bundles, problems = compile_repository(repo)
    errors = sorted(f for f in {*repo.findings, *problems} if f.severity is Severity.ERROR)
    if errors:
        for finding in errors:
            print(finding.format_text(), file=sys.stderr)
        raise MlgovError(f"{len(errors)} error(s) in the repository; fix them first (`mlgov lint`)")
    if gate:
        _lint_gate(repo, (bundles, problems), gate, getattr(args, "no_lint", False))
    return repo, desired_roles(bundles)


def _lint_gate(repo: Any, compiled: Any, command: str, no_lint: bool) -> None:
    """Refuse to ship what `mlgov lint` fails, unless --no-lint says to, loudly."""
    from governance.lint.run import lint_repository

    failing = lint_repository(repo, [], compiled=compiled).failing
    if not failing:
        return
    for finding in failing:
        print(finding.format_text(), file=sys.stderr)
    if no_lint:
        print(
            f"mlgov: WARNING: --no-lint: {len(failing)} finding(s) above fail the lint gate; "
            f"running `roles {command}` anyway",
            file=sys.stderr,
        )
        return
    raise MlgovError(
        f"{len(failing)} finding(s) fail the lint gate; fix them (`mlgov lint`), or pass "
        f"--no-lint to run `roles {command}` anyway"
    )


def _refuse_conflicts(plan: Any) -> None:
    if plan.refusals:
        raise MlgovError(
            f"{len(plan.refusals)} conflict(s) with roles or policies mlgov does not own; "
            "nothing can be applied until they are resolved (see above)"
        )


def _confirm(count: int, account: str) -> None:
    if not sys.stdin.isatty():
        raise MlgovError("refusing to apply without confirmation: pass --yes")
    answer = input(f"Apply {count} change(s) to account {account}? [y/N] ")
    if answer.strip().lower() not in ("y", "yes"):
        raise MlgovError("nothing applied")

"""boto3 clients for the collector: bounded attempts, timeouts, and the target's budget hooked in.

SageMaker's limits are low and unpublished, so retries stay adaptive (client-side rate limiting
after a throttle), but few: with the budget's cap on retrying (budget.py) a call that cannot be
answered costs seconds, not minutes.
"""

from __future__ import annotations

from typing import Any

from governance.findings import MlgovError
from governance.monitoring.budget import Budget
from governance.monitoring.calls import Caller, SectionUnreadable
from governance.monitoring.sections import Clients

MAX_ATTEMPTS = 4  # the first try and three retries
CONNECT_TIMEOUT = 5.0  # seconds; botocore's default is 60
READ_TIMEOUT = 20.0  # seconds per attempt; botocore's default is 60
# Failures of this machine's configuration, not of the account: no target can be read.
LOCAL_PROBLEMS = frozenset({"NoCredentialsError", "PartialCredentialsError", "ProfileNotFound"})


def client_config(max_attempts: int = MAX_ATTEMPTS, read_timeout: float = READ_TIMEOUT) -> Any:
    from botocore.config import Config

    return Config(
        retries={"mode": "adaptive", "total_max_attempts": max_attempts},
        connect_timeout=min(CONNECT_TIMEOUT, read_timeout),
        read_timeout=read_timeout,
    )


def make_clients(
    *,
    region: str | None,
    profile: str | None = None,
    role_arn: str | None = None,
    endpoint_url: str | None = None,
    credentials: dict[str, str] | None = None,
    max_attempts: int = MAX_ATTEMPTS,
    read_timeout: float = READ_TIMEOUT,
    budget: Budget | None = None,
) -> tuple[Clients, str, str]:
    """The clients, the account id and the region they talk to. `max_attempts` counts the
    first try; tests lower it to keep persistent-fault cases fast.

    Raises MlgovError for a problem of the local configuration (no region, an unknown profile,
    no credentials) and SectionUnreadable when the target cannot be read (the role cannot be
    assumed, the identity call fails or answers nonsense, the deadline passes)."""
    import boto3
    from botocore.exceptions import ProfileNotFound

    try:
        session = boto3.Session(profile_name=profile, region_name=region, **(credentials or {}))
    except ProfileNotFound as error:
        raise MlgovError(str(error)) from error
    if not session.region_name:
        raise MlgovError("no AWS region: pass --region or set AWS_REGION")
    config = client_config(max_attempts, read_timeout)

    def client(source: Any, name: str) -> Any:
        made = source.client(name, endpoint_url=endpoint_url, config=config)
        if budget is not None:
            budget.attach(made)
        return made

    caller = Caller(budget)  # its counts stay out of api_calls: those are the snapshot's reads
    try:
        if role_arn:
            session = _assumed(caller, client(session, "sts"), role_arn, session.region_name)
        account = caller.call(client(session, "sts"), "get_caller_identity")["Account"]
    except SectionUnreadable as error:
        if error.code in LOCAL_PROBLEMS:
            raise MlgovError(f"{error.code}: {error.message}") from error
        raise
    clients = Clients(
        client(session, "sagemaker"), client(session, "cloudwatch"), client(session, "s3"), budget
    )
    return clients, account, session.region_name


def _assumed(caller: Caller, sts: Any, role_arn: str, region: str) -> Any:
    import boto3

    answer = caller.call(sts, "assume_role", RoleArn=role_arn, RoleSessionName="mlgov-snapshot")
    creds = answer["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=region,
    )

"""boto3 clients for the collector, with retries for SageMaker's low, unpublished limits."""

from __future__ import annotations

from typing import Any

from governance.monitoring.sections import Clients

RETRIES = {"mode": "adaptive", "max_attempts": 8}


def client_config(max_attempts: int = RETRIES["max_attempts"]) -> Any:
    from botocore.config import Config

    return Config(retries={"mode": "adaptive", "total_max_attempts": max_attempts})


def make_clients(
    *,
    region: str | None,
    profile: str | None = None,
    role_arn: str | None = None,
    endpoint_url: str | None = None,
    credentials: dict[str, str] | None = None,
    max_attempts: int = RETRIES["max_attempts"],
) -> tuple[Clients, str, str]:
    """The clients, the account id and the region they talk to. `max_attempts` counts the
    first try; tests lower it to keep persistent-fault cases fast."""
    import boto3

    session = boto3.Session(profile_name=profile, region_name=region, **(credentials or {}))
    if role_arn:
        sts = session.client("sts", endpoint_url=endpoint_url, config=client_config())
        creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="mlgov-snapshot")["Credentials"]
        session = boto3.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=session.region_name,
        )
    if not session.region_name:
        from governance.findings import MlgovError

        raise MlgovError("no AWS region: pass --region or set AWS_REGION")

    def client(name: str) -> Any:
        return session.client(name, endpoint_url=endpoint_url, config=client_config(max_attempts))

    account = client("sts").get_caller_identity()["Account"]
    clients = Clients(client("sagemaker"), client("cloudwatch"), client("s3"))
    return clients, account, session.region_name

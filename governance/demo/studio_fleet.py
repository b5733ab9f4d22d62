"""The demo account's Studio domain, matching studio/acme-ml.yaml with the differences a real
account drifts into: one profile git lists is not created yet, one runs as another persona's
role (changed in the console), one was made by hand and runs as the domain's console role.
Seeded through boto3 (SageMaker's domain is moto's; the profiles are fakes,
governance/demo/fake_studio.py).

Change it together with studio/acme-ml.yaml."""

from __future__ import annotations

from typing import Any

DOMAIN_ID = "d-a1b2c3d4e5f6"
DOMAIN_NAME = "acme-ml"
CONSOLE_ROLE = "role/service-role/AmazonSageMaker-ExecutionRole-20250312T101500"
MANAGED = [{"Key": "managed-by", "Value": "mlgov"}]


def _role(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:{name}"


def seed(sm: Any, account: str) -> None:
    """The domain and its profiles, as `mlgov roles apply` and a console user left them."""
    sm.create_domain(
        DomainName=DOMAIN_ID.removeprefix("d-"),  # moto's domain id is d-<name>
        AuthMode="IAM",
        DefaultUserSettings={"ExecutionRole": _role(account, CONSOLE_ROLE)},
        SubnetIds=["subnet-0a1b2c3d4e5f60718"],
        VpcId="vpc-0a1b2c3d4e5f60718",
    )
    profiles = (
        ("ana-garcia", "role/mlgov/mlgov-ds-team-a", "data-scientist-team-a"),
        ("ben-okafor", "role/mlgov/mlgov-ds-team-b", "data-scientist-team-b"),
        # git binds chen-wei to mlops; someone gave them team A's role in the console
        ("chen-wei", "role/mlgov/mlgov-ds-team-a", "mlops"),
    )
    for name, role, persona in profiles:
        sm.create_user_profile(
            DomainId=DOMAIN_ID,
            UserProfileName=name,
            UserSettings={"ExecutionRole": _role(account, role)},
            Tags=[*MANAGED, {"Key": "mlgov-persona", "Value": persona}],
        )
    # made by hand, outside git, with the domain's default (console) role: lint's MON007
    sm.create_user_profile(DomainId=DOMAIN_ID, UserProfileName="contractor-1")


def settle(account: str, region: str) -> None:
    """The domain's name for people (moto derives its id from the name it was created with)."""
    from moto.sagemaker.models import sagemaker_backends

    domain: Any = sagemaker_backends[account][region].domains[DOMAIN_ID]
    domain.domain_name = DOMAIN_NAME

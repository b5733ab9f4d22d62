"""The trust policy: who may assume the role. Service principals carry the confused-deputy
conditions Role Manager uses (aws:SourceArn, aws:SourceAccount)."""

from __future__ import annotations

import re
from typing import Any

from governance.config import Config
from governance.iam.placeholders import Values, expand_all
from governance.iam.resolve import ResolvedPersona


def trust_policy(resolved: ResolvedPersona, config: Config, values: Values) -> dict[str, Any]:
    statements = [_service_statement(service, config) for service in resolved.trust_services]
    if resolved.trust_principals:
        principals = expand_all(resolved.trust_principals, values)
        statements.append(
            {
                "Sid": "AssumeByPrincipals",
                "Effect": "Allow",
                "Principal": {"AWS": sorted(principals)},
                "Action": "sts:AssumeRole",
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def _service_statement(service: str, config: Config) -> dict[str, Any]:
    prefix, account = service.split(".")[0], config.account or "*"
    source = f"arn:{config.partition}:{prefix}:{config.region or '*'}:{account}:*"
    condition: dict[str, Any] = {"ArnLike": {"aws:SourceArn": source}}
    if account != "*":  # StringEquals on "*" would match nothing
        condition["StringEquals"] = {"aws:SourceAccount": account}
    return {
        "Sid": f"AssumeBy{pascal(prefix)}",
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
        "Condition": condition,
    }


def pascal(text: str) -> str:
    """`manage-ml-jobs` -> `ManageMlJobs`: Sids take letters and digits only."""
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", text) if part)

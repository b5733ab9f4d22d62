"""RoleBundles -> Terraform JSON (`.tf.json`): aws_iam_role, aws_iam_policy,
aws_iam_role_policy_attachment and, for policy_style inline, aws_iam_role_policy.

Policy documents are literal JSON strings rather than `jsonencode(...)` calls, so the file is
plain data; Terraform reads every string as a template, so IAM policy variables such as
`${aws:username}` are escaped as `$${...}` (and `%{` as `%%{`)."""

from __future__ import annotations

import json
from typing import Any

from governance.deploy.desired import DesiredRole
from governance.deploy.ids import terraform_name


def configuration(roles: list[DesiredRole]) -> dict[str, Any]:
    resources: dict[str, dict[str, Any]] = {
        "aws_iam_role": {},
        "aws_iam_policy": {},
        "aws_iam_role_policy_attachment": {},
        "aws_iam_role_policy": {},
    }
    for role in roles:
        _add_role(resources, role)
    return {
        "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws"}}},
        "resource": {kind: items for kind, items in resources.items() if items},
    }


def _add_role(resources: dict[str, dict[str, Any]], role: DesiredRole) -> None:
    name = terraform_name(role.persona_id)
    resources["aws_iam_role"][name] = _role(role)
    role_ref = f"${{aws_iam_role.{name}.name}}"
    for index, policy in enumerate(role.managed, start=1):
        key = f"{name}_{index}"
        resources["aws_iam_policy"][key] = {
            "name": policy.name,
            "path": _escape(policy.path),
            "description": f"Permissions of mlgov persona '{role.persona_id}'",
            "policy": document_string(policy.document),
            "tags": _tags(policy.tags),
        }
        resources["aws_iam_role_policy_attachment"][key] = {
            "role": role_ref,
            "policy_arn": f"${{aws_iam_policy.{key}.arn}}",
        }
    for index, arn in enumerate(role.extra_arns, start=1):
        resources["aws_iam_role_policy_attachment"][f"{name}_extra_{index}"] = {
            "role": role_ref,
            "policy_arn": _escape(arn),
        }
    for index, policy in enumerate(role.inline, start=1):
        resources["aws_iam_role_policy"][f"{name}_{index}"] = {
            "name": policy.name,
            "role": role_ref,
            "policy": document_string(policy.document),
        }


def _role(role: DesiredRole) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": role.name,
        "path": _escape(role.path),
        "assume_role_policy": document_string(role.trust_policy),
        "max_session_duration": role.max_session_duration,
        "tags": _tags(role.tags),
    }
    if role.description:
        body["description"] = _escape(role.description)
    if role.permissions_boundary:
        body["permissions_boundary"] = role.permissions_boundary
    return body


def document_string(document: dict[str, Any]) -> str:
    """Compact JSON with sorted keys, escaped for Terraform's string templates."""
    return _escape(json.dumps(document, sort_keys=True, separators=(",", ":")))


def _tags(tags: dict[str, str]) -> dict[str, str]:
    return {_escape(k): _escape(v) for k, v in sorted(tags.items())}


def _escape(text: str) -> str:
    return text.replace("${", "$${").replace("%{", "%%{")

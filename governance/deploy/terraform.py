"""RoleBundles -> Terraform JSON (`.tf.json`): aws_iam_role, aws_iam_policy,
aws_iam_role_policy_attachment, for policy_style inline aws_iam_role_policy, and an
aws_sagemaker_user_profile per Studio user profile (its execution role: its persona's role).

Policy documents are literal JSON strings rather than `jsonencode(...)` calls, so the file is
plain data; Terraform reads every string as a template, so IAM policy variables such as
`${aws:username}` are escaped as `$${...}` (and `%{` as `%%{`)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from governance.deploy.desired import DesiredRole
from governance.deploy.ids import profile_terraform_names, terraform_name
from governance.deploy.profiles import DesiredProfile, single_location


def configuration(
    roles: list[DesiredRole], profiles: Sequence[DesiredProfile] = ()
) -> dict[str, Any]:
    resources: dict[str, dict[str, Any]] = {
        "aws_iam_role": {},
        "aws_iam_policy": {},
        "aws_iam_role_policy_attachment": {},
        "aws_iam_role_policy": {},
        "aws_sagemaker_user_profile": {},
    }
    for role in roles:
        _add_role(resources, role)
    single_location(profiles)
    names = profile_terraform_names([p.key for p in profiles])
    for profile in profiles:
        resources["aws_sagemaker_user_profile"][names[profile.key]] = _profile(profile)
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


def _profile(profile: DesiredProfile) -> dict[str, Any]:
    role = f"${{aws_iam_role.{terraform_name(profile.persona_id)}.arn}}"
    settings = {**profile.settings, "ExecutionRole": role}
    body: dict[str, Any] = {
        "domain_id": profile.domain,
        "user_profile_name": profile.name,
        "user_settings": _blocks(settings),
        "tags": _tags(profile.tags),
    }
    if profile.sso_user:
        body["single_sign_on_user_identifier"] = "UserName"
        body["single_sign_on_user_value"] = _escape(profile.sso_user)
    return body


def _blocks(settings: dict[str, Any]) -> dict[str, Any]:
    """SageMaker's UserSettings as the provider's nested blocks: the same names, snake_case
    (ExecutionRole -> execution_role, JupyterLabAppSettings -> jupyter_lab_app_settings)."""
    return {
        _snake(key): _blocks(value) if isinstance(value, dict) else value
        for key, value in settings.items()
    }


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def document_string(document: dict[str, Any]) -> str:
    """Compact JSON with sorted keys, escaped for Terraform's string templates."""
    return _escape(json.dumps(document, sort_keys=True, separators=(",", ":")))


def _tags(tags: dict[str, str]) -> dict[str, str]:
    return {_escape(k): _escape(v) for k, v in sorted(tags.items())}


def _escape(text: str) -> str:
    return text.replace("${", "$${").replace("%{", "%%{")

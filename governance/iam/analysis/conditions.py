"""Conditions: their tests (operator, key, values), the keys an action supports, deprecated keys
and key types. The operators' grammar is in operators.py, value forms in values.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from governance.findings import JsonPath
from governance.iam.actiondata import ActionCatalog, key_template_pattern
from governance.iam.analysis.operators import Operator, parse_operator

__all__ = ["ConditionEntry", "Operator", "conditions", "key_type", "parse_operator"]


@dataclass(frozen=True)
class ConditionEntry:
    path: JsonPath  # of the key: (..., "Condition", operator, key)
    operator: Operator
    key: str
    value: Any  # as written: a scalar or a list

    def values(self) -> list[tuple[JsonPath, Any]]:
        if isinstance(self.value, list):
            return [((*self.path, i), v) for i, v in enumerate(self.value)]
        return [(self.path, self.value)]


def conditions(path: JsonPath, statement: dict[str, Any]) -> Iterator[ConditionEntry]:
    block = statement.get("Condition")
    if not isinstance(block, dict):
        return
    for operator, tests in block.items():
        if not isinstance(tests, dict):
            continue
        parsed = parse_operator(operator)
        for key, value in tests.items():
            yield ConditionEntry((*path, "Condition", operator, key), parsed, key, value)


def is_global_key(key: str) -> bool:
    return key.lower().startswith("aws:")


@cache
def action_supports_key(catalog: ActionCatalog, action: str, key: str) -> bool:
    """Whether the action (or one of its resource types) lists the key; templates such as
    `aws:RequestTag/${TagKey}` match any tag key."""
    supported = catalog.condition_keys_of(action)
    lowered = key.lower()
    if lowered in supported:
        return True
    return any(
        regex.fullmatch(lowered)
        for template in supported
        if (regex := template_regex(template)) is not None
    )


template_regex = cache(key_template_pattern)


# Deprecated keys the IAM data may drop once no action lists them any more; the data's own
# descriptions are checked first. Source: reference notes, role-manager.md §0.
KNOWN_REPLACEMENTS = {
    "sagemaker:volumekmskey": "sagemaker:VolumeKmsKeyArn",
    "sagemaker:outputkmskey": "sagemaker:OutputKmsKeyArn",
}


def deprecated_key(catalog: ActionCatalog, key: str) -> tuple[bool, str | None]:
    """(deprecated?, the replacing key if known)."""
    info = catalog.condition_key(key)
    if info is not None and info.deprecated:
        return True, info.replaced_by or KNOWN_REPLACEMENTS.get(key.lower())
    if key.lower() in KNOWN_REPLACEMENTS:
        return True, KNOWN_REPLACEMENTS[key.lower()]
    return False, None


# Types of global keys (IAM data lists only service keys and the tag keys). From the IAM User
# Guide's "AWS global condition context keys"; aws:EpochTime is left out: it is both Date and
# Numeric.
GLOBAL_KEY_TYPES = {
    "aws:calledvia": "ArrayOfString",
    "aws:calledviafirst": "String",
    "aws:calledvialast": "String",
    "aws:currenttime": "Date",
    "aws:federatedprovider": "String",
    "aws:multifactorauthage": "Numeric",
    "aws:multifactorauthpresent": "Bool",
    "aws:principalaccount": "String",
    "aws:principalarn": "ARN",
    "aws:principalisawsservice": "Bool",
    "aws:principalorgid": "String",
    "aws:principalorgpaths": "ArrayOfString",
    "aws:principalservicename": "String",
    "aws:principalservicenameslist": "ArrayOfString",
    "aws:principaltype": "String",
    "aws:referer": "String",
    "aws:requestedregion": "String",
    "aws:resourceaccount": "String",
    "aws:resourceorgid": "String",
    "aws:resourceorgpaths": "ArrayOfString",
    "aws:securetransport": "Bool",
    "aws:sourceaccount": "String",
    "aws:sourcearn": "ARN",
    "aws:sourceidentity": "String",
    "aws:sourceip": "IPAddress",
    "aws:sourceorgid": "String",
    "aws:sourceorgpaths": "ArrayOfString",
    "aws:sourcevpc": "String",
    "aws:sourcevpce": "String",
    "aws:tagkeys": "ArrayOfString",
    "aws:tokenissuetime": "Date",
    "aws:useragent": "String",
    "aws:userid": "String",
    "aws:username": "String",
    "aws:viaawsservice": "Bool",
    "aws:vpcsourceip": "IPAddress",
}
GLOBAL_TAG_PREFIXES = ("aws:requesttag/", "aws:resourcetag/", "aws:principaltag/")


def key_type(catalog: ActionCatalog, key: str) -> str | None:
    """The key's IAM data type (String, ArrayOfString, ARN, Bool, ...), or None if unknown."""
    lowered = key.lower()
    if lowered.startswith("aws:"):
        if lowered.startswith(GLOBAL_TAG_PREFIXES):
            return "String"
        return GLOBAL_KEY_TYPES.get(lowered)
    info = catalog.condition_key(key)
    return info.type if info and info.type else None

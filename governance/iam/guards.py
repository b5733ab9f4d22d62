"""Network (VPC) and encryption (KMS) conditions, put on exactly the actions that support their
condition keys according to the IAM action data — never a hand-kept list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from governance.iam.actiondata import ActionCatalog
from governance.iam.frozen import FrozenJson
from governance.iam.statements import Statement
from governance.model import Encryption, Network

VPC_KEYS = ("sagemaker:VpcSubnets", "sagemaker:VpcSecurityGroupIds")
KMS_KEYS = ("sagemaker:VolumeKmsKeyArn", "sagemaker:OutputKmsKeyArn")


def guard(
    statement: Statement,
    catalog: ActionCatalog,
    network: Network | None,
    encryption: Encryption | None,
) -> Iterator[Statement]:
    """The statement split by which guard keys each action supports, conditions added."""
    if statement.effect != "Allow" or (network is None and encryption is None):
        yield statement
        return
    wanted = (VPC_KEYS if network else ()) + (KMS_KEYS if encryption else ())
    groups: dict[tuple[str, ...], list[str]] = {}
    for action in _concrete(statement.actions, catalog, wanted):
        keys = tuple(k for k in wanted if catalog.supports_condition_key(action, k))
        groups.setdefault(keys, []).append(action)
    for keys, actions in sorted(groups.items(), key=lambda item: len(item[0])):
        if not keys:
            yield statement.with_actions(actions)
            continue
        conditions = _merge(statement.conditions, _conditions(keys, network, encryption))
        suffix = ("Vpc" if set(keys) & set(VPC_KEYS) else "") + (
            "Kms" if set(keys) & set(KMS_KEYS) else ""
        )
        guarded = Statement(
            f"{statement.sid}{suffix}",
            "Allow",
            (),
            statement.resources,
            conditions,
            statement.extra,
            statement.sources,
        )
        yield guarded.with_actions(actions)


def _concrete(actions: tuple[str, ...], catalog: ActionCatalog, keys: tuple[str, ...]) -> list[str]:
    """Wildcards that cover any guarded action are expanded, so none escapes its guard."""
    out: list[str] = []
    for action in actions:
        if "*" not in action and "?" not in action:
            out.append(action)
            continue
        matched = catalog.expand(action)
        covers = any(catalog.supports_condition_key(m, k) for m in matched for k in keys)
        out.extend(matched if covers else [action])
    return out


def _conditions(
    keys: tuple[str, ...], network: Network | None, encryption: Encryption | None
) -> dict[str, dict[str, str | list[str]]]:
    values: dict[str, tuple[str, ...]] = {}
    if network:
        values |= {VPC_KEYS[0]: network.subnets, VPC_KEYS[1]: network.security_groups}
    if encryption:
        values |= {KMS_KEYS[0]: encryption.volume_kms_keys, KMS_KEYS[1]: encryption.output_kms_keys}
    block: dict[str, dict[str, str | list[str]]] = {}
    for key in keys:
        if key in VPC_KEYS:
            # ForAllValues is true when the key is absent; the Null guard makes the VPC mandatory.
            block.setdefault("ForAllValues:StringEquals", {})[key] = list(values[key])
            block.setdefault("Null", {})[key] = "false"
        else:
            block.setdefault("ArnEquals", {})[key] = list(values[key])
    return block


def _merge(
    existing: FrozenJson | None, added: dict[str, dict[str, str | list[str]]]
) -> FrozenJson | None:
    merged: dict[str, Any] = existing.thaw() if existing else {}
    for operator, keys in added.items():
        merged.setdefault(operator, {}).update(keys)
    return FrozenJson(merged) if merged else None

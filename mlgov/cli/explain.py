"""`mlgov explain [RULE|ACTION|ACTIVITY|PERSONA]`: what a name means, in the terminal."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from governance.findings import MlgovError
from mlgov.cli.common import load_repository
from mlgov.cli.exits import Exit

if TYPE_CHECKING:
    from governance.model import Activity, Persona


def register(subparsers: Any) -> None:
    explain = subparsers.add_parser(
        "explain", help="describe a lint rule, an activity or a persona"
    )
    explain.add_argument(
        "name", nargs="?", help="a rule id (IAM001), an activity or persona id; none lists them"
    )
    explain.set_defaults(handler=explain_command)


def explain_command(args: argparse.Namespace) -> int:
    from governance.lint.docs import rule_text
    from governance.lint.registry import RULES, by_id

    name: str | None = args.name
    # Rule ids are upper-case and activity/persona ids lower-case, so an exact rule id cannot
    # shadow one of them; rules need no repository, so they are looked up before loading one.
    rule = by_id().get(name or "")
    if rule is not None:
        print(rule_text(rule), end="")
        return Exit.CLEAN
    if name and ":" in name and not name.startswith("builtin:"):
        return _explain_action(name)
    repo = load_repository(args)
    if name is None:
        groups: dict[str, Mapping[str, Activity | Persona]] = {
            "activities": repo.activities,
            "personas": repo.builtin_personas,
        }
        for kind, items in groups.items():
            print(f"{kind}:")
            for listed in sorted(items.values(), key=lambda i: i.id):
                print(f"  {listed.id:34} {listed.title}")
        print("rules:")
        for rule in sorted(RULES, key=lambda r: r.id):
            print(f"  {rule.id:8} {rule.severity.value:8} {rule.title}")
        return Exit.CLEAN
    # `builtin:mlops` is the preset; a bare `mlops` is the repository's persona if it has one.
    bare = name.removeprefix("builtin:")
    own = None if name.startswith("builtin:") else repo.personas.get(name)
    item: Activity | Persona | None = (
        repo.activities.get(name) or own or repo.builtin_personas.get(bare)
    )
    if item is None:
        rule = by_id().get(name.upper())  # `mlgov explain iam001` is meant as a rule
        if rule is not None:
            print(rule_text(rule), end="")
            return Exit.CLEAN
        raise MlgovError(f"no rule, activity or persona named '{name}'; `mlgov explain` lists them")
    from governance.iam.explaining import activity_text, persona_text
    from governance.model import Activity

    if isinstance(item, Activity):
        print(activity_text(item), end="")
    else:
        print(persona_text(repo, item), end="")
    return Exit.CLEAN


def _explain_action(name: str) -> int:
    """What the IAM data says of an action: access level, resource types, condition keys."""
    from governance.iam.actiondata import catalog

    data = catalog()
    info = data.action(name)
    if info is None:
        suggestion = data.suggest(name)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        raise MlgovError(f"IAM knows no action '{name}' (data of {data.data_date}){hint}")
    print(f"{info.full_name}\naccess level: {', '.join(info.access_levels)}")
    resources = ", ".join(info.resource_types) or "none: only Resource '*'"
    print(f"resource types: {resources}")
    print(f"condition keys: {', '.join(sorted(info.condition_keys)) or 'none'}")
    print(f"IAM action data of {data.data_date}")
    return Exit.CLEAN

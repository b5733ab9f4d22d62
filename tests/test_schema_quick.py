"""The quick schema check (governance/schemas/quick.py) against jsonschema: when it says
valid, jsonschema must agree; when it says invalid, jsonschema must find an error. Run on every
example and fixture file, and on thousands of seeded mutations of them."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from governance.schemas import KINDS, _validator
from governance.schemas.quick import is_valid
from governance.source import load_path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {
    "card": ["cards", "tests/fixtures"],
    "persona": ["personas", "tests/fixtures", "governance/catalog/personas"],
    "activity": ["personas/activities", "governance/catalog/activities", "tests/fixtures"],
    "snapshot": ["snapshots", "tests/fixtures"],
    "policy": ["policies", "compiled", "tests/fixtures"],
    "studio": ["studio", "tests/fixtures"],
}
ODD = ["", "x", "2026-13-45", "2026-02-03", -1, 0, 1, 1.0, 2.5, 1e9, True, False, None, [], {}]
ODD += [["a", "a"], [1, True], [{"a": 1}, {"a": 1.0}]]


def documents(kind: str) -> list[Any]:
    found = []
    for folder in FOLDERS.get(kind, []):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".yaml", ".yml", ".json") and path.is_file():
                data = load_path(path, path.name).data
                if isinstance(data, dict):
                    found.append(data)
    return found


def agree(kind: str, data: Any) -> bool:
    """Whether the quick check decided (True or False), asserting it decided right."""
    verdict = is_valid(_validator(kind).schema, data)
    if verdict is None:
        return False
    valid = _validator(kind).is_valid(data)
    assert verdict == valid, json.dumps(data, default=str)[:400]
    return True


def mutate(data: Any, rng: random.Random) -> Any:
    """One random change somewhere in the tree: a value replaced, a key dropped or added, an
    item duplicated."""
    copied = copy.deepcopy(data)
    node, depth = copied, rng.randint(0, 6)
    for _ in range(depth):
        children = list(node.values()) if isinstance(node, dict) else node
        containers = [c for c in children if isinstance(c, dict | list) and c]
        if not isinstance(node, dict | list) or not containers:
            break
        node = rng.choice(containers)
    if isinstance(node, dict) and node:
        key = rng.choice(sorted(node))
        action = rng.random()
        if action < 0.5:
            node[key] = rng.choice(ODD)
        elif action < 0.75:
            del node[key]
        else:
            node[rng.choice(["extra", "Name", "type", "value", "id"])] = rng.choice(ODD)
    elif isinstance(node, list) and node:
        index = rng.randrange(len(node))
        if rng.random() < 0.5:
            node[index] = rng.choice(ODD)
        else:
            node.append(copy.deepcopy(node[index]))
    return copied


@pytest.mark.parametrize("kind", KINDS)
def test_agrees_on_examples_and_fixtures(kind: str) -> None:
    for data in documents(kind):
        agree(kind, data)


@pytest.mark.parametrize("kind", ["card", "persona", "activity", "snapshot", "policy", "studio"])
def test_agrees_on_mutations(kind: str) -> None:
    rng = random.Random(f"quick-{kind}")
    originals = documents(kind)
    assert originals, kind
    decided = 0
    for n in range(1500):
        data = originals[n % len(originals)]
        for _ in range(rng.randint(1, 3)):
            data = mutate(data, rng)
        decided += agree(kind, data)
    assert decided > 1000  # the comparison is not vacuous


def test_answers_true_for_the_example_cards() -> None:
    """The point of it: valid cards never reach jsonschema."""
    cards = documents("card")[:7]
    assert all(is_valid(_validator("card").schema, c) is True for c in cards if c.get("id"))

from __future__ import annotations

import json
import random
from typing import Any

from governance.iam.canonical import canonical
from governance.iam.output import dumps

STRINGS = ["", "a", 'ü∂ "quoted" \\ \n\t', "${aws:username}", "*", "\u2028", "😀"]


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(6 if depth < 4 else 3)
    if kind == 0:
        return rng.choice(STRINGS)
    if kind == 1:
        return rng.choice([0, -3, 17, 2**40])
    if kind == 2:
        return rng.choice([True, False, None])
    if kind in (3, 4):
        size = rng.randrange(4)
        return {rng.choice(STRINGS) + str(i): _random_value(rng, depth + 1) for i in range(size)}
    return [_random_value(rng, depth + 1) for _ in range(rng.randrange(4))]


def test_output_is_byte_identical_to_the_standard_library() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        value = _random_value(rng)
        assert (
            dumps(value) == json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )
        assert canonical(value) == json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )

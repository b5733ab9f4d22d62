"""Synthetic governance repositories of any size, for benchmarks (deterministic: fixed seed)."""

from __future__ import annotations

import random
from pathlib import Path

ACTIVITIES = [
    "run-studio-apps",
    "manage-ml-jobs",
    "manage-models",
    "manage-pipelines",
    "search-experiments",
    "manage-experiments",
    "manage-endpoints",
    "manage-model-monitoring",
    "use-mlflow",
    "query-athena-workgroups",
    "s3-bucket-access",
]
CONFIG = '[tool.mlgov]\npartition = "aws"\naccount = "111122223333"\nregion = "eu-west-1"\n'
COMPUTE = """schema_version: 1
id: compute
extends: builtin:compute-role
activities:
  - access-required-aws-services:
      buckets: [synthetic-shared]
      ecr_repositories: ["arn:aws:ecr:eu-west-1:111122223333:repository/ml/*"]
"""
GUARDS = """network:
  subnets: [subnet-{n:017x}]
  security_groups: [sg-{n:017x}]
encryption:
  volume_kms_keys: ["arn:aws:kms:eu-west-1:111122223333:key/vol-{n}"]
  output_kms_keys: ["arn:aws:kms:eu-west-1:111122223333:key/out-{n}"]
"""


def persona_yaml(n: int, rng: random.Random) -> str:
    chosen = rng.sample(ACTIVITIES, rng.randint(5, 10))
    lines = [
        "schema_version: 1",
        f"id: persona-{n:05d}",
        f"title: Synthetic persona {n}",
        "compute_role: compute",
        "activities:",
    ]
    for activity in chosen:
        if activity == "s3-bucket-access":
            lines.append(f"  - s3-bucket-access: {{buckets: [team-{n}-data, team-{n}-models]}}")
        else:
            lines.append(f"  - {activity}")
    lines.append(f"tags: {{team: t{n % 17}, cost-center: '{4000 + n % 97}'}}")
    text = "\n".join(lines) + "\n"
    return text + (GUARDS.format(n=n) if n % 3 == 0 else "")


def make_repo(root: Path, personas: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    (root / "personas").mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(CONFIG, "utf-8")
    (root / "personas" / "compute.yaml").write_text(COMPUTE, "utf-8")
    for n in range(personas):
        (root / "personas" / f"persona-{n:05d}.yaml").write_text(persona_yaml(n, rng), "utf-8")
    return root

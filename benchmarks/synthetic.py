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


RISKS = ("High", "Medium", "Low", "Unknown")
STATUSES = ("Draft", "PendingReview", "Approved", "Archived")


def card_yaml(n: int, rng: random.Random) -> str:
    """A complete card (clean under every card rule), with metrics of each SageMaker type."""
    status, risk = STATUSES[n % 4], RISKS[(n // 4) % 3]  # reviewed cards need a known risk
    auc = round(rng.uniform(0.8, 0.95), 3)
    text = f"""schema_version: 1
id: card-{n:05d}
status: {status}
owner: Owner {n}
contacts: [{{name: Owner {n}}}, {{name: Reviewer {n % 13}, role: Model Risk Officer}}]
approvals: [{{by: Reviewer {n % 13}, role: Model Risk Officer, date: 2026-10-01}}]
review: {{last: 2026-10-01, next: 2099-04-01}}
out_of_scope_uses: [Anything but synthetic benchmarks.]
deployments: [{{account: "111122223333", region: eu-west-1, endpoint: ep-{n}, model: m-{n}}}]
model_overview: {{model_description: Synthetic model {n}., problem_type: Binary Classification}}
intended_uses: {{intended_uses: Benchmarks., risk_rating: {risk}}}
additional_information: {{ethical_considerations: None known., caveats_and_recommendations: None.}}
evaluation_details:
  - name: holdout
    metric_groups:
      - name: overall
        metric_data:
          - {{name: auc, type: number, value: {auc}, threshold: {{min: 0.75}}}}
          - {{name: roc, type: linear_graph, value: [[0, 0], [0.2, 0.7], [1, 1]]}}
          - {{name: bars, type: bar_chart, value: [1, 2, 3], x_axis_name: [a, b, c]}}
          - {{name: cm, type: matrix, value: [[50, 5], [4, 41]], x_axis_name: [neg, pos]}}
"""
    return _bound(text)


def _bound(text: str) -> str:
    """The approval bound to the card's content (CRD008, CRD009), as `mlgov cards approve`
    would record it."""
    from governance.cards.digest import content_digest
    from governance.source import load_yaml_bytes

    digest = content_digest(load_yaml_bytes(text.encode(), "card.yaml").data or {})
    return text.replace("date: 2026-10-01}]", f"date: 2026-10-01, digest: '{digest}'}}]", 1)


def make_repo(root: Path, personas: int, seed: int = 7, cards: int = 0) -> Path:
    rng = random.Random(seed)
    (root / "personas").mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(CONFIG, "utf-8")
    (root / "personas" / "compute.yaml").write_text(COMPUTE, "utf-8")
    for n in range(personas):
        (root / "personas" / f"persona-{n:05d}.yaml").write_text(persona_yaml(n, rng), "utf-8")
    if cards:
        (root / "cards").mkdir(exist_ok=True)
    for n in range(cards):
        (root / "cards" / f"card-{n:05d}.yaml").write_text(card_yaml(n, rng), "utf-8")
    return root

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
# One account and region per thousand cards: a snapshot file stays under the size mlgov reads
# (2 MiB), as a fleet's snapshots are taken one per account and region.
BLOCK = 1000
REGIONS = ("eu-west-1", "us-east-1", "ap-southeast-2")


def account_of(n: int) -> tuple[str, str]:
    block = n // BLOCK
    if block == 0:
        return "111122223333", "eu-west-1"
    return f"{200000000000 + block:012d}", REGIONS[block % len(REGIONS)]


STATUSES = ("Draft", "PendingReview", "Approved", "Archived")


def card_yaml(n: int, rng: random.Random) -> str:
    """A complete card (clean under every card rule), with metrics of each SageMaker type."""
    status, risk = STATUSES[n % 4], RISKS[(n // 4) % 3]  # reviewed cards need a known risk
    auc = round(rng.uniform(0.8, 0.95), 3)
    account, region = account_of(n)
    text = f"""schema_version: 1
id: card-{n:05d}
status: {status}
owner: Owner {n}
contacts: [{{name: Owner {n}}}, {{name: Reviewer {n % 13}, role: Model Risk Officer}}]
approvals: [{{by: Reviewer {n % 13}, role: Model Risk Officer, date: 2026-10-01}}]
review: {{last: 2026-10-01, next: 2099-04-01}}
out_of_scope_uses: [Anything but synthetic benchmarks.]
deployments: [{{account: "{account}", region: {region}, endpoint: ep-{n}, model: m-{n}}}]
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


# ---- a monitoring snapshot of the synthetic cards' endpoints ----------------------------------


def _alert(name: str, status: str) -> dict[str, object]:
    since = "2026-11-27T09:00:00Z" if status == "InAlert" else None
    return {
        "name": name,
        "status": status,
        "datapoints_to_alert": 1,
        "evaluation_period": 1,
        "since": since,
    }


def _schedule(n: int, kind: str, alert: str) -> dict[str, object]:
    run = "CompletedWithViolations" if alert == "InAlert" else "Completed"
    return {
        "name": f"ep-{n}-{kind.lower()}",
        "endpoint": f"ep-{n}",
        "type": kind,
        "status": "Scheduled",
        "failure_reason": "",
        "last_execution": {"status": run, "time": "2026-11-28T05:00:00Z", "failure_reason": ""},
        "alerts": [_alert(f"ep-{n}-{kind}-alert", alert)],
        "alert_history": [],
    }


def _endpoint(name: str, model: str) -> dict[str, object]:
    variant = {
        "name": "AllTraffic",
        "model": model,
        "instance_type": "ml.m5.large",
        "instance_count": 1,
    }
    return {
        "name": name,
        "status": "InService",
        "failure_reason": "",
        "variants": [variant],
        "data_capture": True,
    }


def snapshot_data(
    cards: range, where: tuple[str, str], taken_at: str = "2026-11-28T06:00:00Z"
) -> dict[str, object]:
    """Every card's endpoint in service; some monitored, some in alert, some with alarms, batch
    jobs and SageMaker cards; one undocumented endpoint per 100 cards."""
    alarms = [
        {
            "name": f"ep-{n}-latency",
            "state": "ALARM" if n % 50 == 0 else "OK",
            "reason": "",
            "namespace": "AWS/SageMaker",
            "metric": "ModelLatency",
            "endpoint": f"ep-{n}",
            "updated": "2026-11-27T14:00:00Z",
        }
        for n in cards
        if n % 5 == 0
    ]
    return {
        "version": 1,
        "taken_at": taken_at,
        "account": where[0],
        "region": where[1],
        "source": "file",
        "plan": "search",
        "models": [{"name": f"m-{n}", "created": None} for n in cards],
        "endpoints": [_endpoint(f"ep-{n}", f"m-{n}") for n in cards]
        + [_endpoint(f"orphan-{n}", f"orphan-model-{n}") for n in cards if n % 100 == 0],
        "monitoring_schedules": [
            _schedule(n, "DataQuality", "InAlert" if n % 21 == 0 else "OK")
            for n in cards
            if n % 3 == 0
        ],
        "alarms": alarms,
        "transform_jobs": [
            {
                "name": f"batch-{n}",
                "model": f"m-{n}",
                "status": "Completed",
                "created": "2026-11-27T02:00:00Z",
            }
            for n in cards
            if n % 4 == 0
        ],
        "model_cards": [
            {"name": f"card-{n:05d}", "status": STATUSES[n % 4], "risk": RISKS[(n // 4) % 3]}
            for n in cards
            if n % 6 == 0
        ],
        "lineage": [],
        "api_calls": {"sagemaker.search": 1 + len(cards) // 100},
        "errors": [],
    }


def write_snapshot(root: Path, cards: int, taken_at: str = "2026-11-28T06:00:00Z") -> list[Path]:
    """One snapshot file per account and region (per BLOCK cards)."""
    import json

    paths = []
    for start in range(0, cards, BLOCK):
        where = account_of(start)
        data = snapshot_data(range(start, min(cards, start + BLOCK)), where, taken_at)
        path = root / "snapshots" / f"{where[0]}-{where[1]}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", "utf-8")
        paths.append(path)
    return paths

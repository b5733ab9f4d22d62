"""Cards: the schema, the typed objects Repository.load builds, and their cross-references."""

from __future__ import annotations

from governance.repository import Repository
from tests.conftest import MakeRepo

PERSONA = """
schema_version: 1
id: mlops
extends: builtin:mlops
"""

CARD = """
schema_version: 1
id: churn
status: Approved
owner: Ana Lima
contacts:
  - {name: Ana Lima, email: ana@example.com, role: Data Scientist}
  - {name: Bo Chen, role: Model Risk Officer}
approvals:
  - {by: Bo Chen, role: Model Risk Officer, date: 2026-10-01}
review: {last: 2026-10-01, next: 2027-04-01}
personas: {deploy: [mlops]}
deployments:
  - {account: "111122223333", region: eu-west-1, endpoint: churn-prod, model: churn-v3}
intended_uses: {risk_rating: Medium, intended_uses: Retention campaigns.}
evaluation_details:
  - name: holdout
    metric_groups:
      - name: overall
        metric_data:
          - {name: auc, type: number, value: 0.91, threshold: {min: 0.8}}
          - {name: roc, type: linear_graph, value: [[0, 0], [1, 1]]}
"""


def _load(make_repo: MakeRepo, files: dict[str, str]) -> Repository:
    return Repository.load(make_repo({"personas/mlops.yaml": PERSONA, **files}))


def _rows(repo: Repository) -> list[tuple[str, str, int, int]]:
    return [(f.rule, f.file, f.line, f.column) for f in repo.findings]


def test_a_valid_card_is_loaded_as_a_typed_object(make_repo: MakeRepo) -> None:
    repo = _load(make_repo, {"cards/churn.yaml": CARD})
    assert _rows(repo) == []
    card = repo.cards["churn"]
    assert (card.status, card.risk_rating, card.owner) == ("Approved", "Medium", "Ana Lima")
    assert card.personas_deploy == ("mlops",)
    assert [(d.endpoint, d.model) for d in card.deployments] == [("churn-prod", "churn-v3")]
    assert [(m.name, m.type, m.threshold) for m in card.metrics()] == [
        ("auc", "number", {"min": 0.8}),
        ("roc", "linear_graph", None),
    ]
    assert set(card.content) == {"intended_uses", "evaluation_details"}


def test_bad_cards_give_positioned_findings(make_repo: MakeRepo) -> None:
    bad = CARD.replace("status: Approved", "status: Approvd").replace(
        "type: linear_graph", "type: histogram"
    )
    bad = bad.replace("next: 2027-04-01", "next: 2027-13-01")
    repo = _load(make_repo, {"cards/churn.yaml": bad})
    assert _rows(repo) == [
        ("SCH004", "cards/churn.yaml", 3, 9),
        ("SCH005", "cards/churn.yaml", 10, 34),
        ("SCH004", "cards/churn.yaml", 21, 31),
    ]
    assert repo.cards == {}


def test_a_card_that_is_not_a_mapping_is_a_finding(make_repo: MakeRepo) -> None:
    repo = _load(make_repo, {"cards/list.yaml": "- id: x\n"})
    assert [r[0] for r in _rows(repo)] == ["SRC010"]


def test_sagemaker_limits_follow_aws_and_the_objective_function_shape_is_fixed(
    make_repo: MakeRepo,
) -> None:
    # AWS's unanchored `.{1,63}` accepts a 75-character group name (AWS's own files have them)
    # and maxContains does not cap model artifacts: what AWS accepts, the card accepts. Its
    # objective_function, which AWS's schema leaves open by mistake, keeps the SDK's shape.
    text = CARD.replace("name: holdout", "name: " + "h" * 75)
    artifacts = ", ".join(["s3://b/m"] * 16)
    text += f"model_overview: {{model_artifact: [{artifacts}]}}\n"
    text += "training_details: {objective_function: minimize loss}\n"
    repo = _load(make_repo, {"cards/churn.yaml": text})
    assert [r[0] for r in _rows(repo)] == ["SCH003"]


def test_duplicate_card_ids_unknown_personas_and_unlisted_people(make_repo: MakeRepo) -> None:
    other = CARD.replace("id: churn", "id: other").replace("deploy: [mlops]", "deploy: [mlopz]")
    other = other.replace("by: Bo Chen", "by: Eve").replace("owner: Ana Lima", "owner: Ana")
    files = {"cards/a.yaml": CARD, "cards/b.yaml": CARD, "cards/c.yaml": other}
    repo = _load(make_repo, files)
    assert _rows(repo) == [
        ("REF001", "cards/b.yaml", 2, 5),
        ("REF009", "cards/c.yaml", 4, 8),
        ("REF009", "cards/c.yaml", 9, 10),
        ("REF008", "cards/c.yaml", 11, 21),
    ]
    messages = [f.message + " | " + f.hint for f in repo.findings]
    assert "card names unknown persona 'mlopz' | did you mean 'mlops'?" in messages
    assert sorted(repo.cards) == ["churn", "other"]

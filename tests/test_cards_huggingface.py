"""The Hugging Face export, checked with the Hub's own client library (huggingface_hub): the
README loads as a ModelCard, its metadata round-trips through ModelCardData, tasks and
libraries are the Hub's ids, datasets are Hub dataset ids only, metric types are identifiers,
every governance section is in the body, and what could not be mapped is said."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub import ModelCard, ModelCardData
from huggingface_hub.repocard import metadata_load

from governance.cards.huggingface import hub_spec, to_huggingface
from governance.repository import Repository
from mlgov.cli import main
from tests.conftest import ROOT, MakeRepo

REPO = Repository.load(ROOT)
CARDS = sorted(REPO.cards)
HUB_ID = re.compile(r"^([A-Za-z0-9][\w.-]*/)?[A-Za-z0-9][\w.-]*$")
METRIC_ID = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


@pytest.mark.parametrize("card_id", CARDS)
def test_every_example_exports_a_readme_the_hub_client_reads_back_whole(
    card_id: str, tmp_path: Path
) -> None:
    readme = to_huggingface(REPO.cards[card_id])
    path = tmp_path / "README.md"
    path.write_text(readme.text, "utf-8")
    card = ModelCard.load(path)  # parses model-index strictly (no ignore_metadata_errors)
    assert metadata_load(path) == readme.metadata
    assert card.data.to_dict() == readme.metadata
    assert ModelCardData(**readme.metadata).to_dict() == readme.metadata
    meta = readme.metadata
    tasks, libraries = hub_spec()["tasks"], hub_spec()["libraries"]
    if "pipeline_tag" in meta:
        assert meta["pipeline_tag"] in tasks
    for result in card.data.eval_results or []:
        assert result.task_type in tasks
        assert HUB_ID.match(result.dataset_type) and "://" not in result.dataset_type
        assert METRIC_ID.match(result.metric_type)
    assert all(HUB_ID.match(d) and "://" not in d for d in meta.get("datasets", []))
    assert all(METRIC_ID.match(m) for m in meta.get("metrics", []))
    if "library_name" in meta:
        assert meta["library_name"] in libraries


def test_the_new_fields_map_to_the_hubs_metadata() -> None:
    meta = to_huggingface(REPO.cards["review-sentiment"]).metadata
    assert meta["pipeline_tag"] == "text-classification"
    assert meta["library_name"] == "transformers"
    assert meta["base_model"] == "distilbert/distilbert-base-multilingual-cased"
    assert meta["language"] == ["en", "de", "fr"]
    assert meta["datasets"] == ["mteb/amazon_reviews_multi"]
    assert meta["co2_eq_emissions"]["emissions"] == 310
    (index,) = meta["model-index"]
    (result,) = index["results"]  # the Hub dataset's evaluation; the S3 one is body-only
    assert result["task"] == {"type": "text-classification", "name": "Text Classification"}
    assert result["dataset"] == {
        "type": "mteb/amazon_reviews_multi",
        "name": "amazon-reviews-test",
        "config": "en",
        "split": "test",
        "revision": "0fee95e6fd8b25ae6f1468d5e4d9bf5fbad6aed8",
    }
    assert {"type": "macro_f1", "value": 0.811, "name": "macro f1 (overall)"} in result["metrics"]
    assert {"type": "accuracy", "value": 0.829, "name": "accuracy (by language), de"} in result[
        "metrics"
    ]


def test_problem_types_map_to_task_ids_and_s3_datasets_are_not_datasets() -> None:
    readme = to_huggingface(REPO.cards["churn-prediction"])
    assert readme.metadata["pipeline_tag"] == "tabular-classification"  # Binary Classification
    assert "datasets" not in readme.metadata
    notes = "\n".join(readme.notes)
    assert "from problem_type 'Binary Classification'" in notes
    assert "s3://demo-ml-artifacts/datasets/churn/2026-09/train.parquet is no Hub dataset" in notes
    assert "'XGBoost' is none of the Hub's libraries" in notes
    assert "evaluation 'holdout-2026-09' not in it: it names no Hub dataset" in notes


def test_a_problem_type_with_no_hub_task_is_said_and_gets_no_model_index() -> None:
    readme = to_huggingface(REPO.cards["product-recommender"])
    assert "pipeline_tag" not in readme.metadata and "model-index" not in readme.metadata
    assert any("'Recommendation' names no Hub task" in n for n in readme.notes)
    assert any("model-index: not written: it needs a task" in n for n in readme.notes)


def test_the_body_carries_every_governance_section() -> None:
    text = to_huggingface(REPO.cards["credit-risk-scoring"]).text
    body = text.split("---\n", 2)[2]
    for present in (
        "### Purpose\n\nSupport underwriters' decisions on consumer loan applications.",
        "Affects access to credit; regulated under consumer credit law",  # risk explanation
        "## Business Details",
        "- **Business problem:** Default losses on consumer loans.",
        "| gini | 0.61 |  | 0.59 to 0.63 (95%) | min 0.55 |",  # confidence interval
        "- **Last review:** 2026-09-30",
        "- **Next review:** 2027-03-31",
        "| credit-risk-prod | 111122223333 | eu-west-1 | credit-risk-v7 |",  # deployments
        "| Marcus Odede | Model Risk Officer | 2026-09-28 | Independent validation report",
        "| Consumer loan applications 2016-2025 | training, validation |",
        "age, sex, postcode | Age and sex are not model inputs",
        "### Ethical Risks and Mitigations",
        "| Region can stand in for ethnicity. | Region is tested for disparate impact",
        "### Fairness Assessment",
        "| Applicants under 25 | A thin credit file is scored",
        "### Trade-offs",
        "- **Input format:** One application as 42 bureau",
        "- **Output format:** A probability of default",
        "[Model validation report MRV-2026-031](https://wiki.example.com/mrm/MRV-2026-031)",
        "## Citation",
        "Marcus Odede (Model Risk Officer)",
        "### Out-of-Scope Use",
    ):
        assert present in body, present


def test_environmental_impact_and_custom_details_are_in_the_body() -> None:
    body = to_huggingface(REPO.cards["review-sentiment"]).text
    assert "## Environmental Impact" in body and "- **Carbon Emitted:** 310 g CO2 eq." in body
    assert "- **Hours used:** 2.5" in body


def test_hostile_text_stays_in_its_place(make_repo: MakeRepo, tmp_path: Path) -> None:
    """Line breaks, pipes and YAML syntax in card text cannot break out of a heading, a table
    row or the front matter."""
    root = make_repo(
        {
            "cards/x.yaml": """
            schema_version: 1
            id: x
            title: "A title\\n---\\nlicense: mit"
            status: Draft
            out_of_scope_uses: ["one | two\\n## Heading"]
            ethical_risks: [{risk: "a | b", mitigation: "c\\nd"}]
            model_overview: {problem_type: "Text Classification"}
            """
        }
    )
    card = Repository.load(root).cards["x"]
    readme = to_huggingface(card)
    path = tmp_path / "README.md"
    path.write_text(readme.text, "utf-8")
    assert metadata_load(path) == readme.metadata and "license" not in readme.metadata
    assert readme.metadata["pipeline_tag"] == "text-classification"
    body = readme.text.split("---\n", 2)[2]
    assert "# A title --- license: mit\n" in body
    assert "- one | two ## Heading\n" in body
    assert "| a \\| b | c d |" in body


def test_the_command_writes_the_readme_and_says_what_it_could_not_map(
    tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "README.md"
    args = ["-C", str(ROOT), "cards", "export", "churn-prediction", "--format", "huggingface"]
    assert main([*args, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "huggingface metadata: datasets: s3://" in err
    assert "huggingface metadata: library_name: not set" in err
    assert ModelCard.load(out).data.pipeline_tag == "tabular-classification"


def test_the_hub_lists_are_the_hubs() -> None:
    """hub_spec.json holds identifiers copied from the Hub's own lists (its source is named in
    the file): the ones every Hub user meets are there, and the schema's task enum is it."""
    spec = hub_spec()
    assert spec["source"]["repository"] == "huggingface/huggingface.js"
    assert {"text-classification", "tabular-classification", "tabular-regression"} <= set(
        spec["tasks"]
    )
    assert {"transformers", "sklearn", "keras", "timm"} <= set(spec["libraries"])
    from governance import schemas

    assert schemas.schema("card")["properties"]["task"]["enum"] == list(spec["tasks"])

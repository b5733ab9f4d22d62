"""The text of a new, commented card (`mlgov new card`). Only the required fields are set, so
the scaffold is a valid Draft that lints clean; every other section is there as a commented
example with a line on what goes in it. Commented examples are YAML behind `# ` and become
valid fields when uncommented (a test uncomments them all and validates the result)."""

from __future__ import annotations

TEMPLATE = """\
# yaml-language-server: $schema={schema_ref}
# Model card "{card_id}". The sections after the governance fields are SageMaker Model Card
# sections, so `mlgov cards export` and `mlgov cards push` carry them over unchanged.
# Uncomment and fill in what applies; `mlgov lint` says what the card's status still needs.
# Fields marked (auto) are filled in by `mlgov cards import --training-job JOB --model MODEL`.
schema_version: 1
id: {card_id}
title: {title}
# Draft, then PendingReview (needs an owner, intended and out-of-scope uses, a risk rating
# and an evaluation), Approved (also an approval by someone other than the owner), Archived.
status: Draft

# Who answers for the model. The owner and every approver must be listed in contacts.
# owner: Jane Doe
# contacts:
#   - {{name: Jane Doe, email: jane.doe@example.com, role: Data Scientist}}
#   - {{name: John Roe, email: john.roe@example.com, role: Model Risk Officer}}
# approvals:
#   - {{by: John Roe, role: Model Risk Officer, date: 2027-01-15}}
# review: {{last: 2027-01-15, next: 2027-07-15}}

# Who the model is for, what it must not be used for, what its quality depends on.
# intended_users: [Retention marketing team]
# out_of_scope_uses:
#   - Credit or pricing decisions about individual customers.
# factors: [Customer tenure, Region]
# license: proprietary
# citation: Doe, J. (2027). The model's paper or report.

# The data, formats, trade-offs and risks, as other card standards have them (Model Card
# Toolkit, VerifyML). CRD020: on a High-risk card each sensitive dataset and risk needs a
# mitigation.
# references:
#   - {{title: The model's paper, link: "https://example.com/paper"}}
# datasets:
#   - name: Subscriber history 2026-09
#     link: s3://bucket/churn/2026-09/
#     used_for: [training, evaluation]
#     description: One row per subscriber and month.
#     sensitive_data: [age, postcode]
#     mitigation: Age and postcode are not model inputs; they are kept for bias tests only.
# input_format: One subscriber's features as a CSV row.
# output_format: The probability of churn within 60 days.
# tradeoffs: [Recall was favoured over precision.]
# ethical_risks:
#   - {{risk: Offers could favour long-standing customers., mitigation: Compared by tenure.}}
# fairness_assessment:
#   - {{group_at_risk: New customers, harms: Fewer offers., mitigation: Monthly check.}}

# For the Hugging Face export: the Hub's task id and library, the model it was fine-tuned
# from, its languages, and what training cost.
# task: tabular-classification
# library_name: sklearn
# base_model: distilbert/distilbert-base-uncased
# language: [en]
# environmental_impact: {{hardware_type: ml.m5.xlarge, hours_used: 1.5, co2_eq_emissions: 120}}

# Where it runs (the join key with monitoring snapshots), and the personas of this
# repository allowed to deploy it or to use it.
# deployments:
#   - {{account: "111122223333", region: eu-west-1, endpoint: {card_id}-prod, model: {card_id}-v1}}
# personas:
#   deploy: [mlops]
#   use: [data-scientist]
# tags: {{team: a}}

# The card in SageMaker, written by `mlgov cards import --model-card`: its name there when
# that is not the id, and the version import read (push refuses to overwrite later edits).
# sagemaker: {{model_card_name: Churn--Model2, version: 3}}

# The MLflow model version the card documents, written by `mlgov cards import --mlflow-model`
# (with its run, flavors, signature and datasets), and the alias production serves it through
# (default champion): the join key with MLflow registry snapshots.
# mlflow: {{registered_model: {card_id}, version: 3, alias: champion}}

# What the model is. model_id, model_name, model_artifact, inference_environment: (auto).
# model_overview:
#   model_description: What it predicts, from which inputs, for whom.
#   model_creator: Team A data science
#   model_owner: Jane Doe
#   problem_type: Binary Classification
#   algorithm_type: XGBoost
#   model_version: 1

# What it is for, and how risky it is: High, Medium, Low or Unknown, with the reasons.
# intended_uses:
#   purpose_of_model: The decision the model supports.
#   intended_uses: How and how often it is used, and who acts on its output.
#   factors_affecting_model_efficiency: Seasonality; inputs unseen in training.
#   risk_rating: Medium
#   explanations_for_risk_rating: What a wrong prediction costs, and who checks it.

# The business case.
# business_details:
#   business_problem: The problem the model addresses.
#   business_stakeholders: Marketing, Finance
#   line_of_business: Consumer subscriptions

# How it was trained. training_job_details: (auto), except the user_provided_ lists.
# training_details:
#   objective_function:
#     function: {{function: Minimize, facet: Loss, condition: binary logistic}}
#     notes: Early stopping on validation AUC.
#   training_observations: What was seen during training.
#   training_job_details:
#     user_provided_hyper_parameters:
#       - {{name: max_depth, value: "6"}}

# How it was evaluated: one entry per evaluation. `mlgov cards import --report FILE` adds
# one from a Clarify or Model Monitor report. Metric types: number, string, boolean,
# linear_graph, bar_chart, matrix. A threshold fails lint when the value misses it; slice and
# confidence_interval describe subgroup results.
# evaluation_details:
#   - name: holdout-2027-01
#     evaluation_observation: What the evaluation showed, and where the model is weak.
#     datasets: [s3://bucket/holdout.parquet]
#     hub_dataset: {{id: org/holdout, split: test}}
#     metric_groups:
#       - name: overall
#         metric_data:
#           - name: auc
#             type: number
#             value: 0.87
#             threshold: {{min: 0.8}}
#             confidence_interval: {{lower: 0.86, upper: 0.88, level: 0.95}}
#           - {{name: auc, type: number, value: 0.79, slice: tenure under 3 months}}

# What else a reader must know.
# additional_information:
#   ethical_considerations: Who could be harmed, and how that is mitigated.
#   caveats_and_recommendations: When to retrain; what not to rely on.
#   custom_details: {{ticket: ML-123}}

# Lint findings accepted on purpose, each with a reason and an expiry date.
# waivers:
#   - {{rule: CRD004, reason: Review moved to the board meeting., expires: 2027-03-31}}
"""


def scaffold(card_id: str, schema_ref: str) -> str:
    title = card_id.replace("-", " ").capitalize()
    return TEMPLATE.format(card_id=card_id, title=title, schema_ref=schema_ref)

"""The text of a new, commented persona (`mlgov new persona`). It extends a built-in Role
Manager preset, leaves out the preset's activities that cannot work without parameters only
the user knows, and shows every other setting as a commented example."""

from __future__ import annotations

from datetime import date, timedelta

PRESETS = ("data-scientist", "mlops", "compute-role", "custom")

# Preset activities that need values (indexes, runtime roles) nobody can guess: left out, with
# a comment showing how to add them back.
NEEDS_VALUES = {
    "data-scientist": ("canvas-kendra-access", "run-studio-emr-serverless-apps"),
}

# Preset activities whose parameters have no default: set to placeholders the user replaces
# (they compile as they are, so the scaffold lints clean from the start).
REQUIRED = {
    "data-scientist": (
        "  - manage-glue-tables:   # your buckets and Glue databases\n"
        "      buckets: [my-team-bucket]\n"
        "      databases: [my_team_db]\n"
    ),
    "compute-role": (
        "  - access-required-aws-services:   # your buckets and ECR repositories\n"
        "      buckets: [my-team-bucket]\n"
        '      ecr_repositories: ["arn:{partition}:ecr:{region}:{account}:repository/my-team/*"]\n'
    ),
}

# What mlgov's own linter says of a preset as Role Manager ships it, waived with the reasons
# for the user to confirm (waivers expire: the expiry date is filled in when written).
WAIVERS = {
    "data-scientist": """\
# The preset as Role Manager ships it trips one of mlgov's checks. Confirm this reason, or
# narrow the grants (`without: [use-mlflow]`) and delete the waiver.
waivers:
  - rule: IAM003
    reason: >
      sagemaker-mlflow:* is AWS's documented access for the Use MLflow activity, scoped to this
      account's tracking servers.
    expires: {expires}
""",
    "mlops": """\
# The preset as Role Manager ships it trips one of mlgov's checks. Confirm this reason, or
# narrow the grants (`without: [s3-full-access]`, then s3-bucket-access with your buckets) and
# delete the waiver.
waivers:
  - rule: IAM004
    reason: >
      The Amazon S3 Full Access activity reads and writes every bucket of the partition, as
      Role Manager's MLOps preset does.
    expires: {expires}
""",
}

TEMPLATE = """\
# yaml-language-server: $schema={schema_ref}
# Persona "{persona_id}": one IAM role, compiled by `mlgov compile` from these activities.
# `mlgov explain {preset}` lists what the preset grants; `mlgov explain ACTIVITY`
# shows an activity's permissions and parameters.
schema_version: 1
id: {persona_id}
title: {title}
description: >
  Who assumes this role, and what for.
extends: builtin:{preset}
role:
  name: mlgov-{persona_id}
  max_session_hours: 4
{compute}{without}
# Activities beyond the preset's, and parameters of the preset's own, for example
#   - manage-glue-tables: {{buckets: [my-team-bucket], databases: [my_team_db]}}
#   - s3-bucket-access: {{buckets: [my-team-bucket]}}
{activities}
# Keep jobs and apps inside your VPC, and encrypt their volumes and outputs with your keys:
# network: {{subnets: [subnet-0123456789abcdef0], security_groups: [sg-0123456789abcdef0]}}
# encryption:
#   volume_kms_keys: ["arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"]
#   output_kms_keys: ["arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"]

tags:
  team: my-team
{waivers}"""

COMPUTE = """\
# The role SageMaker jobs and endpoints run as: the only role this persona may pass.
compute_role: compute
"""


def persona_scaffold(
    persona_id: str,
    preset: str,
    schema_ref: str,
    compute_role: str,
    where: dict[str, str | None],
) -> str:
    """`where`: the configuration's partition, region and account, for example ARNs."""
    left_out = NEEDS_VALUES.get(preset, ())
    without = ""
    if left_out:
        without = (
            "# Left out until you have their values (indexes, runtime roles): delete a line\n"
            "# here and add the activity with its parameters under `activities:`.\n"
            f"without: [{', '.join(left_out)}]\n"
        )
    compute = ""
    if preset != "compute-role" and compute_role:
        compute = COMPUTE.replace("compute_role: compute", f"compute_role: {compute_role}")
    title = persona_id.replace("-", " ").capitalize()
    expires = (date.today() + timedelta(days=365)).isoformat()
    waivers = WAIVERS.get(preset, "").replace("{expires}", expires)
    return TEMPLATE.format(
        schema_ref=schema_ref,
        persona_id=persona_id,
        preset=preset,
        title=title,
        compute=compute,
        without=without,
        waivers=waivers,
        activities=(
            f"activities:\n{REQUIRED[preset].format(**where)}"
            if preset in REQUIRED
            else "# activities:\n"
        ),
    )

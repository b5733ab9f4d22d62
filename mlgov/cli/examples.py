"""Examples at the end of every `--help`: the commands people run, as they run them."""

from __future__ import annotations

import argparse

EXAMPLES: dict[str, str] = {
    "mlgov": """\
mlgov init                          # start a governance repository here
mlgov lint                          # the gate CI runs
mlgov build                         # the governance site and PDFs, into site/
mlgov explain IAM020                # what a rule checks, with a bad and a good example""",
    "mlgov lint": """\
mlgov lint                          # the whole repository
mlgov lint policies/extra.json      # standalone IAM policy files, no repository needed
mlgov lint --format sarif --output-file mlgov.sarif   # for GitHub code scanning
mlgov lint --select IAM,CRD --ignore IAM012           # some rules only
mlgov lint --baseline origin/main   # fail only on findings new since main
mlgov lint --exit-zero              # report, never fail (exit 0)""",
    "mlgov compile": """\
mlgov compile                       # IAM JSON into compiled/, one folder per persona
mlgov compile --check               # CI: exit 1 when compiled/ is not current
mlgov compile --out /tmp/roles      # somewhere else (an empty folder, or mlgov's own)""",
    "mlgov explain": """\
mlgov explain                       # the built-in activities and personas, and every rule
mlgov explain IAM004                # a rule
mlgov explain manage-ml-jobs        # an activity: parameters, actions, conditions
mlgov explain sagemaker:CreateTrainingJob   # what the IAM data says of an action""",
    "mlgov cards": """\
mlgov cards export churn --format huggingface --out README.md
mlgov cards import --report analysis.json --card churn --dry-run
mlgov cards approve churn --by "Jane Doe" --role "Model Risk Officer"
mlgov cards push churn --dry-run""",
    "mlgov cards export": """\
mlgov cards export churn --format sagemaker --out churn.json
mlgov cards export cards/churn.yaml --format huggingface --out README.md""",
    "mlgov cards import": """\
mlgov cards import --training-job churn-2026-11 --model churn-v2 --card churn
mlgov cards import describe-training-job.json describe-model.json --card churn
mlgov cards import --report statistics.json --report analysis.json --card churn --dry-run""",
    "mlgov cards approve": """\
mlgov cards approve churn --by "Jane Doe" --role "Model Risk Officer" --dry-run
mlgov cards approve churn --by "Jane Doe" --role "Model Risk Officer" --notes "MRV-2026-31\"""",
    "mlgov cards push": """\
mlgov cards push --dry-run          # what would change in SageMaker, card by card
mlgov cards push churn --region eu-west-1""",
    "mlgov new": """\
mlgov new card churn-model          # a commented Draft that lints clean
mlgov new persona ml-team-a --preset mlops""",
    "mlgov new card": """\
mlgov new card churn-model
mlgov new card churn-model --out cards/team-a.yaml""",
    "mlgov new persona": """\
mlgov new persona ml-team-a --preset data-scientist
mlgov new persona deployer --preset mlops""",
    "mlgov schema": """\
mlgov schema                        # every schema into schemas/, for editors
mlgov schema card                   # print one
mlgov schema --check                # CI: exit 1 when schemas/ is not current""",
    "mlgov build": """\
mlgov build                         # lint, compile, the site into site/ and its PDFs
mlgov build --no-pdf                # faster: PDFs only from the cache
mlgov build --out public --jobs 2""",
    "mlgov serve": "mlgov serve                         # http://127.0.0.1:8000, rebuilt on save",
    "mlgov snapshot": """\
mlgov snapshot --region eu-west-1   # into the snapshots folder, one file per account and region
mlgov snapshot --role-arn ARN1 --role-arn ARN2 --region eu-west-1 --region us-east-1
mlgov snapshot --organization mlgov-governance-reader --region eu-west-1 --jobs 8
mlgov snapshot --demo --out snapshots/demo.json   # the demo account, no AWS needed""",
    "mlgov review": """\
mlgov review origin/main            # the working tree against main, as Markdown
mlgov review origin/main HEAD --format json
mlgov review origin/main --out review.md --fail-on-new""",
    "mlgov roles": """\
mlgov roles export --format cloudformation --out roles.json
mlgov roles plan --profile prod
mlgov roles apply --yes""",
    "mlgov roles export": """\
mlgov roles export --format cloudformation --out roles.json
mlgov roles export --format terraform --out roles.tf.json""",
    "mlgov roles plan": """\
mlgov roles plan --profile prod
mlgov roles plan --check            # CI: exit 1 when apply would change something""",
    "mlgov roles apply": """\
mlgov roles apply                   # asks first
mlgov roles apply --yes --prune     # in CI; also deletes Studio profiles git no longer lists""",
}


def with_examples(parser: argparse.ArgumentParser) -> None:
    """Put the command's examples (and the exit codes) after its options in --help."""
    examples = EXAMPLES.get(parser.prog)
    if examples is None:
        return
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    indented = "\n".join(f"  {line}" for line in examples.splitlines())
    exits = "exit codes: 0 clean, 1 findings (or changes with --check), 2 usage or configuration"
    parser.epilog = f"examples:\n{indented}\n\n{exits} error, 3 a bug in mlgov"

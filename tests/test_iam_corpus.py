"""The labelled IAM policy corpus (tests/fixtures/iam_corpus, measured by
benchmarks/iam_corpus.py): its files and labels are well-formed, and mlgov's results on it do
not regress.

CAUGHT lists the positive files mlgov catches today by a rule of their category (the rules per
category are benchmarks/iam_corpus.py's MLGOV_RULES); a file leaving it is a regression.
KNOWN_GAPS are the positives it misses today and KNOWN_FALSE_POSITIVES the negatives it reports
today: both are strict xfails, so a change that fixes one fails here until the file moves out
of the list. Every label must be in exactly one of these lists or among the negatives that
stay clean.
"""

from __future__ import annotations

import json
import re

import pytest

from benchmarks.iam_corpus import (
    CATEGORIES,
    CORPUS,
    MLGOV_RULES,
    caught,
    false_positive,
    load_labels,
    mlgov_findings,
)

CAUGHT = (
    "cfn-policy-validator/get-objekt.json",
    "cfn-policy-validator/passrole-star.json",
    "cfn-policy-validator/resource-object.json",
    "cloudsplaining/allow-all-deny-billing.json",
    "cloudsplaining/allow-notaction-iam.json",
    "cloudsplaining/passrole-lambda-dynamodb.json",
    "cloudsplaining/passrole-run-instances.json",
    "cloudsplaining/update-assume-role-policy-one-role.json",
    "cloudsplaining/wildcards.json",
    "iam-policy-validator/cond-bool-one.json",
    "iam-policy-validator/cond-bool-yes.json",
    "iam-policy-validator/cond-date-february-30.json",
    "iam-policy-validator/cond-date-hour-25.json",
    "iam-policy-validator/cond-date-month-13-day-45.json",
    "iam-policy-validator/cond-date-month-13.json",
    "iam-policy-validator/cond-ip-not-a-cidr.json",
    "iam-policy-validator/cond-null-ifexists.json",
    "iam-policy-validator/dynamodb-leading-keys-with-scan.json",
    "iam-policy-validator/invalid-sid-characters.json",
    "iam-policy-validator/lambda-developer.json",
    "iam-policy-validator/list-all-buckets-on-bucket-arn.json",
    "iam-policy-validator/list-grants-instances-on-bucket.json",
    "iam-policy-validator/list-roles-and-get-role-on-role-arn.json",
    "iam-policy-validator/list-roles-on-role-arn.json",
    "iam-policy-validator/mfa-bool-false.json",
    "iam-policy-validator/mfa-boolifexists-false.json",
    "iam-policy-validator/mfa-false-allow-all-sid.json",
    "iam-policy-validator/mfa-null-true.json",
    "iam-policy-validator/not-a-valid-arn.json",
    "iam-policy-validator/partition-yolo.json",
    "iam-policy-validator/permissions-boundary-on-get-object.json",
    "iam-policy-validator/quick-start-get-objekt.json",
    "iam-policy-validator/s3-wrong-resources.json",
    "iam-policy-validator/unknown-actions-and-key.json",
    "iam-policy-validator/wildcard-expanded-escalation.json",
    "iam-policy-validator/wildcard-pattern-typo.json",
    "iam-vulnerable/admin-star.json",
    "iam-vulnerable/cloudformation-update-stack.json",
    "iam-vulnerable/codebuild-create-project-passrole.json",
    "iam-vulnerable/ec2-instance-connect.json",
    "iam-vulnerable/fn1-passrole-star.json",
    "iam-vulnerable/fn2-policy-version-prefix.json",
    "iam-vulnerable/fn3-condition-token-issued-after-2020.json",
    "iam-vulnerable/fn4-allow-notaction.json",
    "iam-vulnerable/privesc1-create-policy-version.json",
    "iam-vulnerable/privesc10-put-user-policy.json",
    "iam-vulnerable/privesc11-put-group-policy.json",
    "iam-vulnerable/privesc12-put-role-policy.json",
    "iam-vulnerable/privesc13-add-user-to-group.json",
    "iam-vulnerable/privesc14-update-assume-role-policy.json",
    "iam-vulnerable/privesc15-passrole-lambda-invoke.json",
    "iam-vulnerable/privesc16-passrole-lambda-event-source.json",
    "iam-vulnerable/privesc17-update-function-code.json",
    "iam-vulnerable/privesc18-passrole-glue-dev-endpoint.json",
    "iam-vulnerable/privesc19-update-glue-dev-endpoint.json",
    "iam-vulnerable/privesc2-set-default-policy-version.json",
    "iam-vulnerable/privesc20-passrole-cloudformation-create-stack.json",
    "iam-vulnerable/privesc21-passrole-datapipeline.json",
    "iam-vulnerable/privesc3-ec2-with-instance-profile.json",
    "iam-vulnerable/privesc4-create-access-key.json",
    "iam-vulnerable/privesc5-create-login-profile.json",
    "iam-vulnerable/privesc6-update-login-profile.json",
    "iam-vulnerable/privesc7-attach-user-policy.json",
    "iam-vulnerable/privesc8-attach-group-policy.json",
    "iam-vulnerable/privesc9-attach-role-policy.json",
    "iam-vulnerable/sagemaker-notebook-passrole.json",
    "iam-vulnerable/sagemaker-presigned-notebook-url.json",
    "iam-vulnerable/sagemaker-processing-job-passrole.json",
    "iam-vulnerable/sagemaker-training-job-passrole.json",
    "iam-vulnerable/sre-service-wildcards.json",
    "iam-vulnerable/ssm-send-command.json",
    "iam-vulnerable/ssm-start-session.json",
    "parliament/action-and-notaction.json",
    "parliament/allow-notresource.json",
    "parliament/cloudtrail-effectively-star.json",
    "parliament/condition-key-bad.json",
    "parliament/condition-key-s3-x.json",
    "parliament/current-time-bad.json",
    "parliament/duplicate-sid.json",
    "parliament/glue-lambda-escalation.json",
    "parliament/iam-resourcetag-on-ec2-s3.json",
    "parliament/invalid-sid.json",
    "parliament/mfa-false-allow-all.json",
    "parliament/no-action.json",
    "parliament/no-statement.json",
    "parliament/numeric-on-prefix.json",
    "parliament/operator-bad.json",
    "parliament/put-bucket-policy-one-bucket.json",
    "parliament/put-bucket-policy-star.json",
    "parliament/resource-fn-sub.json",
    "parliament/resource-not-arn.json",
    "parliament/signatureage-not-number.json",
    "parliament/storage-class-on-listbucket.json",
    "parliament/unknown-action-iam-list.json",
    "probes/account-eleven-digits.json",
    "probes/action-listed-twice.json",
    "probes/arn-all-wildcards.json",
    "probes/cloudformation-create-stack-passrole.json",
    "probes/cloudformation-update-stack-passrole.json",
    "probes/date-2020-13-45.json",
    "probes/date-bad-epoch-time.json",
    "probes/effect-permit.json",
    "probes/emr-serverless-list-on-arn.json",
    "probes/endpoint-any-region-account.json",
    "probes/every-object-of-every-bucket.json",
    "probes/get-bucket-acl-on-objects.json",
    "probes/get-object-on-bucket.json",
    "probes/ip-octet-300.json",
    "probes/ip-prefix-33.json",
    "probes/list-endpoints-beside-describe.json",
    "probes/mfa-false-on-sagemaker-allow.json",
    "probes/mfa-string-false-allow.json",
    "probes/mlflow-access-ui-on-arn.json",
    "probes/numeric-one-hour.json",
    "probes/operator-foreachvalue.json",
    "probes/operator-stringequalz.json",
    "probes/operator-stringlikeifexist.json",
    "probes/partition-amazon.json",
    "probes/passrole-every-role-path.json",
    "probes/region-eu-west-9.json",
    "probes/region-is-a-zone.json",
    "probes/resource-covered.json",
    "probes/resourcetag-on-dynamodb-backup.json",
    "probes/resourcetag-on-untaggable-iam-groups.json",
    "probes/s3-arn-with-region.json",
    "probes/sagemaker-resourcetag-on-s3.json",
    "probes/ssm-send-command-instances.json",
    "probes/ssm-start-session-instances.json",
    "probes/statement-covered.json",
    "probes/unknown-service.json",
    "probes/version-2012-10-18.json",
)

# file: category. Positives mlgov misses today.
KNOWN_GAPS: dict[str, str] = {}

# file: category. Negatives on which mlgov reports a rule of the category today.
KNOWN_FALSE_POSITIVES: dict[str, str] = {}

RAW = json.loads((CORPUS / "labels.json").read_text("utf-8"))
LABELS = {label.file: label for label in load_labels()}
COMMIT = re.compile(r"[0-9a-f]{40}")


def test_every_label_names_a_policy_file_and_valid_fields() -> None:
    for row in RAW:
        path = CORPUS / row["file"]
        assert path.is_file(), row["file"]
        json.loads(path.read_text("utf-8"))  # valid JSON
        assert row["category"] in CATEGORIES, row
        assert row["expected"] in ("finding", "clean"), row
        assert row["expected"] == "clean" or row["category"] != "clean", row
        assert row["what"].strip(), row
        folder = "probes" if row["source"] == "probe" else row["source"]
        assert row["file"].split("/")[0] == folder, row


def test_every_corpus_file_has_one_label() -> None:
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.json"))
    files.remove("labels.json")
    labelled = [row["file"] for row in RAW]
    assert sorted(labelled) == files
    assert len(set(labelled)) == len(labelled)


def test_peer_files_have_provenance_and_probes_have_none() -> None:
    for row in RAW:
        origins = [row, *row.get("also_in", [])]
        for origin in origins:
            if row["source"] == "probe":
                assert origin["commit"] is None and origin["source_repo"] is None, row
                continue
            assert re.fullmatch(r"[\w.-]+/[\w.-]+", origin["source_repo"]), row
            assert origin["source_path"], row
            assert COMMIT.fullmatch(origin["commit"]), row


def test_readme_gives_each_source_repository_commit_and_licence() -> None:
    readme = (CORPUS / "README.md").read_text("utf-8").splitlines()
    for row in RAW:
        for origin in [row, *row.get("also_in", [])]:
            if not origin["source_repo"]:
                continue
            lines = [ln for ln in readme if origin["source_repo"] in ln and origin["commit"] in ln]
            assert lines, origin
            assert any(re.search(r"\b(MIT|MIT-0|BSD-3-Clause|Apache-2\.0)\b", ln) for ln in lines)


def test_each_category_the_issue_names_has_positives() -> None:
    positives = {label.category for label in LABELS.values() if label.positive}
    assert positives == set(MLGOV_RULES)


def test_every_label_is_classified_once() -> None:
    positives = {f for f, label in LABELS.items() if label.positive}
    assert set(CAUGHT) | set(KNOWN_GAPS) == positives
    assert not set(CAUGHT) & set(KNOWN_GAPS)
    assert set(KNOWN_FALSE_POSITIVES) <= set(LABELS) - positives
    for file, category in (KNOWN_GAPS | KNOWN_FALSE_POSITIVES).items():
        assert LABELS[file].category == category, file


@pytest.fixture(scope="module")
def found() -> dict[str, set[str]]:
    return mlgov_findings()


@pytest.mark.parametrize("file", CAUGHT)
def test_mlgov_still_catches(file: str, found: dict[str, set[str]]) -> None:
    label = LABELS[file]
    assert caught(label, found.get(file, set()), MLGOV_RULES), (
        f"{file} ({label.category}: {label.what}): expected one of "
        f"{MLGOV_RULES[label.category]}, found {sorted(found.get(file, set()))}"
    )


@pytest.mark.parametrize(
    "file",
    [
        pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=f"known gap: {c}"))
        for f, c in KNOWN_GAPS.items()
    ],
)
def test_known_gap(file: str, found: dict[str, set[str]]) -> None:
    assert caught(LABELS[file], found.get(file, set()), MLGOV_RULES)


NEGATIVES = [f for f, label in LABELS.items() if not label.positive]


@pytest.mark.parametrize(
    "file",
    [
        pytest.param(f, marks=pytest.mark.xfail(strict=True, reason="known false positive"))
        if f in KNOWN_FALSE_POSITIVES
        else f
        for f in NEGATIVES
    ],
)
def test_negative_gives_no_finding_of_its_category(file: str, found: dict[str, set[str]]) -> None:
    """A clean-category file gives no error or warning at all; a near miss none of its
    category's rules."""
    label = LABELS[file]
    ids = found.get(file, set())
    assert not false_positive(label.category, ids, MLGOV_RULES), (file, sorted(ids))

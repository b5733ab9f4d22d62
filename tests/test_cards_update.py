"""`mlgov cards import` into an existing card: only auto-populated fields and imported
evaluations change; comments, order, quoting and people's fields stay byte for byte; the diff
is printed; bad input leaves the file as it was."""

from __future__ import annotations

import json
import random
import shutil
import stat
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from governance.atomic import write_atomic
from governance.cards import merge
from governance.cards.sagemaker import to_sagemaker
from governance.cards.update import updated
from governance.repository import Repository
from governance.source import load_yaml_bytes
from mlgov.cli import cards as cli_cards
from mlgov.cli import main
from tests.cli_args import parse
from tests.conftest import CONFIG, ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "cards"
CARD = "cards/churn.yaml"
IMAGE = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/sklearn-inference:1.2-1"
JOB = {
    "TrainingJobArn": "arn:aws:sagemaker:eu-west-1:111122223333:training-job/churn-2026-11",
    "AlgorithmSpecification": {"TrainingImage": IMAGE},
    "InputDataConfig": [
        {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://d/train"}}}
    ],
    "ModelArtifacts": {"S3ModelArtifacts": "s3://new/churn-2026-11/output/model.tar.gz"},
    "HyperParameters": {"max_depth": "7", "eta": "0.1"},
    "FinalMetricDataList": [{"MetricName": "validation:auc", "Value": 0.88}],
}
MODEL = {
    "ModelArn": "arn:aws:sagemaker:eu-west-1:111122223333:model/churn-v2",
    "ModelName": "churn-v2",
    "PrimaryContainer": {"Image": IMAGE, "ModelDataUrl": JOB["ModelArtifacts"]["S3ModelArtifacts"]},
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "cards").mkdir()
    shutil.copy(FIXTURES / "commented.yaml", tmp_path / CARD)
    for name, desc in (("job.json", JOB), ("model.json", MODEL)):
        (tmp_path / name).write_text(json.dumps(desc))
    return tmp_path


def _run(root: Path, *args: str) -> int:
    return main(["-C", str(root), "cards", "import", *args])


def _data(path: Path) -> dict[str, Any]:
    doc = load_yaml_bytes(path.read_bytes(), path.name)
    assert not doc.findings
    return doc.data or {}


def _comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def test_update_changes_only_auto_fields_and_keeps_comments(repo: Path, capsys: Any) -> None:
    before_text = (repo / CARD).read_text()
    before = _data(repo / CARD)
    assert _run(repo, str(repo / "job.json"), str(repo / "model.json"), "--card", "churn") == 0
    out, err = capsys.readouterr()
    after_text = (repo / CARD).read_text()
    after = _data(repo / CARD)
    assert f"updated {CARD}" in err
    assert out.startswith(f"--- a/{CARD}\n+++ b/{CARD}\n@@ ")
    # every comment survives, in order, and so does every human field, as written
    assert _comments(after_text) == _comments(before_text)
    for line in ("title: 'Churn, by hand'   # single quotes on purpose", 'owner: "Priya Raman"'):
        assert line in after_text
    assert "  model_description: >-\n    Gradient-boosted trees; this text is folded\n" in (
        after_text
    )
    assert {k: v for k, v in after.items() if k not in ("model_overview", "training_details")} == (
        {k: v for k, v in before.items() if k not in ("model_overview", "training_details")}
    )
    assert after == merge.with_auto(before, merge.auto_part(after))
    overview = after["model_overview"]
    assert overview["model_name"] == "churn-v2"
    assert overview["model_artifact"] == [MODEL["PrimaryContainer"]["ModelDataUrl"]]
    assert overview["model_description"] == before["model_overview"]["model_description"]
    job = after["training_details"]["training_job_details"]
    assert job["training_arn"] == JOB["TrainingJobArn"]
    # the card's order is kept (the job sorts them), the changed value is edited in place
    assert job["hyper_parameters"] == [
        {"name": "max_depth", "value": "7"},
        {"name": "eta", "value": "0.1"},
    ]
    assert '        value: "7"   # tuned by hand in 2025\n' in after_text
    assert job["user_provided_hyper_parameters"] == [{"name": "note", "value": "kept"}]
    assert after["training_details"]["training_observations"].startswith("Converged")
    removed = [line for line in out.splitlines() if line.startswith("-") and line[:3] != "---"]
    assert removed == [
        "-  model_name: churn-v1   # the registry name",
        "-    - s3://old/model.tar.gz   # first artifact",
        "-    training_arn: arn:aws:sagemaker:eu-west-1:111122223333:training-job/old",
        "-        value: '6'   # tuned by hand in 2025",
    ]
    assert "kept as written" not in err  # nothing but auto fields was imported


def test_a_second_import_is_a_no_op(repo: Path, capsys: Any) -> None:
    dumps = (str(repo / "job.json"), str(repo / "model.json"), "--card", "churn")
    assert _run(repo, *dumps) == 0
    first = (repo / CARD).read_bytes()
    capsys.readouterr()
    assert _run(repo, *dumps) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{CARD}: up to date" in err
    assert (repo / CARD).read_bytes() == first


def test_dry_run_prints_the_diff_and_writes_nothing(repo: Path, capsys: Any) -> None:
    before = (repo / CARD).read_bytes()
    assert _run(repo, str(repo / "job.json"), "--card", "churn", "--dry-run") == 0
    dry, err = capsys.readouterr()
    assert "dry run" in err and (repo / CARD).read_bytes() == before
    assert "+    training_arn: arn:aws:sagemaker:eu-west-1:111122223333:training-job/churn" in dry
    assert _run(repo, str(repo / "job.json"), "--card", "churn") == 0
    assert capsys.readouterr().out == dry


@pytest.mark.parametrize(
    ("dump", "message"),
    [
        ('{"TrainingJobArn": "a", "InputDataConfig": [1]', "not a readable JSON file"),
        ('{"TrainingJobArn": "a", "InputDataConfig": [1]}', "malformed TrainingJobArn response"),
        ("[1, 2]", "not a describe response"),
        ('{"Foo": 1}', "not a describe_model_card, describe_training_job or describe_model"),
        (b"\xff\xfe", "not a readable JSON file"),
    ],
)
def test_a_bad_dump_leaves_the_card_byte_identical(
    repo: Path, capsys: Any, dump: str | bytes, message: str
) -> None:
    before = (repo / CARD).read_bytes()
    bad = repo / "bad.json"
    bad.write_bytes(dump if isinstance(dump, bytes) else dump.encode())
    assert _run(repo, str(repo / "job.json"), str(bad), "--card", "churn") == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert (repo / CARD).read_bytes() == before
    assert sorted(p.name for p in (repo / "cards").iterdir()) == ["churn.yaml"]  # no temp file


def test_a_card_that_does_not_load_is_an_error_with_its_position(repo: Path, capsys: Any) -> None:
    broken = (repo / CARD).read_bytes() + b"status: Approved\n"  # a duplicate key
    (repo / CARD).write_bytes(broken)
    assert _run(repo, str(repo / "job.json"), "--card", "churn") == 2
    err = capsys.readouterr().err
    assert f"cannot update {CARD}, it does not load: {CARD}:45:1: duplicate key 'status'" in err
    assert (repo / CARD).read_bytes() == broken


def test_another_card_in_the_file_is_refused(repo: Path, capsys: Any) -> None:
    out = repo / CARD
    before = out.read_bytes()
    args = (str(repo / "job.json"), "--card", "other", "--out", str(out))
    assert _run(repo, *args) == 2
    assert "holds card 'churn', not 'other'" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_a_card_is_found_by_its_id_when_the_file_is_named_otherwise(
    repo: Path, capsys: Any
) -> None:
    (repo / CARD).rename(repo / "cards" / "renamed.yaml")
    assert _run(repo, str(repo / "model.json"), "--card", "churn") == 0
    assert "updated cards/renamed.yaml" in capsys.readouterr().err
    assert _data(repo / "cards" / "renamed.yaml")["model_overview"]["model_name"] == "churn-v2"
    assert not (repo / CARD).exists()


def test_a_sagemaker_card_updates_only_auto_fields_and_says_what_it_kept(
    repo: Path, capsys: Any
) -> None:
    """The SageMaker copy may differ in people's fields; those stay as the file has them."""
    card = Repository.load(ROOT).cards["churn-prediction"]
    (repo / "cards" / "churn.yaml").unlink()
    shutil.copy(ROOT / "cards" / "churn-prediction.yaml", repo / "cards")
    content = to_sagemaker(card).content
    content["intended_uses"]["purpose_of_model"] = "Changed in the console."
    content["model_overview"]["model_name"] = "churn-prediction-v4"
    desc = {"ModelCardName": card.id, "ModelCardStatus": "Draft", "Content": json.dumps(content)}
    (repo / "card.json").write_text(json.dumps(desc))
    assert _run(repo, str(repo / "card.json")) == 0
    out, err = capsys.readouterr()
    assert "kept as written: intended_uses (not auto-populated)" in err
    assert out.count("\n-") == 1 and "+  model_name: churn-prediction-v4" in out
    after = _data(repo / "cards" / "churn-prediction.yaml")
    assert after["status"] == "Approved"
    assert after["intended_uses"] == dict(card.data["intended_uses"])


@pytest.mark.parametrize("card_id", sorted(Repository.load(ROOT).cards))
def test_every_example_card_updates_cleanly(card_id: str) -> None:
    """New auto values spliced into each example: the result loads back to exactly the
    intended data (updated() checks that) and keeps every comment."""
    path = next(p for p in (ROOT / "cards").glob("*.yaml") if _data(p)["id"] == card_id)
    raw = path.read_bytes()
    from governance.cards.autopopulate import from_model, from_training_job

    auto = merge.auto_part({**from_training_job(JOB), **from_model(MODEL)})
    auto["training_details"] = from_training_job(JOB)["training_details"]
    new = updated(raw, path.name, lambda d: merge.with_auto(d, auto))
    assert new != raw
    assert _comments(new.decode()) == _comments(raw.decode())
    assert updated(new, path.name, lambda d: merge.with_auto(d, auto)) == new


def test_line_endings_and_byte_order_mark_are_kept() -> None:
    raw = b"\xef\xbb\xbfschema_version: 1\r\nid: x\r\nstatus: Draft  # mine\r\n"
    auto = {"model_overview": {"model_name": "m", "model_artifact": ["s3://a", "s3://b"]}}
    new = updated(raw, "x.yaml", lambda d: merge.with_auto(d, auto))
    assert (
        new == raw + b"model_overview:\r\n  model_name: m\r\n  model_artifact: [s3://a, s3://b]\r\n"
    )


def test_new_keys_go_in_schema_order_and_a_flow_mapping_grows_in_place() -> None:
    raw = (
        b"schema_version: 1\nid: x\nstatus: Draft\ntraining_details: {training_observations: ok}\n"
    )
    raw += b"evaluation_details: []\n"
    auto = {
        "model_overview": {"model_name": "m"},
        "training_details": {"training_job_details": {"training_arn": "arn:x"}},
    }
    new = updated(raw, "x.yaml", lambda d: merge.with_auto(d, auto)).decode()
    assert new == (
        "schema_version: 1\nid: x\nstatus: Draft\n"
        "model_overview:\n  model_name: m\n"
        "training_details: {training_observations: ok, "
        "training_job_details: {training_arn: arn:x}}\n"
        "evaluation_details: []\n"
    )


def test_an_atomic_write_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["c.yaml"]


def test_a_new_card_dry_run_shows_the_whole_file_against_dev_null(repo: Path, capsys: Any) -> None:
    assert _run(repo, str(repo / "model.json"), "--card", "brand-new", "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.startswith("--- /dev/null\n+++ b/cards/brand-new.yaml\n")
    assert "+id: brand-new\n" in out
    assert not (repo / "cards" / "brand-new.yaml").exists()


@mock_aws
def test_moto_training_job_and_model_update_the_card_once(repo: Path, capsys: Any) -> None:
    sm = boto3.client("sagemaker", region_name="eu-west-1")
    role = "arn:aws:iam::111122223333:role/mlgov-compute"
    sm.create_training_job(
        TrainingJobName="churn-2026-11",
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        RoleArn=role,
        InputDataConfig=[
            {
                "ChannelName": "train",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://d/train"}},
            }
        ],
        OutputDataConfig={"S3OutputPath": "s3://new"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
        HyperParameters=JOB["HyperParameters"],
    )
    sm.create_model(
        ModelName="churn-v2", PrimaryContainer=MODEL["PrimaryContainer"], ExecutionRoleArn=role
    )
    args = parse(
        repo, "cards", "import", "--training-job", "churn-2026-11", "--model", "churn-v2",
        "--card", "churn",
    )  # fmt: skip
    before = _data(repo / CARD)
    assert cli_cards.import_command(args, sm) == 0
    after = _data(repo / CARD)
    job = after["training_details"]["training_job_details"]
    assert job["training_arn"].endswith(":training-job/churn-2026-11")
    assert job["training_datasets"] == ["s3://d/train"]
    assert job["training_environment"] == {"container_image": [IMAGE]}
    assert {p["name"]: p["value"] for p in job["hyper_parameters"]} == {
        "max_depth": "7",
        "eta": "0.1",
    }
    assert job["training_metrics"]  # moto's fixed train:progress
    assert after["model_overview"]["model_id"].endswith(":model/churn-v2")
    assert after["model_overview"]["model_artifact"] == [JOB["ModelArtifacts"]["S3ModelArtifacts"]]
    assert after["evaluation_details"] == before["evaluation_details"]
    written = (repo / CARD).read_bytes()
    capsys.readouterr()
    assert cli_cards.import_command(args, sm) == 0
    assert capsys.readouterr().out == "" and (repo / CARD).read_bytes() == written


# Values that need quoting somewhere: YAML indicators, look-alike numbers, dates and booleans.
AWKWARD = ["yes", "6", "0.1", "x: y", "#h", "a,b", "[x]", "{y}", "null", "", " sp", "é ü",
           "a'b", 'q"q', "- d", "2026-01-01", "two\nlines", "*s", "&a", "!b", "%p", "@a",
           "`b", "|p", ">f", "?q", "a #b", "x" * 120, "s3://b/k", "arn:aws:x:1:y/z"]  # fmt: skip


def _awkward_auto(rng: random.Random) -> dict[str, Any]:
    def text() -> str:
        return rng.choice(AWKWARD) + rng.choice(["", "1"])

    job: dict[str, Any] = {"training_arn": text()}
    if rng.random() < 0.5:
        job["hyper_parameters"] = [{"name": text() or "n", "value": text()} for _ in range(3)]
    if rng.random() < 0.5:
        values = [0.5, -3, 1e-07, 10**20]
        job["training_metrics"] = [{"name": text() or "m", "value": rng.choice(values)}]
    overview = {"model_name": text(), "model_artifact": [text() for _ in range(rng.randint(1, 3))]}
    return {"model_overview": overview, "training_details": {"training_job_details": job}}


def test_awkward_values_always_splice_cleanly_and_idempotently() -> None:
    """Seeded: any value that needs quoting, in every example card and the hand-written one.
    updated() loads each result back and raises if it does not hold exactly the target."""
    rng = random.Random(20261128)
    files = [*sorted((ROOT / "cards").glob("*.yaml")), FIXTURES / "commented.yaml"]
    for _ in range(200):
        path = rng.choice(files)
        raw, auto = path.read_bytes(), _awkward_auto(rng)
        new = updated(raw, path.name, lambda d, a=auto: merge.with_auto(d, a))  # type: ignore[misc]
        assert updated(new, path.name, lambda d, a=auto: merge.with_auto(d, a)) == new  # type: ignore[misc]
        # a comment goes only with a line the update removed (an item the job no longer has)
        removed = set(raw.decode().splitlines()) - set(new.decode().splitlines())
        kept = [line for line in raw.decode().splitlines() if line not in removed]
        assert all(comment in new.decode() for comment in _comments("\n".join(kept)))


def test_an_edit_saved_during_the_import_is_not_overwritten(repo: Path) -> None:
    from governance.cards.importing import plan
    from governance.findings import MlgovError

    planned = plan(repo / CARD, CARD, "churn", {"model_overview": {"model_name": "m2"}}, [])
    (repo / CARD).write_text((repo / CARD).read_text() + "# saved meanwhile\n")
    with pytest.raises(MlgovError, match="changed while importing"):
        planned.write()
    assert (repo / CARD).read_text().endswith("# saved meanwhile\n")


def test_a_file_without_an_id_is_not_taken_for_a_card(repo: Path, capsys: Any) -> None:
    (repo / "cards" / "notes.yaml").write_text("title: notes\n")
    args = (str(repo / "model.json"), "--card", "churn", "--out", str(repo / "cards/notes.yaml"))
    assert _run(repo, *args) == 2
    assert "cards/notes.yaml has no `id:`; is it a card?" in capsys.readouterr().err

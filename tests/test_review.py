"""`mlgov review` and `mlgov lint --baseline` on fixture repositories committed into temporary
git repositories: tests/fixtures/review/base is the first commit, base plus head/ (and the
deletions below) the second.

The Markdown output is compared with snapshot files in tests/fixtures/review/. After an
intended change of the output, regenerate them with

    MLGOV_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_review.py

and review the diff of the .md files like any other change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mlgov.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "review"
DELETED = ("personas/auditor.yaml",)
UPDATE = os.environ.get("MLGOV_UPDATE_SNAPSHOTS") == "1"
# Fixed names and dates: the same commits, so the same ids in the snapshots, on every run.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "mlgov tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "mlgov tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
    "GIT_AUTHOR_DATE": "2026-11-01T12:00:00Z",
    "GIT_COMMITTER_DATE": "2026-11-01T12:00:00Z",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Tagged `base`, then the change, committed and tagged `head`; the working tree is head."""
    root = tmp_path / "gov"
    shutil.copytree(FIXTURES / "base", root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    git(root, "tag", "base")
    apply_head(root)
    commit(root, "head")
    git(root, "tag", "head")
    return root


def apply_head(root: Path) -> None:
    shutil.copytree(FIXTURES / "head", root, dirs_exist_ok=True)
    for name in DELETED:
        (root / name).unlink()


def run(root: Path, *args: str) -> int:
    return main(["-C", str(root), *args])


def check_snapshot(name: str, text: str) -> None:
    path = FIXTURES / name
    if UPDATE:
        path.write_text(text, "utf-8")
    assert path.exists(), f"no snapshot {name}: run with MLGOV_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text("utf-8")


def review_json(root: Path, capsys: pytest.CaptureFixture[str], *refs: str) -> dict:
    assert run(root, "review", *refs, "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


# -- Markdown snapshots ------------------------------------------------------------------------


def test_markdown_snapshot_between_refs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "review", "base", "head") == 0
    check_snapshot("change.md", capsys.readouterr().out)


def test_working_tree_is_the_default_head(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "review", "base", "head") == 0
    between_refs = capsys.readouterr().out
    assert run(repo, "review", "base") == 0
    working_tree = capsys.readouterr().out
    short = git(repo, "rev-parse", "--short=7", "base")
    assert working_tree.splitlines()[0] == f"## mlgov review: `base ({short})` → `working tree`"
    assert working_tree.splitlines()[1:] == between_refs.splitlines()[1:]


def test_no_change_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "review", "head") == 0
    check_snapshot("no-change.md", capsys.readouterr().out)


def test_yaml_error_side_is_reported_not_fatal(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = repo / "cards" / "fraud.yaml"
    card.write_text(card.read_text("utf-8") + "owner: [unclosed\n", "utf-8")
    persona = repo / "personas" / "analyst.yaml"
    persona.write_text(persona.read_text("utf-8") + "title: twice\n", "utf-8")
    assert run(repo, "review", "head") == 0
    check_snapshot("yaml-error.md", capsys.readouterr().out)


def test_yaml_error_on_the_base_side(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = repo / "cards" / "fraud.yaml"
    card.write_text(card.read_text("utf-8") + "owner: [unclosed\n", "utf-8")
    commit(repo, "broken card")
    git(repo, "tag", "broken")
    git(repo, "checkout", "-q", "head", "--", "cards/fraud.yaml")
    data = review_json(repo, capsys, "broken")
    assert [(c["id"], c["change"]) for c in data["cards"]] == [("fraud", "not loaded")]
    fixed = {f["rule"] for f in data["findings"]["fixed"]}
    assert fixed == {"SRC003", "SRC004"}


def test_out_writes_the_file(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.md"
    assert run(repo, "review", "base", "head", "--out", str(out)) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text("utf-8") == (FIXTURES / "change.md").read_text("utf-8")


# -- JSON ------------------------------------------------------------------------------------------


def test_json_personas(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = review_json(repo, capsys, "base", "head")
    personas = {p["id"]: p for p in data["personas"]}
    assert {k: p["status"] for k, p in personas.items()} == {
        "analyst": "changed",
        "auditor": "removed",
        "reporter": "added",
    }
    analyst = personas["analyst"]
    first = analyst["gained"][0]
    assert (first["service"], first["permissions_management"]) == ("iam", True)
    assert "Permissions management" in first["level"]
    assert first["actions"] == ["iam:AttachRolePolicy"]
    second = analyst["gained"][1]  # after permissions management: escalation's actions
    assert (second["actions"], second["escalation"]) == (["iam:PassRole"], True)
    gained = {a for g in analyst["gained"] for a in g["actions"]}
    # sagemaker:DescribeEndpoint* expanded against the IAM catalog
    assert {"sagemaker:DescribeEndpointConfig", "s3:PutObject"} <= gained
    assert "sagemaker:DescribeEndpoint" not in gained  # kept, not gained
    assert analyst["escalations_gained"]
    assert analyst["lost"] == []


def test_json_resources_and_conditions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    analyst = next(p for p in review_json(repo, capsys, "base", "head")["personas"])
    rows = {tuple(r["actions"]): r for r in analyst["resources"]}
    s3 = rows[("s3:GetObject",)]
    assert s3["before"] == ["arn:aws:s3:::team-a-data/*"]
    assert s3["after"] == ["arn:aws:s3:::team-a-*/*"]
    assert (s3["widened"], s3["narrowed"]) == (True, False)
    dropped = analyst["conditions_dropped"]
    assert dropped == [
        {"actions": ["sagemaker:DescribeEndpoint"], "keys": ["aws:ResourceTag/team"]}
    ]
    assert analyst["quotas"][0]["limit"] == 6144


def test_json_trust_policy(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    analyst = next(p for p in review_json(repo, capsys, "base", "head")["personas"])
    added = set(analyst["trust_after"]) - set(analyst["trust_before"])
    assert added == {"AWS:arn:aws:iam::444455556666:root (sts:AssumeRole)"}


def test_json_cards(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cards = {c["id"]: c for c in review_json(repo, capsys, "base", "head")["cards"]}
    churn = cards["churn"]
    assert (churn["status_before"], churn["status_after"]) == ("Approved", "PendingReview")
    assert (churn["risk_before"], churn["risk_after"]) == ("Medium", "High")
    assert {"path": "model_overview.model_version", "before": 3, "after": 4} in churn["fields"]
    evaluations = {e["name"]: e for e in churn["evaluations"]}
    assert evaluations["holdout-2026-09"]["change"] == "changed"
    assert evaluations["holdout-2026-09"]["passes_before"] is True
    assert evaluations["holdout-2026-09"]["passes_after"] is False
    assert evaluations["holdout-2026-09"]["failing"] == ["auc: 0.78"]
    assert evaluations["holdout-2026-10"]["change"] == "added"
    fields = {f["path"] for f in cards["fraud"]["fields"]}
    assert fields == {"owner", "contacts[0].name", "contacts[1].name"}


def test_json_findings_by_fingerprint(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = review_json(repo, capsys, "base", "head")
    findings = data["findings"]
    assert findings["fixed"] == []
    rules = {f["rule"] for f in findings["new"]}
    assert {"CRD005", "GOV001"} <= rules
    summary = data["summary"]
    assert summary["findings_new"] == len(findings["new"])
    assert summary["findings_new_failing"] == sum(f["failing"] for f in findings["new"])
    # head to base: what was new is now fixed
    back = review_json(repo, capsys, "head", "base")["findings"]
    assert [f["fingerprint"] for f in back["fixed"]] == [f["fingerprint"] for f in findings["new"]]


def test_json_is_stable(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "review", "base", "head", "--format", "json") == 0
    first = capsys.readouterr().out
    assert run(repo, "review", "base", "head", "--format", "json") == 0
    assert capsys.readouterr().out == first
    assert (
        first == json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )


def test_reworded_message_and_moved_line_are_unchanged(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = repo / "cards" / "churn.yaml"
    card.write_text("# a comment moves every line down\n" + card.read_text("utf-8"), "utf-8")
    findings = review_json(repo, capsys, "head")["findings"]
    assert findings["new"] == [] and findings["fixed"] == []
    assert findings["unchanged"]


# -- exit codes and bad input ----------------------------------------------------------------------


def test_fail_on_new(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "review", "base", "head", "--fail-on-new") == 1
    assert run(repo, "review", "head", "base", "--fail-on-new") == 0


def test_bad_base_ref(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "review", "no-such-ref") == 2
    err = capsys.readouterr().err
    assert err == f"mlgov: error: git ref 'no-such-ref' does not exist in {repo}\n"


def test_bad_head_ref(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "review", "base", "nope") == 2
    assert "git ref 'nope' does not exist" in capsys.readouterr().err


def test_not_a_git_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FIXTURES / "base", tmp_path / "plain")
    env_ceiling = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    try:
        assert run(tmp_path / "plain", "review", "main") == 2
    finally:
        if env_ceiling is None:
            del os.environ["GIT_CEILING_DIRECTORIES"]
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = env_ceiling
    assert "is not inside a git repository" in capsys.readouterr().err


def test_option_like_ref_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "review", "--", "--output=x") == 2
    assert "is not a git ref" in capsys.readouterr().err


def test_governance_root_in_a_subfolder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = tmp_path / "mono"
    shutil.copytree(FIXTURES / "base", top / "governance")
    git(top, "init", "-q", "-b", "main")
    commit(top, "base")
    apply_head(top / "governance")
    data = review_json(top / "governance", capsys, "main")
    assert {p["id"] for p in data["personas"]} == {"analyst", "auditor", "reporter"}


def test_governance_folder_new_since_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = tmp_path / "mono"
    top.mkdir()
    (top / "README.md").write_text("before governance\n", "utf-8")
    git(top, "init", "-q", "-b", "main")
    commit(top, "no governance yet")
    shutil.copytree(FIXTURES / "base", top / "governance")
    data = review_json(top / "governance", capsys, "main")
    assert {p["id"]: p["status"] for p in data["personas"]} == {
        "analyst": "added",
        "auditor": "added",
    }
    assert {c["id"]: c["change"] for c in data["cards"]} == {"churn": "added", "fraud": "added"}


# -- lint --baseline -------------------------------------------------------------------------------


def test_lint_baseline_hides_findings_present_at_ref(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(repo, "lint", "--format", "json") == 1
    everything = json.loads(capsys.readouterr().out)
    assert run(repo, "lint", "--baseline", "head", "--format", "json") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert captured.err == f"mlgov: {len(everything)} finding(s) present at head hidden\n"


def test_lint_baseline_reports_new_findings_only(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(repo, "lint", "--format", "json") == 1
    head = {f["fingerprint"] for f in json.loads(capsys.readouterr().out)}
    assert run(repo, "lint", "--format", "json", "--baseline", "base") == 1
    captured = capsys.readouterr()
    new = json.loads(captured.out)
    base_count = len(head) - len(new)
    assert captured.err == f"mlgov: {base_count} finding(s) present at base hidden\n"
    assert new and {f["fingerprint"] for f in new} <= head
    assert "CRD005" in {f["rule"] for f in new}


def test_lint_baseline_bad_ref(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "lint", "--baseline", "nope") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"mlgov: error: git ref 'nope' does not exist in {repo}\n"


# -- document cache ----------------------------------------------------------------------------


def test_warm_cache_gives_the_cold_review(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cold (the cache written by both sides), warm (read by both), and without a cache: one
    review, the snapshot's."""
    outputs, written = [], []
    for args in (["review", "base", "head"], ["review", "base", "head"], ["--no-cache"]):
        full = args if args[0] == "review" else [*args, "review", "base", "head"]
        assert main(["-C", str(repo), *full]) == 0
        outputs.append(capsys.readouterr().out)
        [cache] = Path(os.environ["MLGOV_CACHE_DIR"]).glob("documents-*.json")
        written.append(cache.stat().st_mtime_ns)
    assert outputs[0] == outputs[1] == outputs[2]
    check_snapshot("change.md", outputs[1])
    assert written[0] == written[1] == written[2]  # warm: every file of both sides served


def test_warm_cache_gives_the_cold_yaml_error_review(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = repo / "cards" / "fraud.yaml"
    card.write_text(card.read_text("utf-8") + "owner: [unclosed\n", "utf-8")
    persona = repo / "personas" / "analyst.yaml"
    persona.write_text(persona.read_text("utf-8") + "title: twice\n", "utf-8")
    for _ in range(2):
        assert run(repo, "review", "head") == 0
        check_snapshot("yaml-error.md", capsys.readouterr().out)

"""The card lifecycle as CI sees it: a base branch and a pull-request branch with real commits in
a temporary git repository, the CLI run as a subprocess (`python -m mlgov`), the gate of the
README's workflow (`mlgov lint` on the checkout, on GitHub's merge commit too), `lint
--baseline main` and `review main --fail-on-new`, and a shallow clone (`git clone --depth 1
file://...`), where the base ref stands in for the history the clone lacks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from governance.cards.digest import content_digest
from governance.source import load_yaml_bytes

TODAY = "2026-11-28"
CONFIG = f"""[tool.mlgov]
account = "111122223333"
region = "eu-west-1"

[tool.mlgov.lint]
today = "{TODAY}"
"""
ARCHIVED = """\
# The churn model of 2024, replaced by cards/churn.yaml in 2025.
schema_version: 1
id: churn-2024
title: Churn model (2024)
status: Archived
owner: Ana
contacts: [{name: Ana}, {name: Bo, role: Model Risk Officer}]
model_overview: {model_description: Churn model of 2024., model_name: churn-v1}
"""
LIVE = """\
# The churn model in production.
schema_version: 1
id: churn
title: Churn model
status: PendingReview
owner: Ana
contacts: [{name: Ana}, {name: Bo, role: Model Risk Officer}]
review: {last: 2026-11-01, next: 2027-05-01}
out_of_scope_uses: [Pricing decisions.]
deployments: [{account: "111122223333", region: eu-west-1, endpoint: churn-prod, model: churn-v2}]
model_overview: {model_description: Weekly churn scores., model_name: churn-v2}
intended_uses: {intended_uses: Retention offers., risk_rating: Medium}
evaluation_details:
  - name: holdout
    metric_groups:
      - name: overall
        metric_data:
          - {name: auc, type: number, value: 0.87, threshold: {min: 0.8}}
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ana Example",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Example",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", message)
    return git(root, "rev-parse", "HEAD")


def mlgov(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mlgov", "-C", str(root), *args],
        env={**os.environ, "MLGOV_TODAY": TODAY},
        capture_output=True,
        text=True,
        timeout=120,
    )


def rules(done: subprocess.CompletedProcess[str]) -> set[str]:
    return {row["rule"] for row in json.loads(done.stdout)}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`main`: an Archived card, and a live card approved with `mlgov cards approve`; lint
    clean. The working tree is on a fresh branch `pr`. Made once; each test gets a copy."""
    root = tmp_path_factory.mktemp("lifecycle") / "gov"
    (root / "cards").mkdir(parents=True)
    (root / "pyproject.toml").write_text(CONFIG)
    (root / "cards" / "churn-2024.yaml").write_text(ARCHIVED)
    (root / "cards" / "churn.yaml").write_text(LIVE)
    git(root, "init", "-q", "-b", "main")
    commit(root, "cards")
    approved = mlgov(root, "cards", "approve", "churn", "--by", "Bo", "--role", "MRO")
    assert approved.returncode == 0, approved.stderr
    assert "status PendingReview -> Approved" in approved.stderr
    commit(root, "churn approved by Bo")
    clean = mlgov(root, "lint", "--format", "json")
    assert (clean.returncode, rules(clean)) == (0, set()), clean.stdout
    git(root, "checkout", "-q", "-b", "pr")
    return root


@pytest.fixture
def main_repo(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "gov"
    shutil.copytree(template, root, symlinks=True)
    return root


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "cards" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def edit_archived(root: Path) -> None:
    edit(root, "churn-2024.yaml", "Churn model of 2024.", "Churn model of 2024 (retrained).")


def delete_archived(root: Path) -> None:
    git(root, "rm", "-q", "cards/churn-2024.yaml")


def rename_archived(root: Path) -> None:
    git(root, "mv", "cards/churn-2024.yaml", "cards/churn-2025.yaml")
    edit(root, "churn-2025.yaml", "id: churn-2024", "id: churn-2025")


def unarchive(root: Path) -> None:
    edit(root, "churn-2024.yaml", "status: Archived", "status: Draft")


def change_approved(root: Path) -> None:
    edit(root, "churn.yaml", "value: 0.87", "value: 0.91")


def approve_in_the_future(root: Path) -> None:
    edit(root, "churn.yaml", 'date: "2026-11-28"', 'date: "2029-11-28"')


def import_a_new_model(root: Path) -> None:
    """`cards import` swaps the model under the Approved card; the deployment still names the
    old one."""
    dump = root.parent / "describe-model.json"
    model = {
        "ModelArn": "arn:aws:sagemaker:eu-west-1:111122223333:model/churn-v3",
        "ModelName": "churn-v3",
        "PrimaryContainer": {"Image": "img", "ModelDataUrl": "s3://b/churn-v3/model.tar.gz"},
    }
    dump.write_text(json.dumps(model))
    done = mlgov(root, "cards", "import", str(dump), "--card", "churn")
    assert done.returncode == 0, done.stderr
    assert "churn is Approved, and this import changes what was approved" in done.stderr
    assert "mlgov cards approve churn" in done.stderr


CHANGES = {
    "edit of an Archived card": (edit_archived, {"CRD003"}),
    "Archived card deleted": (delete_archived, {"CRD003"}),
    "Archived card renamed to a new id": (rename_archived, {"CRD003"}),
    "Archived card un-archived": (unarchive, {"CRD003"}),
    "Approved card changed after approval": (change_approved, {"CRD008"}),
    "approval dated in the future": (approve_in_the_future, {"CRD010"}),
    "import swapping the model of an Approved card": (import_a_new_model, {"CRD008", "CRD012"}),
}


@pytest.mark.parametrize("name", CHANGES)
def test_a_committed_change_fails_every_gate(main_repo: Path, name: str) -> None:
    change, expected = CHANGES[name]
    change(main_repo)
    commit(main_repo, name)
    for args in (("lint",), ("lint", "--baseline", "main")):
        done = mlgov(main_repo, *args, "--format", "json")
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert expected <= rules(done), (args, done.stdout)
    review = mlgov(main_repo, "review", "main", "--fail-on-new", "--format", "json")
    assert review.returncode == 1, review.stderr
    new = {row["rule"] for row in json.loads(review.stdout)["findings"]["new"] if row["failing"]}
    assert expected <= new


def test_the_merge_commit_github_checks_out_fails_too(main_repo: Path) -> None:
    """A pull request's workflow runs on refs/pull/N/merge: main merged with the branch."""
    edit_archived(main_repo)
    commit(main_repo, "edit")
    git(main_repo, "checkout", "-q", "--detach", "main")
    git(main_repo, "merge", "-q", "--no-ff", "--no-edit", "pr")
    done = mlgov(main_repo, "lint", "--format", "json")
    assert done.returncode == 1 and "CRD003" in rules(done)


def test_what_the_workflow_allows_passes_every_gate(main_repo: Path) -> None:
    """A comment and a new layout on an Archived card (its data stays); an Approved card
    changed and approved again in the same pull request."""
    edit(main_repo, "churn-2024.yaml", "# The churn", "# Kept as the record. The churn")
    edit(main_repo, "churn-2024.yaml", "[{name: Ana}, {name: Bo, role: Model Risk Officer}]",
         "\n  - name: Ana\n  - {name: 'Bo', role: Model Risk Officer}")  # fmt: skip
    change_approved(main_repo)
    again = mlgov(main_repo, "cards", "approve", "churn", "--by", "Bo", "--role", "MRO")
    assert again.returncode == 0 and "status stays Approved" in again.stderr, again.stderr
    commit(main_repo, "re-approved")
    for args in (("lint",), ("lint", "--baseline", "main")):
        done = mlgov(main_repo, *args, "--format", "json")
        assert (done.returncode, rules(done)) == (0, set()), (args, done.stdout)
    review = mlgov(main_repo, "review", "main", "--fail-on-new")
    assert review.returncode == 0, review.stdout
    # the new approval is called out for the code owners, with what it approves
    assert "> **Approvals added, changed or removed:**" in review.stdout
    assert "> - added: Bo (MRO) on 2026-11-28, approves `sha256:" in review.stdout
    assert "the content at head" in review.stdout


def test_a_shallow_clone_compares_with_the_base_ref_and_says_so(
    main_repo: Path, tmp_path: Path
) -> None:
    edit_archived(main_repo)
    commit(main_repo, "edit")
    clone = tmp_path / "clone"
    source = f"file://{main_repo}"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "pr", source, str(clone))
    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:main")
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    alone = mlgov(clone, "lint", "--format", "json")
    # one commit is all it has: nothing to tell the edit by, and it says so
    assert alone.returncode == 0 and "CRD003" not in rules(alone)
    assert "the clone is shallow" in alone.stderr and "fetch-depth: 0" in alone.stderr
    base = mlgov(clone, "lint", "--baseline", "main", "--format", "json")
    assert base.returncode == 1, base.stdout
    (finding,) = [r for r in json.loads(base.stdout) if r["rule"] == "CRD003"]
    main_commit = git(clone, "rev-parse", "--short=7", "main")
    assert finding["message"] == (
        f"'model_overview' of a card Archived at main ({main_commit}) has changed"
    )
    assert "compared with main rather than with their history" in base.stderr
    review = mlgov(clone, "review", "main", "--fail-on-new")
    assert review.returncode == 1
    assert "> [!NOTE]\n> Archived cards were compared with main" in review.stdout


def test_approve_refuses_what_the_workflow_does_not_allow(main_repo: Path) -> None:
    draft = main_repo / "cards" / "draft.yaml"
    draft.write_text(LIVE.replace("id: churn", "id: draft").replace("PendingReview", "Draft"))
    cases = {
        ("draft", "Bo"): "draft is a Draft: submit it for review first",
        ("churn-2024", "Bo"): "churn-2024 is Archived",
        ("churn", "Cy"): "'Cy' is not among the contacts of churn (Ana, Bo)",
        ("churn", "Bo"): "Bo has approved this content of churn already",
    }
    before = {p.name: p.read_bytes() for p in (main_repo / "cards").iterdir()}
    for (card, by), message in cases.items():
        done = mlgov(main_repo, "cards", "approve", card, "--by", by, "--role", "MRO")
        assert done.returncode == 2 and message in done.stderr, (card, done.stderr)
    ahead = mlgov(main_repo, "cards", "approve", "churn", "--by", "Ana", "--role", "Owner",
                  "--date", "2027-01-01")  # fmt: skip
    assert ahead.returncode == 2 and "after today (2026-11-28)" in ahead.stderr
    assert {p.name: p.read_bytes() for p in (main_repo / "cards").iterdir()} == before


def test_approve_keeps_comments_and_waits_for_four_eyes(main_repo: Path) -> None:
    card = main_repo / "cards" / "new.yaml"
    card.write_text(LIVE.replace("id: churn", "id: new") + "# trailing comment\n")
    owner = mlgov(main_repo, "cards", "approve", "new", "--by", "Ana", "--role", "Owner")
    assert owner.returncode == 0
    assert "status stays PendingReview: an approval by someone other than the owner" in owner.stderr
    dry = mlgov(main_repo, "cards", "approve", "new", "--by", "Bo", "--role", "MRO", "--dry-run")
    assert "status PendingReview -> Approved" in dry.stderr and "+status: Approved" in dry.stdout
    assert "status: PendingReview" in card.read_text()  # a dry run writes nothing
    # the file named (relative to the current folder, as `cards export` takes it)
    done = mlgov(main_repo, "cards", "approve", str(card), "--by", "Bo", "--role", "MRO",
                 "--notes", "Validation report V-1.")  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = card.read_text()
    assert text.startswith("# The churn model in production.\n")
    assert text.endswith("# trailing comment\n")
    data = load_yaml_bytes(text.encode(), "new.yaml").data or {}
    assert data["status"] == "Approved"
    assert [(a["by"], a["date"], a["digest"]) for a in data["approvals"]] == [
        ("Ana", TODAY, content_digest(data)),
        ("Bo", TODAY, content_digest(data)),
    ]
    assert data["approvals"][1]["notes"] == "Validation report V-1."


def test_the_digest_ignores_layout_comments_quoting_key_order_and_bookkeeping() -> None:
    one = """
    id: c
    status: Draft
    model_overview: {model_name: m, model_version: 2}
    out_of_scope_uses: [a, b]
    """
    two = """
    # a comment
    out_of_scope_uses:
      - "a"
      - b
    model_overview:
      model_version: 2.0
      model_name: 'm'
    id: c
    status: Approved
    approvals: [{by: Bo, date: 2026-01-01}]
    review: {last: 2026-01-01}
    """
    three = one.replace("[a, b]", "[b, a]")

    def digest(text: str) -> str:
        return content_digest(load_yaml_bytes(textwrap.dedent(text).encode(), "c.yaml").data or {})

    assert digest(one) == digest(two) != digest(three)
    assert digest(one).startswith("sha256:") and len(digest(one)) == 71


def test_the_readme_workflow_lints_with_the_full_history() -> None:
    """What these tests run is what the README's workflow runs, on a full clone."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("## A CI workflow", 1)[1]
    block = section.split("`.github/workflows/governance.yml`", 1)[1].split("```yaml\n", 1)[1]
    workflow = load_yaml_bytes(block.split("```", 1)[0].encode(), "governance.yml").data or {}
    steps = workflow["jobs"]["lint-and-review"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    assert "Archived card" in block.split("actions/checkout", 1)[0]  # and it says why
    runs = " ".join(s.get("run", "") for s in steps)
    assert "mlgov lint" in runs and "--fail-on-new" in runs


def test_approve_refuses_files_it_cannot_trust(main_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(LIVE)
    (main_repo / "cards" / "broken.yaml").write_text("id: [unclosed\n")
    (main_repo / "cards" / "invalid.yaml").write_text(LIVE.replace("id: churn", "id: Not_An_Id"))
    cases = {
        str(outside): "is outside the repository",
        str(main_repo / "cards" / "broken.yaml"): "cards/broken.yaml, it does not load: "
        "cards/broken.yaml:2:1: expected ',' or ']'",
        str(main_repo / "cards" / "invalid.yaml"): "cannot approve cards/invalid.yaml: "
        "cards/invalid.yaml:3:5:",
        "no-such-card": "no card 'no-such-card' in cards/",
    }
    for card, message in cases.items():
        done = mlgov(main_repo, "cards", "approve", card, "--by", "Bo", "--role", "MRO")
        assert done.returncode == 2 and message in done.stderr, (card, done.stderr)
        assert "Traceback" not in done.stderr
    assert outside.read_text() == LIVE


def test_a_card_archived_on_main_after_the_branch_was_made_is_frozen_too(main_repo: Path) -> None:
    """The branch's history lacks the archiving commit; the base ref has it."""
    git(main_repo, "checkout", "-q", "main")
    edit(main_repo, "churn.yaml", "status: Approved", "status: Archived")
    commit(main_repo, "churn retired")
    git(main_repo, "checkout", "-q", "pr")
    change_approved(main_repo)
    commit(main_repo, "edit on the branch")
    for args in (("lint", "--baseline", "main"), ("review", "main", "--fail-on-new")):
        done = mlgov(main_repo, *args, "--format", "json")
        assert done.returncode == 1, (args, done.stdout)
        assert "Archived at main (" in done.stdout

"""The studio/ files: loaded by the strict loader into typed domains, every mistake a finding at
its line and column (schema, references, the Studio rules), the example clean, the editor
schema written by `mlgov schema`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from governance.repository import Repository
from governance.studio import AppSettings, SpaceStorage
from mlgov.cli import main
from tests.conftest import ROOT, MakeRepo

PERSONA = """\
schema_version: 1
id: ds
title: Data scientist
extends: builtin:custom
activities: [run-studio-apps]
"""
HEAD = 'schema_version: 1\nid: d-a1b2c3d4e5f6\naccount: "111122223333"\nregion: eu-west-1\n'


def lint(root: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str, int, int, str]]:
    code = main(["-C", str(root), "lint", "--format", "json"])
    rows = [r for r in json.loads(capsys.readouterr().out) if not r.get("waived")]
    assert code == (1 if any(r["severity"] == "error" for r in rows) else 0)
    return [(r["rule"], r["file"], r["line"], r["column"], r["message"]) for r in rows]


def test_a_domain_loads_into_typed_profiles(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            "personas/ds.yaml": PERSONA,
            "studio/main.yaml": HEAD
            + "name: main\nprofiles:\n"
            + "  ana:\n    persona: ds\n    sso_user: ana@example.com\n"
            + "    apps: {jupyterlab: {instance_type: ml.t3.medium}, canvas: }\n"
            + "    space_storage: {default_gb: 5, max_gb: 20}\n    tags: {team: a}\n"
            + "  ben:\n    persona: ds\n",
        }
    )
    repo = Repository.load(root)
    assert repo.findings == ()
    domain = repo.domains["d-a1b2c3d4e5f6"]
    assert (domain.name, domain.account, domain.region) == ("main", "111122223333", "eu-west-1")
    ana, ben = domain.profiles["ana"], domain.profiles["ben"]
    assert ana.apps == {"jupyterlab": AppSettings("ml.t3.medium"), "canvas": None}
    assert ana.space_storage == SpaceStorage(5, 20)
    assert (ana.persona, ana.sso_user, dict(ana.tags)) == ("ds", "ana@example.com", {"team": "a"})
    assert (ben.apps, ben.space_storage, ben.origin.path) == (None, None, ("profiles", "ben"))


def test_schema_errors_point_at_what_is_wrong(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(
        {
            "personas/ds.yaml": PERSONA,
            "studio/main.yaml": HEAD
            + "profiles:\n"
            + "  Bad_Name:\n    persona: ds\n"  # line 6
            + "  ana:\n    persona: ds\n    apps: {jupyterlab: , vscode: }\n"  # line 8-10
            + "    tags: {managed-by: me}\n"  # line 11
            + "    space_storage: {default_gb: 1, max_gb: 20}\n",  # line 12
        }
    )
    found = {(rule, line, column) for rule, _, line, column, _ in lint(root, capsys)}
    assert found == {
        ("SCH005", 6, 3),  # the profile name, at the key
        ("SCH002", 10, 26),  # an app mlgov does not know
        ("SCH008", 11, 12),  # a tag mlgov sets itself
        ("SCH006", 12, 33),  # below SageMaker's minimum volume
    }


def test_hostile_yaml_is_refused_with_positions(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(
        {
            "personas/ds.yaml": PERSONA,
            "studio/dup.yaml": HEAD
            + "profiles:\n  ana:\n    persona: ds\n  ana:\n    persona: ds\n",
            "studio/tag.yaml": HEAD.replace("d-a1b2c3d4e5f6", "d-other")
            + "profiles: !!python/object:os.system {}\n",
            "studio/list.yaml": "- id: d-x\n",
        }
    )
    found = {(rule, file, line) for rule, file, line, _, _ in lint(root, capsys)}
    assert ("SRC004", "studio/dup.yaml", 8) in found  # the second ana, not silently kept
    assert ("SRC006", "studio/tag.yaml", 5) in found
    assert ("SRC010", "studio/list.yaml", 1) in found


def test_the_same_domain_in_two_files_is_a_duplicate_id(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = "profiles:\n  ana:\n    persona: ds\n"
    root = make_repo(
        {
            "personas/ds.yaml": PERSONA,
            "studio/a.yaml": HEAD + profile,
            "studio/b.yaml": HEAD + profile,
        }
    )
    rows = [r for r in lint(root, capsys) if r[0] == "REF001"]
    assert rows == [
        (
            "REF001",
            "studio/b.yaml",
            2,
            5,
            "studio domain id 'd-a1b2c3d4e5f6' is already used by studio/a.yaml",
        )
    ]


def test_unknown_and_builtin_personas_are_references_to_fix(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(
        {
            "personas/ds.yaml": PERSONA,
            "studio/main.yaml": HEAD
            + "profiles:\n  ana:\n    persona: dss\n  ben:\n    persona: data-scientist\n",
        }
    )
    rows = [(r[2], r[4]) for r in lint(root, capsys) if r[0] == "REF010"]
    assert rows == [
        (7, "user profile 'ana' is bound to unknown persona 'dss'"),
        (9, "user profile 'ben' is bound to unknown persona 'data-scientist'"),
    ]
    out = main(["-C", str(root), "lint"])
    text = capsys.readouterr().out
    assert out == 1
    assert "(did you mean 'ds'?)" in text
    assert "add a persona that extends builtin:data-scientist" in text


def test_the_studio_folder_is_configurable(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    config = '[tool.mlgov]\naccount = "111122223333"\nregion = "eu-west-1"\nstudio = "users"\n'
    root = make_repo(
        {
            "personas/ds.yaml": PERSONA,
            "users/main.yaml": HEAD + "profiles:\n  ana:\n    persona: nobody\n",
            "studio/ignored.yaml": "not: a domain\n",
        },
        config=config,
    )
    assert [(r[0], r[1]) for r in lint(root, capsys)] == [("REF010", "users/main.yaml")]


def test_the_example_binds_studio_users_and_lints_without_studio_findings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = Repository.load(ROOT)
    (domain,) = repo.domains.values()
    assert len(domain.profiles) == 4
    assert {p.persona for p in domain.profiles.values()} <= set(repo.personas)
    rules = {r[0] for r in lint(ROOT, capsys)}
    assert not {r for r in rules if r.startswith(("STU", "REF", "SCH", "SRC"))}


def test_mlgov_schema_writes_the_studio_schema(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    assert main(["-C", str(tmp_path), "schema", "--out", str(out)]) == 0
    schema = json.loads((out / "studio.schema.json").read_text("utf-8"))
    assert schema["$id"] == "urn:mlgov:schema:studio:1"
    # self-contained for editors: the persona id it borrows is copied in
    assert "persona.id" in schema["$defs"]
    committed = ROOT / "schemas" / "studio.schema.json"
    assert committed.read_text("utf-8") == (out / "studio.schema.json").read_text("utf-8")
    assert (
        (ROOT / "studio" / "acme-ml.yaml")
        .read_text("utf-8")
        .startswith("# yaml-language-server: $schema=../schemas/studio.schema.json\n")
    )

"""The command line as people and CI use it: the repository found from any folder in it, exit 2
where there is none, machine formats that stay valid when the run fails, global options after
the command, rule selection, --exit-zero, --output-file, examples in every --help, colour."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from mlgov.cli.main import build_parser, main
from tests.conftest import ROOT

SARIF_SCHEMA = json.loads((ROOT / "tests/fixtures/sarif-schema-2.1.0.json").read_text())


def mlgov(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mlgov", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("personas", "policies", "cards"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pyproject.toml", root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_lint_from_a_subfolder_finds_the_repository(repo: Path) -> None:
    done = mlgov(repo / "personas" / "activities", "lint")
    assert done.returncode == 0, done.stderr
    assert "finding(s)" in done.stdout and "Traceback" not in done.stderr


def test_build_from_a_subfolder_writes_nothing_there(repo: Path) -> None:
    done = mlgov(repo / "cards", "build", "--no-pdf")
    assert done.returncode == 0, done.stderr
    assert (repo / "site" / "index.html").is_file()
    assert not (repo / "cards" / "build").exists() and not (repo / "cards" / "site").exists()


@pytest.mark.parametrize(
    "command", [["lint"], ["compile", "--check"], ["build"], ["new", "card", "x"]]
)
def test_where_there_is_no_governance_data_commands_exit_2(
    tmp_path: Path, command: list[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    subprocess.run(["git", "init", "-q", str(empty)], check=True)  # a repository, but no data
    done = mlgov(empty, *command)
    assert done.returncode == 2
    assert f"no governance repository found in {empty}" in done.stderr
    assert "mlgov init" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in empty.iterdir()) == [".git"]


def test_standalone_policy_files_need_no_repository(tmp_path: Path) -> None:
    policy = tmp_path / "p.json"
    statement = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}'
    policy.write_text('{"Version": "2012-10-17", "Statement": [' + statement + "]}")
    done = mlgov(tmp_path, "lint", str(policy))
    assert done.returncode == 0, done.stderr


def test_a_configuration_above_the_git_repository_is_not_its_own(tmp_path: Path) -> None:
    (tmp_path / "mlgov.yaml").write_text("partition: aws\n")
    inner = tmp_path / "project"
    inner.mkdir()
    subprocess.run(["git", "init", "-q", str(inner)], check=True)
    done = mlgov(inner, "lint")
    assert done.returncode == 2 and f"in {inner}" in done.stderr


def test_yaml_that_mlgov_does_not_read_is_a_finding(repo: Path) -> None:
    (repo / "personas" / "teams").mkdir()
    shutil.copy(repo / "personas" / "mlops.yaml", repo / "personas" / "teams" / "ops.yaml")
    shutil.copy(repo / "cards" / "demand-forecast.yaml", repo / "cards" / "forecast.yml")
    done = mlgov(repo, "lint", "--format", "json")
    unread = {(r["rule"], r["file"]) for r in json.loads(done.stdout) if r["rule"] == "SRC015"}
    assert unread == {("SRC015", "personas/teams/ops.yaml"), ("SRC015", "cards/forecast.yml")}


def _broken_config(repo: Path) -> None:
    with (repo / "pyproject.toml").open("a") as config:
        config.write('policy_styel = "inline"\n')  # an unknown key


def test_a_configuration_error_in_sarif_is_a_valid_failed_run(repo: Path) -> None:
    _broken_config(repo)
    done = mlgov(repo, "lint", "--format", "sarif")
    assert done.returncode == 2 and "policy_styel" in done.stderr
    log = json.loads(done.stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "not valid" in invocation["toolExecutionNotifications"][0]["message"]["text"]


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda out: "not valid" in json.loads(out)["error"]["message"]),
        ("github", lambda out: out.startswith("::error title=mlgov lint did not run::")),
        ("markdown", lambda out: "**mlgov could not lint:**" in out),
        ("text", lambda out: out == ""),
    ],
)
def test_a_configuration_error_in_each_format(repo: Path, fmt: str, check: object) -> None:
    _broken_config(repo)
    done = mlgov(repo, "lint", "--format", fmt)
    assert done.returncode == 2 and check(done.stdout)  # type: ignore[operator]


def test_the_failure_goes_where_the_report_would(repo: Path) -> None:
    _broken_config(repo)
    done = mlgov(repo, "lint", "--format", "sarif", "--output-file", "out.sarif")
    assert done.returncode == 2 and done.stdout == ""
    log = json.loads((repo / "out.sarif").read_text())
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_global_options_work_after_the_command(repo: Path, tmp_path: Path) -> None:
    done = mlgov(tmp_path, "lint", "--no-cache", "-C", str(repo), "--color", "never")
    assert done.returncode == 0, done.stderr


def test_select_ignore_exit_zero_and_output_file(repo: Path) -> None:
    every = json.loads(mlgov(repo, "lint", "--format", "json").stdout)
    assert {r["rule"][:3] for r in every} - {"IAM"}, "the example has non-IAM findings too"
    only = json.loads(mlgov(repo, "lint", "--format", "json", "--select", "IAM").stdout)
    assert only and {r["rule"][:3] for r in only} == {"IAM"}
    ignored = json.loads(mlgov(repo, "lint", "--format", "json", "--ignore", "IAM,CRD").stdout)
    assert not {r["rule"][:3] for r in ignored} & {"IAM", "CRD"}
    persona = repo / "personas" / "mlops.yaml"
    persona.write_text(persona.read_text().replace("compute_role: compute", "compute_role: x"))
    assert mlgov(repo, "lint").returncode == 1
    zero = mlgov(repo, "lint", "--exit-zero", "--output-file", "report.txt")
    assert zero.returncode == 0 and zero.stdout == ""
    assert "REF005" in (repo / "report.txt").read_text()


def test_a_bad_rule_selection_is_a_usage_error(repo: Path) -> None:
    done = mlgov(repo, "lint", "--select", "iam;rm -rf")
    assert done.returncode == 2 and "not a rule id or prefix" in done.stderr


def _parsers(parser: object) -> list:
    import argparse

    found = [parser]
    for action in parser._actions:  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += _parsers(child)
    return found


def test_every_help_has_examples() -> None:
    missing = [p.prog for p in _parsers(build_parser()) if "examples:" not in p.format_help()]
    assert missing == []


def test_colour_follows_the_option_and_no_color(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    persona = repo / "personas" / "mlops.yaml"
    persona.write_text(persona.read_text().replace("compute_role: compute", "compute_role: x"))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    main(["-C", str(repo), "lint", "--color", "always"])
    assert "\x1b[31merror\x1b[0m" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["-C", str(repo), "lint"])
    assert "\x1b[31m" not in capsys.readouterr().out
    main(["-C", str(repo), "lint", "--color", "never"])
    assert "\x1b[31m" not in capsys.readouterr().out


def test_a_bug_is_exit_3_with_where_to_report_it(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mlgov.cli.compile as compile_module

    def broken(args: object) -> int:
        raise RuntimeError("a planted bug")

    monkeypatch.setattr(compile_module, "compile_command", broken)
    assert main(["-C", str(repo), "compile"]) == 3
    err = capsys.readouterr().err
    assert "RuntimeError: a planted bug" in err and "https://github.com/mlgov/mlgov/issues" in err


def test_an_empty_repository_builds_a_site_that_names_the_next_commands(tmp_path: Path) -> None:
    (tmp_path / "mlgov.yaml").write_text('account: "123456789012"\nregion: us-east-1\n')
    for folder in ("personas", "cards"):
        (tmp_path / folder).mkdir()
    done = mlgov(tmp_path, "build", "--no-pdf")
    assert done.returncode == 0, done.stderr
    home = (tmp_path / "site" / "index.html").read_text()
    personas = (tmp_path / "site" / "personas" / "index.html").read_text()
    assert (
        "mlgov new card" in home
        and "mlgov new card" in (tmp_path / "site" / "models-by-team.html").read_text()
    )
    assert "mlgov new persona compute --preset compute-role" in personas
    assert "| Persona |" not in personas  # no empty Markdown table left raw

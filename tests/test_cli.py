from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mlgov.cli import main
from tests.conftest import ROOT, MakeRepo


def test_version_names_the_iam_data_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("mlgov ") and "IAM action data 20" in out


def test_python_dash_m_governance_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mlgov", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "IAM action data" in result.stdout


def test_lint_json_lists_findings_with_positions(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo({"personas/p.yaml": "schema_version: 1\nid: p\nactivities: [nope]\n"})
    assert main(["-C", str(root), "lint", "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {"rule", "severity", "file", "line", "column", "message"} <= set(rows[0])
    assert (rows[0]["rule"], rows[0]["file"], rows[0]["line"]) == ("REF002", "personas/p.yaml", 3)


def test_compile_writes_nothing_when_there_are_errors(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo({"personas/p.yaml": "schema_version: 1\nid: p\nactivities: [nope]\n"})
    assert main(["-C", str(root), "compile", "--out", str(root / "out")]) == 1
    assert not (root / "out").exists()


def test_compile_refuses_a_folder_it_did_not_write(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo({"personas/p.yaml": "schema_version: 1\nid: p\n", "out/mine.txt": "keep me"})
    assert main(["-C", str(root), "compile", "--out", str(root / "out")]) == 2
    assert (root / "out" / "mine.txt").read_text() == "keep me"
    assert "refusing to overwrite" in capsys.readouterr().err


def test_bad_configuration_is_exit_2(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo({}, config='[tool.mlgov]\naccount = "1234"\nregoin = "x"\n')
    assert main(["-C", str(root), "lint"]) == 2
    err_out = capsys.readouterr()  # on stderr: stdout is the report's, which a machine may read
    assert "pyproject.toml:2:" in err_out.err and "pyproject.toml:3:" in err_out.err


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe garbage",
        b"id: [unclosed",
        b"- a list\n",
        b"",
        b"a: !!python/object:os.system x\n",
        b"\t- tab\n",
        b"a: &a [*a]\n",
        b"[" * 5000,
    ],
)
def test_no_input_file_makes_a_traceback(make_repo: MakeRepo, content: bytes) -> None:
    root = make_repo({})
    (root / "personas").mkdir()
    (root / "personas" / "bad.yaml").write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "mlgov", "-C", str(root), "lint"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "personas/bad.yaml:" in result.stdout


def test_explain_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "sagemaker:createtrainingjob"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sagemaker:CreateTrainingJob\naccess level: Write")
    assert main(["explain", "sagemaker:CreateTraningJob"]) == 2
    assert "did you mean 'sagemaker:CreateTrainingJob'" in capsys.readouterr().err

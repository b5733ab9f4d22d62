"""Snapshot files: corrupt, truncated or schema-invalid ones are findings naming the file,
lint fails on them (exit 1, no traceback), and merging is deterministic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from governance.findings import MlgovError, Severity
from governance.monitoring.load import load_fleet, load_snapshot, merge, read_folder
from mlgov.cli import main
from tests.conftest import CONFIG, ROOT

DEMO = ROOT / "snapshots" / "demo.json"


def errors_of(path: Path) -> list:  # type: ignore[type-arg]
    snapshot, findings = load_snapshot(path, "snapshots/bad.json")
    assert snapshot is None
    return [f for f in findings if f.severity is Severity.ERROR]


def test_the_demo_snapshot_loads() -> None:
    snapshot, findings = load_snapshot(DEMO)
    assert findings == [] and snapshot is not None
    assert snapshot.account == "111122223333" and len(snapshot.endpoints) == 6


def test_corrupt_json_is_an_error_naming_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"version": 1,\n "taken_at": nope}\n')
    found = errors_of(path)
    assert found and found[0].file == "snapshots/bad.json" and found[0].line == 2


def test_truncated_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    text = DEMO.read_text("utf-8")
    path.write_text(text[: len(text) // 2])
    assert errors_of(path)[0].file == "snapshots/bad.json"


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("")
    assert errors_of(path)


def test_schema_invalid_snapshot_points_at_the_value(tmp_path: Path) -> None:
    data = json.loads(DEMO.read_text("utf-8"))
    data["endpoints"][0]["status"] = "Sleeping"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, indent=2))
    found = errors_of(path)
    assert len(found) == 1 and "Sleeping" in found[0].message
    line = path.read_text().splitlines()[found[0].line - 1]
    assert '"Sleeping"' in line


def test_two_files_for_one_account_and_region_are_refused(tmp_path: Path) -> None:
    for name in ("a.json", "b.json"):
        shutil.copy(DEMO, tmp_path / name)
    with pytest.raises(MlgovError, match="also in"):
        load_fleet([tmp_path / "a.json", tmp_path / "b.json"])


def test_merge_orders_by_account_and_region_whatever_the_input_order(tmp_path: Path) -> None:
    data = json.loads(DEMO.read_text("utf-8"))
    paths = []
    for name, account, region in [
        ("z.json", "111122223333", "eu-west-1"),
        ("a.json", "999988887777", "eu-west-1"),
        ("m.json", "111122223333", "us-east-1"),
    ]:
        (tmp_path / name).write_text(json.dumps(data | {"account": account, "region": region}))
        paths.append(tmp_path / name)
    loaded = [load_snapshot(p)[0] for p in paths]
    for order in (loaded, loaded[::-1]):
        keys = [(s.account, s.region) for s in merge(s for s in order if s)]
        assert keys == [
            ("111122223333", "eu-west-1"),
            ("111122223333", "us-east-1"),
            ("999988887777", "eu-west-1"),
        ]
    files, findings = read_folder(tmp_path, ".")
    assert findings == [] and [f.doc.path for f in files] == ["z.json", "m.json", "a.json"]


@pytest.mark.parametrize(
    "text",
    ['{"version": 1,', "not json at all", '{"version": 2}'],
    ids=["truncated", "corrupt", "invalid"],
)
def test_lint_fails_on_a_bad_snapshot_with_the_file_named_and_no_traceback(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "bad.json").write_text(text)
    code = main(["-C", str(tmp_path), "lint"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "snapshots/bad.json:1:" in out
    assert "Traceback" not in out + err

"""`mlgov new card`: a commented scaffold that is a valid Draft, lints clean, explains every
section, and never overwrites a file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from governance import schemas
from governance.cards.scaffold import scaffold
from governance.repository import Repository
from governance.source import load_yaml_bytes
from mlgov.cli import main
from tests.conftest import CONFIG

# A commented-out field: `# key:` or `#   continued`; prose comments start otherwise.
COMMENTED_YAML = re.compile(r"^# (?=[a-z_]+:|\s)", re.MULTILINE)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    return tmp_path


def test_new_card_is_a_valid_draft_that_lints_clean(root: Path, capsys: Any) -> None:
    assert main(["-C", str(root), "new", "card", "churn-model"]) == 0
    path = root / "cards" / "churn-model.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/card.schema.json\n")
    assert "run `mlgov schema`" in capsys.readouterr().err  # schemas/ is not there yet
    card = Repository.load(root).cards["churn-model"]
    assert (card.status, card.title) == ("Draft", "Churn model")
    assert main(["-C", str(root), "lint"]) == 0
    assert capsys.readouterr().out.strip() in ("", "no findings")


def test_every_section_is_there_with_a_comment() -> None:
    """Each field is set or commented out, under a prose comment that says what goes there
    (fields that belong together share one)."""
    lines = scaffold("x", "../schemas/card.schema.json").splitlines()
    for section in schemas.schema("card")["properties"]:
        if section == "model_package_details":
            continue  # filled from the model registry, not by hand
        at = next(i for i, line in enumerate(lines) if re.match(rf"^(# )?{section}:", line))
        above = at - 1
        while COMMENTED_YAML.match(lines[above]) or re.match(r"^[a-z_]+:", lines[above]):
            above -= 1
        assert lines[above].startswith("# "), section


def test_the_commented_examples_are_valid_when_uncommented() -> None:
    text = COMMENTED_YAML.sub("", scaffold("churn-model", "../schemas/card.schema.json"))
    doc = load_yaml_bytes(text.encode(), "churn-model.yaml")
    assert not doc.findings and not schemas.validate("card", doc)
    assert doc.data is not None
    assert set(schemas.schema("card")["properties"]) - set(doc.data) == {"model_package_details"}


def test_new_card_never_overwrites(root: Path, capsys: Any) -> None:
    path = root / "cards" / "taken.yaml"
    path.parent.mkdir()
    path.write_bytes(b"# mine\n")
    assert main(["-C", str(root), "new", "card", "taken"]) == 2
    assert "exists; `mlgov new` never overwrites" in capsys.readouterr().err
    assert path.read_bytes() == b"# mine\n"


def test_new_card_with_out_points_its_modeline_at_the_schema_folder(root: Path) -> None:
    (root / "schemas").mkdir()
    out = root / "models" / "team-a" / "m.yaml"
    assert main(["-C", str(root), "new", "card", "m", "--out", str(out)]) == 0
    assert out.read_text().startswith("# yaml-language-server: $schema=../../schemas/card")


@pytest.mark.parametrize("bad", ["My Model", "a--b", "x" * 64, "a_b"])
def test_a_bad_id_is_a_clear_error_and_nothing_is_written(
    root: Path, capsys: Any, bad: str
) -> None:
    assert main(["-C", str(root), "new", "card", bad]) == 2
    err = capsys.readouterr().err
    assert f"'{bad}' cannot be a card id" in err and "Traceback" not in err
    assert not (root / "cards").exists() or not any((root / "cards").iterdir())

"""`mlgov new card ID` and `mlgov new persona ID`: a commented file to start from, valid as
written. Never overwrites a file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from governance.findings import MlgovError
from mlgov.cli.common import global_options
from mlgov.cli.exits import Exit


def register(subparsers: Any) -> None:
    new = subparsers.add_parser("new", help="start a new file from a commented scaffold")
    kinds = new.add_subparsers(dest="new_kind", required=True, metavar="KIND")
    card = kinds.add_parser("card", help="a new model card: a valid Draft, every section explained")
    card.add_argument("id", help="the card's id: lower-case words joined by hyphens")
    card.add_argument("--out", type=Path, help="the file to write (default: cards/<id>.yaml)")
    card.set_defaults(handler=new_card)
    persona = kinds.add_parser("persona", help="a new persona: a built-in preset, commented")
    persona.add_argument("id", help="the persona's id: lower-case words joined by hyphens")
    persona.add_argument(
        "--preset",
        choices=("data-scientist", "mlops", "compute-role", "custom"),
        default="data-scientist",
        help="the Role Manager preset it extends (default: data-scientist)",
    )
    persona.add_argument("--out", type=Path, help="the file to write (default: personas/<id>.yaml)")
    persona.set_defaults(handler=new_persona)


def new_card(args: argparse.Namespace) -> int:
    from governance.cards.scaffold import scaffold
    from governance.schemas.editor import schema_ref

    root = global_options(args).root
    out: Path = args.out or root / _cards_folder(root) / f"{args.id}.yaml"
    text = scaffold(args.id, schema_ref(out, root))
    _check(text, args.id)
    return _write_new(out, text, root)


def new_persona(args: argparse.Namespace) -> int:
    from governance.config import load_config
    from governance.persona_scaffold import persona_scaffold
    from governance.schemas.editor import schema_ref

    root = global_options(args).root
    config = load_config(root)[0]
    folder = root / config.personas
    where = {"partition": config.partition, "region": config.region, "account": config.account}
    out: Path = args.out or folder / f"{args.id}.yaml"
    ref = schema_ref(out, root, "persona")
    text = persona_scaffold(args.id, args.preset, ref, _compute_persona(root, folder), where)
    _check_kind(text, args.id, "persona")
    return _write_new(out, text, root)


def _compute_persona(root: Path, folder: Path) -> str:
    """The repository's compute role persona, the one others pass; "" when there is none.
    Read as lint reads personas: a FIFO or a link out of the repository is skipped."""
    from governance.source import load_path

    for path in sorted(folder.glob("*.yaml")):
        data = load_path(path, path.name, root).data
        if isinstance(data, dict) and data.get("extends") == "builtin:compute-role":
            return str(data.get("id", ""))
    return ""


def _check_kind(text: str, name: str, kind: str) -> None:
    from governance import schemas
    from governance.source import load_yaml_bytes

    doc = load_yaml_bytes(text.encode("utf-8"), f"{name}.yaml")
    if [*doc.findings, *schemas.validate(kind, doc)]:
        raise MlgovError(
            f"'{name}' cannot be a {kind} id: use lower-case letters, digits and single hyphens"
        )


def _write_new(out: Path, text: str, root: Path) -> int:
    from governance.atomic import create_atomic
    from governance.schemas.editor import FOLDER

    try:
        create_atomic(out, text.encode("utf-8"))  # never overwrites, even in a race
    except FileExistsError as error:
        raise MlgovError(f"{out} exists; `mlgov new` never overwrites a file") from error
    except OSError as error:
        raise MlgovError(f"cannot write {out}: {error.strerror}") from error
    print(f"wrote {out}", file=sys.stderr)
    if not (root / FOLDER).is_dir():
        print(f"for completion in editors, run `mlgov schema` (writes {FOLDER}/)", file=sys.stderr)
    return Exit.CLEAN


def _cards_folder(root: Path) -> str:
    from governance.config import load_config

    return load_config(root)[0].cards


def _check(text: str, card_id: str) -> None:
    """The scaffold is valid for any good id; a bad id is the user's, said plainly."""
    from governance import schemas
    from governance.source import load_yaml_bytes

    doc = load_yaml_bytes(text.encode("utf-8"), f"{card_id}.yaml")
    problems = [*doc.findings, *schemas.validate("card", doc)]
    if problems:
        raise MlgovError(
            f"'{card_id}' cannot be a card id: use lower-case letters, digits and single "
            "hyphens, at most 63 characters (it is also the SageMaker model card name)"
        )

"""`mlgov init [DIR]`: a governance repository that lints clean and builds a site, from nothing.

It writes the configuration, a compute-role persona (the role jobs run as), a first persona
that passes it, a Draft model card, the JSON Schemas for editors, a pre-commit hook and a CI
workflow. It never overwrites a file: what exists is kept, and said. Account and region are
asked on a terminal, taken from --account/--region, or else set to AWS's documentation
example, with a line saying to change them."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.findings import MlgovError
from mlgov import init_files
from mlgov.cli.exits import Exit

EXAMPLE_ACCOUNT = "123456789012"  # the account AWS's own documentation uses
DEFAULT_REGION = "us-east-1"
COMPUTE_ID = "compute"
EXAMPLES = """\
examples:
  mlgov init                       # here; asks for account and region on a terminal
  mlgov init governance --account 111122223333 --region eu-west-1
  mlgov init --persona ml-team-a --preset mlops --card churn-model
"""


@dataclass(frozen=True)
class Where:
    partition: str
    account: str
    region: str


def register(subparsers: Any) -> None:
    init = subparsers.add_parser(
        "init",
        help="start a governance repository: configuration, personas, a card, CI",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument("dir", nargs="?", type=Path, default=Path("."), help="default: here")
    init.add_argument("--account", help="the AWS account the roles go to (12 digits)")
    init.add_argument("--region", help=f"the AWS region (default {DEFAULT_REGION})")
    init.add_argument("--partition", default="aws", help="aws, aws-cn or aws-us-gov")
    init.add_argument("--persona", default="data-scientist", help="the first persona's id")
    init.add_argument(
        "--preset",
        choices=("data-scientist", "mlops", "custom"),
        default="data-scientist",
        help="the Role Manager preset the first persona extends",
    )
    init.add_argument("--card", default="first-model", help="the first model card's id")
    init.set_defaults(handler=init_command)


def init_command(args: argparse.Namespace) -> int:
    root: Path = args.dir
    if root.exists() and not root.is_dir():
        raise MlgovError(f"{root} is a file; `mlgov init` needs a folder")
    root.mkdir(parents=True, exist_ok=True)
    where = _where(args, root)
    for name, text in _files(root, where, args):
        _write_new(root, name, text)
    _next_steps(root, where)
    return Exit.CLEAN


def _where(args: argparse.Namespace, root: Path) -> Where:
    """The configuration already there, else the options, else answers, else defaults."""
    from governance.config import load_config

    config, problems = load_config(root.resolve())
    if config.source:
        if problems:
            raise MlgovError(f"the configuration in {config.source} is not valid (`mlgov lint`)")
        return Where(config.partition, config.account or EXAMPLE_ACCOUNT, config.region or "")
    account = args.account or _ask("AWS account id (12 digits)", EXAMPLE_ACCOUNT)
    region = args.region or _ask("AWS region", DEFAULT_REGION)
    return _checked(Where(args.partition, account, region))


def _ask(question: str, default: str) -> str:
    if not sys.stdin.isatty():
        return default
    answer = input(f"{question} [{default}]: ").strip()
    return answer or default


def _checked(where: Where) -> Where:
    from governance import schemas
    from governance.source import Document

    data = {"partition": where.partition, "account": where.account, "region": where.region}
    problems = schemas.validate("config", Document("mlgov.yaml", data))
    if problems:
        raise MlgovError(f"{problems[0].message}; pass --account, --region or --partition")
    return where


def _files(root: Path, where: Where, args: argparse.Namespace) -> list[tuple[str, str]]:
    from governance.cards.scaffold import scaffold
    from governance.config import load_config
    from governance.persona_scaffold import persona_scaffold
    from governance.schemas import KINDS
    from governance.schemas.editor import FOLDER, file_name, schema_ref, schema_text

    config = load_config(root.resolve())[0]
    personas, cards = config.personas, config.cards
    place = {"partition": where.partition, "account": where.account, "region": where.region}
    files: list[tuple[str, str]] = []
    if not config.source:
        files.append(("mlgov.yaml", init_files.CONFIG.format(**place)))

    def persona(persona_id: str, preset: str) -> tuple[str, str]:
        name = f"{personas}/{persona_id}.yaml"
        ref = schema_ref(root / name, root, "persona")
        compute = "" if preset == "compute-role" else COMPUTE_ID
        return name, persona_scaffold(persona_id, preset, ref, compute, dict(place))

    files.append(persona(COMPUTE_ID, "compute-role"))
    files.append(persona(args.persona, args.preset))
    card = f"{cards}/{args.card}.yaml"
    files.append((card, scaffold(args.card, schema_ref(root / card, root))))
    files += [(f"{FOLDER}/{file_name(kind)}", schema_text(kind)) for kind in KINDS]
    files.append((".pre-commit-config.yaml", init_files.PRE_COMMIT))
    files.append((".github/workflows/governance.yml", init_files.WORKFLOW))
    if not (root / ".gitignore").exists():
        files.append((".gitignore", init_files.GITIGNORE))
    return files


def _write_new(root: Path, name: str, text: str) -> None:
    target = root / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        print(f"kept {name} (it exists)", file=sys.stderr)
        return
    except OSError as error:
        raise MlgovError(f"cannot write {target}: {error.strerror}") from error
    print(f"wrote {name}", file=sys.stderr)


def _next_steps(root: Path, where: Where) -> None:
    here = "" if root.resolve() == Path.cwd().resolve() else f"cd {root} && "
    if where.account == EXAMPLE_ACCOUNT:
        print(
            f"note: the account is AWS's example, {EXAMPLE_ACCOUNT}: put yours in mlgov.yaml "
            "before you deploy the roles",
            file=sys.stderr,
        )
    print(
        "next:\n"
        f"  {here}mlgov lint          # the gate CI runs: it passes on these files\n"
        f"  {here}mlgov build         # the governance site and PDFs, into site/\n"
        f"  {here}git add . && git commit -m 'mlgov init'"
    )

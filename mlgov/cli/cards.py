"""`mlgov cards export`: a card as SageMaker content or a Hugging Face README.md.
`mlgov cards import`: a card from SageMaker's describe calls (boto3, or JSON dumps of them)
and evaluations from Clarify / Model Monitor reports. A new card file is written whole; an
existing one changes only in its auto-populated fields and the imported evaluations, and the
diff is printed (`--dry-run` prints it and writes nothing).

The export refuses a card with error findings: a card that does not
validate would not export to valid content either.

`mlgov cards approve`: records an approval bound to the digest of the card's content and sets
the status the workflow allows (governance/cards/approve.py); the diff is printed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path
from typing import Any

from governance.findings import MlgovError, Severity
from mlgov.cli.common import global_options, refuse_bad_config, write_output
from mlgov.cli.exits import Exit

FORMATS = ("sagemaker", "huggingface")


def register(subparsers: Any) -> None:
    cards = subparsers.add_parser("cards", help="export, import and push model cards")
    sub = cards.add_subparsers(dest="cards_command", required=True)
    export = sub.add_parser("export", help="write a card as SageMaker content or a README.md")
    export.add_argument("card", help="the card's id, or its YAML file")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--out", type=Path, help="the file to write (default: standard output)")
    export.set_defaults(handler=export_command)
    imp = sub.add_parser(
        "import", help="create or update a card from SageMaker describe calls and reports"
    )
    imp.add_argument(
        "dumps",
        nargs="*",
        type=Path,
        help="describe_model_card, describe_training_job or describe_model responses (JSON)",
    )
    imp.add_argument(
        "--report",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="Clarify bias / explainability or Model Monitor statistics JSON (repeatable)",
    )
    imp.add_argument(
        "--evaluation", help="the evaluation the reports go into (default: the report's name)"
    )
    imp.add_argument("--model-card", help="read this SageMaker model card (boto3)")
    imp.add_argument("--training-job", help="read this training job (boto3)")
    imp.add_argument("--model", help="read this SageMaker model (boto3)")
    imp.add_argument("--region", help="AWS region (default: the configuration's)")
    imp.add_argument("--profile", help="AWS profile")
    imp.add_argument("--endpoint-url", help="another SageMaker endpoint (VPC, test server)")
    imp.add_argument("--card", help="the card's id (default: the model card's name)")
    imp.add_argument("--out", type=Path, help="the card file (default: the card's file in cards/)")
    imp.add_argument("--dry-run", action="store_true", help="print the diff; write nothing")
    imp.set_defaults(handler=import_command)
    approve = sub.add_parser(
        "approve", help="record an approval of the card's current content, and its status"
    )
    approve.add_argument("card", help="the card's id, or its YAML file")
    approve.add_argument("--by", required=True, help="the approver, as named in the contacts")
    approve.add_argument("--role", required=True, help="the approver's role")
    approve.add_argument("--notes", help="what the approval rests on (a validation report)")
    approve.add_argument(
        "--date", type=_date, help="the day it was given (default: today; never later)"
    )
    approve.add_argument("--dry-run", action="store_true", help="print the diff; write nothing")
    approve.set_defaults(handler=approve_command)
    push = sub.add_parser("push", help="create or update the cards in SageMaker (idempotent)")
    push.add_argument("cards", nargs="*", help="card ids (default: every card)")
    push.add_argument("--region", help="AWS region (default: the configuration's)")
    push.add_argument("--profile", help="AWS profile")
    push.add_argument("--endpoint-url", help="another SageMaker endpoint (VPC, test server)")
    push.set_defaults(handler=push_command)


def approve_command(args: argparse.Namespace) -> int:
    from governance.cards.approve import plan_approval
    from governance.config import load_config, today

    root = _root(args)
    config, problems = load_config(root.resolve())
    refuse_bad_config(problems, config.source)
    path, display = _approve_path(root, config.cards, args.card)
    day = today(config.lint)
    planned = plan_approval(path, display, args.by, args.role, args.date or day, args.notes, day)
    sys.stdout.write(planned.plan.diff())
    change = f"status {planned.status_before} -> {planned.status_after}"
    if planned.status_before == planned.status_after:
        change = f"status stays {planned.status_after}"
    if planned.waiting:
        change += f": {planned.waiting}"
    if args.dry_run:
        print(f"dry run: {display} not written ({change})", file=sys.stderr)
        return Exit.CLEAN
    planned.plan.write()
    print(f"approved {planned.card_id} as {planned.digest}; {change}", file=sys.stderr)
    return Exit.CLEAN


def _approve_path(root: Path, folder: str, wanted: str) -> tuple[Path, str]:
    """The card's file, inside the repository: its id's file, or the file named (relative to
    the current folder, as `cards export` reads it)."""
    from governance.cards.importing import find_card

    named = wanted.endswith((".yaml", ".yml"))
    path = Path(wanted) if named else find_card(root / folder, wanted)
    resolved, base = path.resolve(), root.resolve()
    if not resolved.is_relative_to(base):
        raise MlgovError(f"{wanted} is outside the repository ({root})")
    if not resolved.is_file():
        raise MlgovError(f"no card '{wanted}' in {folder}/ (`mlgov lint` lists the cards)")
    return resolved, resolved.relative_to(base).as_posix()


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def push_command(args: argparse.Namespace, client: Any = None) -> int:
    """`client` lets tests pass a moto or Stubber client; otherwise boto3 makes one."""
    from governance.cards.push import push
    from governance.repository import Repository

    repo = Repository.load(_root(args))
    wanted = args.cards or sorted(repo.cards)
    missing = [c for c in wanted if c not in repo.cards]
    if missing:
        raise MlgovError(f"no valid card '{missing[0]}' (`mlgov lint` shows why)")
    client = client or _client(args, repo.config.region)
    for card_id in wanted:
        done = push(client, repo.cards[card_id])
        print(f"{card_id}: {', '.join(done.actions) or 'unchanged'}")
    return Exit.CLEAN


def _client(args: argparse.Namespace, region: str | None) -> Any:
    import boto3

    session = boto3.Session(profile_name=args.profile, region_name=args.region or region)
    return session.client("sagemaker", endpoint_url=args.endpoint_url)


def _root(args: argparse.Namespace) -> Path:
    return global_options(args).root


def import_command(args: argparse.Namespace, client: Any = None) -> int:
    """`client` lets tests pass a moto client; otherwise boto3 makes one when asked to read
    from SageMaker. Everything is read and converted before anything is written."""
    from governance.cards.importing import plan

    data: dict[str, Any] = {}
    for dump in args.dumps:
        data = _merge(data, _from_dump(dump))
    for extra in _from_sagemaker(args, client):
        data = _merge(data, extra)
    evaluations = _evaluations(args)
    if not data and not evaluations:
        raise MlgovError(
            "nothing to import: name JSON dumps, --report, --model-card, --training-job or --model"
        )
    card_id = args.card or data.get("id")
    if not card_id:
        raise MlgovError("nothing names the card: pass --card ID")
    from governance.schemas.editor import schema_ref

    out, display = _card_path(args, card_id)
    root = _root(args)
    planned = plan(out, display, card_id, data, evaluations, schema_ref(out, root))
    sys.stdout.write(planned.diff())
    for name in planned.kept:
        print(f"kept as written: {name} (not auto-populated)", file=sys.stderr)
    needs = planned.reapproval()
    if needs:
        print(f"note: {needs}", file=sys.stderr)
    if not planned.changed:
        print(f"{display}: up to date", file=sys.stderr)
    elif args.dry_run:
        print(f"dry run: {display} not written", file=sys.stderr)
    else:
        planned.write()
        print(f"{'updated' if planned.old else 'wrote'} {display}", file=sys.stderr)
    return Exit.CLEAN


def _evaluations(args: argparse.Namespace) -> list[dict[str, Any]]:
    from governance.cards.importing import evaluation_from_report

    out = []
    for report in args.report:
        name = args.evaluation or report.stem
        evaluation = evaluation_from_report(report, name)
        if evaluation is None:  # tolerated, as SageMaker's own SDK does not (sdk#4772)
            print(
                f"{report}: no metrics found (not a Clarify or Model Monitor report, or an "
                "empty one); skipped",
                file=sys.stderr,
            )
            continue
        out.append(evaluation)
    return out


def _card_path(args: argparse.Namespace, card_id: str) -> tuple[Path, str]:
    """The card's file, and how to show it: relative to the repository when inside it."""
    from governance.cards.importing import find_card

    root = _root(args)
    out = args.out or find_card(root / _cards_folder(root), card_id)
    try:
        return out, out.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return out, str(out)


def _cards_folder(root: Path) -> str:
    from governance.config import load_config

    config, _ = load_config(root)
    return config.cards


def _from_sagemaker(args: argparse.Namespace, client: Any) -> list[dict[str, Any]]:
    from botocore.exceptions import BotoCoreError, ClientError

    from governance.cards.autopopulate import from_model, from_model_card, from_training_job

    calls = [
        ("model_card", "describe_model_card", "ModelCardName", from_model_card),
        ("training_job", "describe_training_job", "TrainingJobName", from_training_job),
        ("model", "describe_model", "ModelName", from_model),
    ]
    wanted = [(getattr(args, a, None), m, k, c) for a, m, k, c in calls if getattr(args, a, None)]
    if wanted and client is None:
        from governance.config import load_config

        client = _client(args, load_config(_root(args))[0].region)
    out = []
    for name, method, key, convert in wanted:
        try:
            response = getattr(client, method)(**{key: name})
        except (ClientError, BotoCoreError) as error:
            raise MlgovError(f"{method} {name}: {error}") from error
        out.append(convert(response))
    return out


def _from_dump(path: Path) -> dict[str, Any]:
    from governance.cards.autopopulate import from_model, from_model_card, from_training_job

    try:
        desc = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MlgovError(f"{path}: not a readable JSON file: {error}") from error
    if not isinstance(desc, dict):
        raise MlgovError(f"{path}: not a describe response (a JSON object)")
    for key, convert in (
        ("ModelCardName", from_model_card),
        ("TrainingJobArn", from_training_job),
        ("ModelArn", from_model),
    ):
        if key in desc:
            try:
                return convert(desc)
            except (KeyError, TypeError, AttributeError) as error:
                raise MlgovError(f"{path}: malformed {key} response: {error!r}") from error
    raise MlgovError(f"{path}: not a describe_model_card, describe_training_job or describe_model")


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; anything else from `extra` wins (later dumps are fresher)."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def export_command(args: argparse.Namespace) -> int:
    from governance.cards.huggingface import to_huggingface
    from governance.cards.sagemaker import to_sagemaker, validation_errors

    card = _card(args)
    if args.format == "huggingface":
        write_output(args.out, to_huggingface(card))
        return Exit.CLEAN
    export = to_sagemaker(card)
    errors = validation_errors(export.content)
    if errors:  # a bug in the mapping, or a limit lint would report as CRD006
        raise MlgovError(f"card '{card.id}' does not export to valid content: {errors[0]}")
    write_output(args.out, json.dumps(export.content, indent=2, sort_keys=True, ensure_ascii=False))
    for key in export.mapped:
        print(f"mapped to custom_details: {key}", file=sys.stderr)
    for name, why in export.dropped:
        print(f"not in the content: {name} ({why})", file=sys.stderr)
    return Exit.CLEAN


def _card(args: argparse.Namespace) -> Any:
    from governance.repository import Repository

    root = _root(args)
    repo = Repository.load(root)
    wanted = args.card
    found = repo.cards.get(wanted) or next(
        (c for c in repo.cards.values() if _same_file(root, c.origin.doc.path, wanted)), None
    )
    if found is None:
        # The card may exist but not validate: name its first error, with its position.
        errors = [f for f in repo.findings if f.severity is Severity.ERROR and _about(f, wanted)]
        where = "".join(f": {f.file}:{f.line}:{f.column}: {f.message}" for f in errors[:1])
        raise MlgovError(f"no valid card '{wanted}'{where}")
    return found


def _same_file(root: Path, relative: str, wanted: str) -> bool:
    return (root / relative).resolve() == Path(wanted).resolve()


def _about(finding: Any, wanted: str) -> bool:
    return wanted in finding.file

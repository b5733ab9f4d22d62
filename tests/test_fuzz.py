"""Seeded fuzzing of `mlgov lint`: random and mutated policy JSON, persona and activity YAML.

Every input must end in findings or a clean result: exit code 0 or 1, JSON output, no rule
crash (LNT001) and no loader failure. A property-based tool (hypothesis) would shrink a failing
input to a minimal one; until it is a dependency, this generator is seeded, so a failure names
its seed and case and replays exactly.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from governance.iam.analysis import escalation
from governance.iam.analysis.statement import PolicyUnderTest
from governance.lint.rules.escalation_common import hits as escalation_hits
from governance.source import load_json_bytes
from mlgov.cli import main
from tests.conftest import CONFIG

SEED = 20261128
CASES = 40

ACCOUNT = "111122223333"
ACTIONS = [
    "*",
    "*:*",
    "iam:*",
    "iam:PassRole",
    "iam:passrole",
    "?am:Pass*",
    "iam:CreatePolicyVersion",
    "iam:Put*Policy",
    "sagemaker:CreateTrainingJob",
    "sagemaker:DeleteEndpoint",
    "sagemaker:*",
    "s3:*",
    "kms:CreateGrant",
    "lambda:UpdateFunctionCode",
    "ec2:RunInstances",
    "sts:AssumeRole",
    "nosuch:Thing",
    "iam:",
    ":",
    "",
    "bedrock-agentcore:*Code*",
]
RESOURCES = [
    "*",
    "arn:aws:iam::*:role/*",
    f"arn:aws:iam::{ACCOUNT}:role/mlgov/compute",
    "arn:aws:iam::*",
    "arn:*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:iam::*:user/${aws:username}",
    "arn",
    "",
    "arn:aws:sagemaker:eu-west-1:*:*/*",
]
OPERATORS = [
    "StringEquals",
    "StringNotEquals",
    "StringLike",
    "ForAnyValue:StringLike",
    "ArnLike",
    "Bool",
    "Null",
    "StringEqualsIfExists",
    "NumericLessThan",
    "NotAnOperator",
    "",
]
KEYS = [
    "iam:PassedToService",
    "iam:PermissionsBoundary",
    "aws:ResourceTag/team",
    "kms:GrantIsForAWSResource",
    "s3:x-amz-acl",
    "aws:SourceIp",
    "aws:MultiFactorAuthAge",
    "",
]
ODD_TEXT = [
    "\u202eevil",  # right-to-left override
    "zero\u200bwidth",
    "e\u0301\u0301\u0301",  # combining marks
    "\U0001f525\U0001f9e8",
    "\u4e2d\u6587",
    "nul\x00byte",
    "bell\x07",
    "\ufeffbom",
    "line\nbreak",
    "\u2028sep",
    "${account}",
    "${aws:username}",
    "!!python/object:os.system",
    "&anchor",
    "*alias",
    "yes",
    "NO",
    "~",
    "0x1F",
    "1e999",
]


class Gen:
    """Random JSON-like values, and mutations of valid documents."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd

    def text(self) -> str:
        kind = self.rnd.randrange(6)
        if kind == 0:
            return self.rnd.choice(ODD_TEXT)
        if kind == 1:
            return self.rnd.choice(ACTIONS + RESOURCES)
        if kind == 2:
            return "".join(chr(self.rnd.randrange(0x20, 0x3000)) for _ in range(12))
        if kind == 3:
            return self.rnd.choice("xa*:/") * self.rnd.choice([1, 1000, 60_000])
        if kind == 4:
            return "".join(self.rnd.choice("abcXYZ019-_:*?/${} ") for _ in range(20))
        return ""

    def scalar(self) -> Any:
        choice: list[Callable[[], Any]] = [
            self.text,
            lambda: self.rnd.randint(-(2**70), 2**70),
            lambda: self.rnd.random() * 10 ** self.rnd.randint(-5, 300),
            lambda: self.rnd.choice([True, False, None]),
        ]
        return self.rnd.choice(choice)()

    def value(self, depth: int = 0) -> Any:
        kind = self.rnd.randrange(5) if depth < 4 else 0
        if kind <= 1:
            return self.scalar()
        if kind == 2:
            return [self.value(depth + 1) for _ in range(self.rnd.randrange(4))]
        if kind == 3:
            return {self.text()[:40]: self.value(depth + 1) for _ in range(self.rnd.randrange(4))}
        return self.deep(self.rnd.choice([10, 70, 200]))

    def deep(self, levels: int) -> Any:
        out: Any = self.rnd.choice(ACTIONS)
        for _ in range(levels):
            out = [out] if self.rnd.random() < 0.5 else {"k": out}
        return out

    def statement(self) -> dict[str, Any]:
        """A well-formed statement with odd IAM content: it passes the schema, so compiled
        roles carry it to the role rules."""
        statement: dict[str, Any] = {
            "Effect": self.rnd.choice(["Allow", "Allow", "Deny"]),
            self.rnd.choice(["Action", "Action", "NotAction"]): self._some(ACTIONS),
            self.rnd.choice(["Resource", "Resource", "NotResource"]): self._some(RESOURCES),
        }
        if self.rnd.random() < 0.6:
            values: Any = self._some(
                ["sagemaker.amazonaws.com", "ec2.*", "true", "*", "private", "x"]
            )
            if self.rnd.random() < 0.2:  # numbers: IAM's own, and ones no JSON library likes
                values = self.rnd.choice([3600, 2**64, -(2**70), 1.5e308])
            statement["Condition"] = {self.rnd.choice(OPERATORS): {self.rnd.choice(KEYS): values}}
        return statement

    def _some(self, pool: list[str]) -> str | list[str]:
        picked = self.rnd.sample(pool, self.rnd.randint(1, 3))
        return picked[0] if len(picked) == 1 and self.rnd.random() < 0.5 else picked

    def mutate(self, doc: Any, times: int) -> Any:
        for _ in range(times):
            doc = self._mutate_once(doc)
        return doc

    def _mutate_once(self, node: Any) -> Any:
        if isinstance(node, dict) and node and self.rnd.random() < 0.7:
            key = self.rnd.choice(list(node))
            action = self.rnd.randrange(4)
            if action == 0:
                del node[key]
            elif action == 1:
                node[self.text()[:30] or "k"] = self.value()
            elif action == 2:
                node[key] = self.value()
            else:
                node[key] = self._mutate_once(node[key])
            return node
        if isinstance(node, list) and node and self.rnd.random() < 0.7:
            index = self.rnd.randrange(len(node))
            node[index] = self._mutate_once(node[index])
            return node
        return self.value()


def policy_document(gen: Gen) -> dict[str, Any]:
    statements = [gen.statement() for _ in range(gen.rnd.randint(1, 4))]
    return {"Version": "2012-10-17", "Statement": statements}


def persona_document(gen: Gen) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "id": "fuzz",
        "title": "Fuzz",
        "description": "A fuzzed persona.",
        "extends": gen.rnd.choice(["builtin:custom", "builtin:data-scientist", "builtin:mlops"]),
        "compute_role": f"arn:aws:iam::{ACCOUNT}:role/mlgov/compute",
        "activities": ["fuzz-activity", {"s3-bucket-access": {"buckets": ["team-a"]}}],
        "without": ["manage-glue-tables", "canvas-kendra-access", "run-studio-emr-serverless-apps"],
        "policies": ["policies/p.json"],
        "tags": {"team": "a"},
        "waivers": [{"rule": "IAM020", "reason": "fuzz"}],
    }


def activity_document(gen: Gen) -> dict[str, Any]:
    statements = []
    for _ in range(gen.rnd.randint(1, 3)):
        statement = gen.statement()
        statements.append(
            {
                "effect": statement["Effect"],
                "actions": _listed(statement.get("Action", ["iam:PassRole"])),
                "resources": _listed(statement.get("Resource", ["*"])),
            }
        )
    return {
        "schema_version": 1,
        "id": "fuzz-activity",
        "title": "Fuzz activity",
        "description": "A fuzzed activity.",
        "statements": statements,
    }


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def render_json(gen: Gen, doc: Any) -> bytes:
    kind = gen.rnd.randrange(8)
    text = json.dumps(doc, ensure_ascii=gen.rnd.random() < 0.5, indent=gen.rnd.choice([None, 2]))
    if kind == 0:
        return text[: gen.rnd.randrange(len(text) + 1)].encode()  # truncated
    if kind == 1:
        return b"\xef\xbb\xbf" + text.encode()  # byte-order mark
    if kind == 2:
        return text.encode()[:-1] + b"\xff\xfe" + b"}"  # invalid UTF-8
    if kind == 3:
        return text.replace("{", '{"Version": "x", ', 1).encode()  # a duplicate key
    if kind == 4:
        return bytes(gen.rnd.randrange(256) for _ in range(gen.rnd.randrange(200)))
    return text.encode("utf-8", "surrogatepass")


def render_yaml(gen: Gen, doc: Any) -> bytes:
    kind = gen.rnd.randrange(8)
    try:
        text = yaml.safe_dump(doc, allow_unicode=gen.rnd.random() < 0.5, sort_keys=False)
    except yaml.YAMLError:
        text = json.dumps(doc)
    if kind == 0:
        return json.dumps(doc).encode("utf-8", "surrogatepass")  # flow style: JSON is YAML
    if kind == 1:
        return text.replace("  ", "\t", 1).encode()  # a tab in the indentation
    if kind == 2:
        lol = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}]\n" for i in range(1, 12))
        return ("l0: &l0 [x]\n" + lol + text).encode()  # billion laughs
    if kind == 3:
        return (text + "extra: !!python/object:os.system x\n<<: {a: 1}\n").encode()
    if kind == 4:
        return ("[" * 300 + "]" * 300 + "\n").encode()
    if kind == 5:
        return text[: gen.rnd.randrange(len(text) + 1)].encode()
    return text.encode("utf-8", "surrogatepass")


def make_case(gen: Gen, root: Path) -> None:
    """One repository: a persona, an activity, a policy file it uses and one it does not."""
    mutations = gen.rnd.choice([0, 0, 1, 3])
    files = {
        "personas/p.yaml": render_yaml(gen, gen.mutate(persona_document(gen), mutations)),
        "personas/activities/a.yaml": render_yaml(gen, gen.mutate(activity_document(gen), 1)),
        "policies/p.json": render_json(gen, gen.mutate(policy_document(gen), mutations)),
        "extra.json": render_json(gen, gen.mutate(policy_document(gen), gen.rnd.randrange(3))),
    }
    if gen.rnd.random() < 0.2:  # sometimes pure noise
        files["policies/p.json"] = json.dumps(gen.value()).encode("utf-8", "surrogatepass")
    (root / "pyproject.toml").write_text(CONFIG + '\n[tool.mlgov.lint]\ntoday = "2026-11-28"\n')
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


# Bugs the fuzzer found in code outside the linter's rules, reported and not yet fixed: an
# input that fails only through one of these is an expected failure, anything else a failure.
KNOWN_BUGS: dict[str, str] = {}


def lint(root: Path, args: list[str], capsys: pytest.CaptureFixture[str], label: str) -> list[str]:
    """Lint; fail on anything but findings or a clean result, except known bugs, which are
    returned so that the caller can go on with its other inputs first."""
    code = main(["-C", str(root), "lint", "--format", "json", *args])
    captured = capsys.readouterr()
    if code not in (0, 1):
        return _known_or_fail(captured.err, f"{label}: exit {code}\n{captured.err[-3000:]}")
    rows = json.loads(captured.out)
    crashes = [r for r in rows if r["rule"] == "LNT001" or "failed unexpectedly" in r["message"]]
    return [
        why for crash in crashes for why in _known_or_fail(crash["message"], f"{label}: {crash}")
    ]


def _known_or_fail(text: str, failure: str) -> list[str]:
    known = [why for signature, why in KNOWN_BUGS.items() if signature in text]
    if not known:
        pytest.fail(failure)
    return known


def _xfail_if(known: list[str]) -> None:
    if known:
        pytest.xfail(f"known bug: {known[0]}")


@pytest.mark.parametrize("case", range(CASES))
def test_lint_survives_random_input(
    case: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gen = Gen(random.Random(f"{SEED}-{case}"))
    make_case(gen, tmp_path)
    label = f"seed {SEED} case {case} (files in {tmp_path})"
    known = lint(tmp_path, [], capsys, label)
    known += lint(tmp_path, [str(tmp_path / "extra.json")], capsys, label + ", extra.json")
    _xfail_if(known)


def test_well_formed_odd_policies_reach_the_role_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Most mutated personas fail the schema and never compile; these do, so the role rules
    (IAM020, GOV001, GOV002) run on odd but valid statements."""
    gen = Gen(random.Random(SEED))
    known: list[str] = []
    for case in range(15):
        root = tmp_path / f"case{case}"
        root.mkdir()
        (root / "pyproject.toml").write_text(CONFIG + '\n[tool.mlgov.lint]\ntoday = "2026-11-28"\n')
        persona = persona_document(gen)
        persona["activities"] = [{"s3-bucket-access": {"buckets": ["team-a"]}}]
        persona["extends"] = "builtin:custom"
        persona["waivers"] = []
        for name, text in (
            ("personas/p.yaml", yaml.safe_dump(persona)),
            ("policies/p.json", json.dumps(policy_document(gen))),
        ):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, "utf-8")
        known += lint(root, [], capsys, f"seed {SEED} well-formed case {case}")
    _xfail_if(known)


def test_escalation_analysis_takes_any_json() -> None:
    """The shared IAM020/IAM021 analysis, straight on many mangled documents (no CLI)."""
    gen = Gen(random.Random(SEED))
    for case in range(400):
        doc = gen.mutate(policy_document(gen), case % 4)
        text = json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")
        policy = PolicyUnderTest(load_json_bytes(text, f"case{case}.json"), "file")
        list(escalation_hits(escalation.find([policy, policy])))

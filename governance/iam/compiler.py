"""Persona -> RoleBundle: trust policy, permission policies packed within IAM's quotas, tags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from governance.codes import CMP001, CMP002, CMP003, CMP004, IAM001
from governance.findings import Code, Finding, JsonPath, Severity
from governance.iam import packing
from governance.iam.actiondata import ActionCatalog, catalog
from governance.iam.bundle import Policy, RoleBundle, with_quotas
from governance.iam.canonical import iam_size
from governance.iam.frozen import FrozenJson
from governance.iam.guards import guard
from governance.iam.parameters import check_parameters, values_for
from governance.iam.placeholders import Unresolved, Values, expand, expand_all, names_in
from governance.iam.resolve import ResolvedPersona, resolve
from governance.iam.statements import Source, Statement, make_statement
from governance.iam.trust import pascal, trust_policy
from governance.model import Activity, ActivityUse, Persona, StatementTemplate
from governance.repository import Repository

__all__ = ["MANAGED_BY_TAG", "PERSONA_TAG", "RoleBundle", "compile_repository"]

MANAGED_BY_TAG = ("managed-by", "mlgov")
PERSONA_TAG = "mlgov-persona"


class _Failed(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def compile_repository(repo: Repository) -> tuple[list[RoleBundle], list[Finding]]:
    """Bundles of every persona whose own file and policy files loaded cleanly (the others'
    errors are reported already), and the problems compiling found."""
    bundles, findings = [], []
    broken = {f.file for f in repo.findings if f.severity is Severity.ERROR}
    memo = _Memo()
    for persona in sorted(repo.personas.values(), key=lambda p: p.id):
        if broken.intersection((persona.origin.doc.path, *persona.policies)):
            continue
        bundle, problems = compile_persona(repo, persona, memo)
        findings += problems
        if bundle is not None:
            bundles.append(bundle)
    return bundles, findings


class _Memo:
    """Rendered statements shared between personas: most personas use the same activities
    with the same values, and rendering them once keeps large repositories linear and fast."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, int], tuple[str, ...]] = {}
        self.statements: dict[tuple, tuple[Statement, ...]] = {}

    def key(self, activity: Activity, index: int, values: Values, guards: tuple) -> tuple:
        names = self.names.get((activity.id, index))
        if names is None:
            template = activity.statements[index]
            texts = [*template.resources, *_condition_texts(template)]
            names = tuple(sorted({n for text in texts for n in names_in(text)}))
            self.names[(activity.id, index)] = names
        return (activity.id, index, tuple(values.get(n) for n in names), guards)


def _condition_texts(template: StatementTemplate) -> Iterator[str]:
    for keys in template.conditions.values():
        for value in keys.values():
            yield from ([value] if isinstance(value, str) else value)


def compile_persona(
    repo: Repository, persona: Persona, memo: _Memo | None = None
) -> tuple[RoleBundle | None, list[Finding]]:
    resolved = resolve(repo, persona)
    problems = [
        f
        for use in resolved.activities
        if use.activity_id in repo.activities
        for f in check_parameters(repo.activities[use.activity_id], use)
    ]
    if problems:
        return None, problems
    try:
        return _Compilation(repo, resolved, catalog(), memo or _Memo()).bundle(), []
    except _Failed as failed:
        return None, [failed.finding]


class _Compilation:
    def __init__(
        self, repo: Repository, resolved: ResolvedPersona, actions: ActionCatalog, memo: _Memo
    ):
        self.repo, self.resolved, self.catalog, self.memo = repo, resolved, actions, memo
        self.config = repo.config
        self.base: dict[str, str | tuple[str, ...]] = {"partition": self.config.partition}
        if self.config.account:
            self.base["account"] = self.config.account
        if self.config.region:
            self.base["region"] = self.config.region
        self._add_persona_values()

    def _add_persona_values(self) -> None:
        r = self.resolved
        if r.network:
            self.base |= {
                "subnets": r.network.subnets,
                "security_groups": r.network.security_groups,
            }
        if r.encryption:
            self.base |= {
                "volume_kms_keys": r.encryption.volume_kms_keys,
                "output_kms_keys": r.encryption.output_kms_keys,
            }
        arn = self._compute_role_arn()
        if arn:
            self.base["compute_role_arn"] = arn

    def _compute_role_arn(self) -> str | None:
        role = self.resolved.compute_role
        if role is None or role.startswith("arn:"):
            return role
        target = resolve(self.repo, self.repo.personas[role])
        account = self.config.account or "${account}"
        return (
            f"arn:{self.config.partition}:iam::{account}:role{target.role_path}{target.role_name}"
        )

    def bundle(self) -> RoleBundle:
        r = self.resolved
        statements = [s for use in r.activities for s in self._activity_statements(use)]
        statements += self._policy_file_statements()
        managed = self._managed_policy_arns()
        trust = self._trust_policy()
        policies = self._pack(packing.merge(statements), len(managed))
        tags = {**r.tags, MANAGED_BY_TAG[0]: MANAGED_BY_TAG[1], PERSONA_TAG: r.persona.id}
        bundle = RoleBundle(
            persona_id=r.persona.id,
            role_name=r.role_name,
            path=r.role_path,
            description=r.role_description,
            max_session_duration=r.max_session_hours * 3600,
            permissions_boundary=r.permissions_boundary,
            tags=tuple(sorted(tags.items())),
            trust_policy=trust,
            policies=tuple(policies),
            managed_policy_arns=managed,
            policy_style=self.config.policy_style,
            activities=tuple(u.activity_id for u in r.activities),
        )
        return with_quotas(bundle, self.config.max_managed_policies)

    # -- statements ---------------------------------------------------------------------------

    def _activity_statements(self, use: ActivityUse) -> Iterator[Statement]:
        activity = self.repo.activities[use.activity_id]
        values = {**self.base, **values_for(activity, use)}
        for index, template in enumerate(activity.statements):
            if template.when and getattr(self.resolved, template.when) is None:
                continue
            network = self.resolved.network if activity.network else None
            encryption = self.resolved.encryption if activity.encryption else None
            key = self.memo.key(activity, index, values, (network, encryption))
            if key not in self.memo.statements:
                statement = self._render(activity, use, template, index, values)
                guarded = guard(statement, self.catalog, network, encryption)
                self.memo.statements[key] = tuple(guarded)
            yield from self.memo.statements[key]

    def _render(
        self,
        activity: Activity,
        use: ActivityUse,
        template: StatementTemplate,
        index: int,
        values: Values,
    ) -> Statement:
        try:
            resources = expand_all(template.resources, values)
            conditions = {
                op: {key: self._value(v, values) for key, v in keys.items()}
                for op, keys in template.conditions.items()
            }
        except Unresolved as missing:
            raise _Failed(self._unresolved(activity, use, template, missing.name)) from None
        sid = template.sid or f"{pascal(activity.id)}{index + 1}"
        actions = [self._canonical_action(activity, template, a) for a in template.actions]
        source = Source("activity", activity.id, template.origin.path, template.actions)
        return make_statement(sid, template.effect, actions, resources, conditions, (source,))

    @staticmethod
    def _value(value: str | list[str], values: Values) -> str | list[str]:
        out = expand(value, values) if isinstance(value, str) else expand_all(value, values)
        return out[0] if isinstance(value, str) and len(out) == 1 else out

    def _canonical_action(self, activity: Activity, template: StatementTemplate, name: str) -> str:
        if "*" in name or "?" in name:
            if self.catalog.expand(name):
                return name
        elif (info := self.catalog.action(name)) is not None:
            return info.full_name
        suggestion = self.catalog.suggest(name)
        hint = f"did you mean '{suggestion}'?" if suggestion else "check the service prefix"
        doc = template.origin.doc
        raise _Failed(
            doc.finding(
                IAM001,
                (*template.origin.path, "actions"),
                f"unknown IAM action '{name}' in activity '{activity.id}'",
                hint,
            )
        )

    def _unresolved(
        self, activity: Activity, use: ActivityUse, template: StatementTemplate, name: str
    ) -> Finding:
        doc, path = use.origin.doc, use.origin.path
        if name == "compute_role_arn":
            message = (
                f"activity '{activity.id}' passes a role to a service, but persona "
                f"'{self.resolved.persona.id}' sets no compute_role"
            )
            hint = "add `compute_role: <persona id or role ARN>` to the persona"
            return doc.finding(CMP001, path, message, hint, at_key=True)
        if name in ("account", "region"):
            message = f"activity '{activity.id}' needs ${{{name}}}, which is not configured"
            hint = f"set {name} in [tool.mlgov] (pyproject.toml) or mlgov.yaml; '*' is allowed"
            return doc.finding(CMP002, path, message, hint, at_key=True)
        message = f"placeholder ${{{name}}} in activity '{activity.id}' has no value"
        hint = "declare it under parameters, or use one of the documented placeholders"
        tdoc, tpath = template.origin.doc, template.origin.path
        return tdoc.finding(CMP002, tpath, message, hint)

    def _policy_file_statements(self) -> Iterator[Statement]:
        for name in self.resolved.policies:
            doc = self.repo.policy_files.get(name)
            if doc is None or doc.data is None:
                continue
            raw = doc.data.get("Statement", [])
            items = raw if isinstance(raw, list) else [raw]
            dicts = [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]
            for count, (index, item) in enumerate(dicts, start=1):
                path = ("Statement", index) if isinstance(raw, list) else ("Statement",)
                source = Source("policy-file", name, path, _strings(item.get("Action")))
                default_sid = f"{pascal(name.rsplit('/', 1)[-1][:-5])}{count}"
                yield _from_policy_json(item, default_sid, source)

    def _managed_policy_arns(self) -> tuple[str, ...]:
        arns: list[str] = []
        for use in self.resolved.activities:
            arns += expand_all(self.repo.activities[use.activity_id].managed_policies, self.base)
        arns += expand_all(self.resolved.managed_policies, self.base)
        return tuple(dict.fromkeys(arns))

    # -- trust and packing ----------------------------------------------------------------------

    def _trust_policy(self) -> dict[str, Any]:
        trust = trust_policy(self.resolved, self.config, self.base)
        if iam_size(trust) > packing.TRUST_POLICY_LIMIT:
            self._fail(
                CMP004,
                ("trust",),
                f"the trust policy is {iam_size(trust):,} characters;"
                f" IAM allows {packing.TRUST_POLICY_LIMIT:,}",
                "trust fewer principals",
            )
        return trust

    def _pack(self, statements: list[Statement], attached: int) -> list[Policy]:
        inline = self.config.policy_style == "inline"
        limit = packing.INLINE_TOTAL_LIMIT if inline else packing.MANAGED_POLICY_LIMIT
        slots = 1 if inline else self.config.max_managed_policies - attached
        if slots < 1 or attached > self.config.max_managed_policies:
            self._fail(
                CMP003,
                ("managed_policies",),
                f"{attached} AWS managed policies leave no room under the limit of "
                f"{self.config.max_managed_policies} attached policies",
                "raise max_managed_policies if your account's quota is higher",
            )
        try:
            groups = packing.pack(statements, limit, slots)
        except packing.DoesNotFit as error:
            self._fail(
                CMP003,
                ("activities",),
                f"persona '{self.resolved.persona.id}' does not fit IAM's quotas: {error}",
                _does_not_fit_hint(inline),
            )
        name = self.resolved.role_name
        return [
            Policy(
                f"{name}-{i + 1}" if len(groups) > 1 else f"{name}-permissions",
                packing.policy_document(group),
                tuple(statement.sources for statement in group),
            )
            for i, group in enumerate(groups)
        ]

    def _fail(self, code: Code, path: JsonPath, message: str, hint: str) -> None:
        doc = self.resolved.persona.origin.doc
        raise _Failed(doc.finding(code, path, message, hint))


def _does_not_fit_hint(inline: bool) -> str:
    if inline:  # inline policies share one 10,240-character quota: the slots do not help
        return (
            "drop activities or parameters, or use policy_style = managed (up to "
            "max_managed_policies policies of 6,144 characters each)"
        )
    return (
        "drop activities or parameters, use policy_style = inline, or raise "
        "max_managed_policies if your account's quota is higher"
    )


def _strings(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(i for i in items if isinstance(i, str))


def _from_policy_json(item: dict[str, Any], default_sid: str, source: Source) -> Statement:
    def listed(key: str) -> tuple[str, ...]:
        value = item.get(key, [])
        return tuple(sorted(set([value] if isinstance(value, str) else value)))

    extra: dict[str, Any] = {k: item[k] for k in ("NotAction", "NotResource") if k in item}
    condition = item.get("Condition")  # a mapping: the file validated as a policy
    return Statement(
        sid=re.sub(r"[^A-Za-z0-9]", "", str(item.get("Sid", ""))) or default_sid,
        effect=str(item.get("Effect", "Allow")),
        actions=listed("Action"),
        resources=listed("Resource"),
        conditions=FrozenJson(condition) if isinstance(condition, dict) and condition else None,
        extra=FrozenJson(extra) if extra else None,
        sources=(source,),
    )

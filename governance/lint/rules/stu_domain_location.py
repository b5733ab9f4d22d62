"""STU004: a Studio domain outside the account or region the roles are compiled for."""

from __future__ import annotations

from collections.abc import Iterator

from governance.findings import Severity
from governance.lint.context import LintContext
from governance.lint.rule import Hit, Rule

ANY = "*"


def check(ctx: LintContext, _: LintContext) -> Iterator[Hit]:
    if ctx.repo is None:
        return
    config = ctx.config
    for domain in ctx.repo.domains.values():
        for key, configured in (("account", config.account), ("region", config.region)):
            value = getattr(domain, key)
            if configured in (None, ANY) or value == configured:
                continue
            yield Hit(
                domain.origin.doc,
                (key,),
                f"Studio domain {domain.id} is in {key} {value}, but the personas' roles are "
                f"compiled for {key} {configured}: their policies would not work there",
                f'check the domain\'s {key}, or set {key} in [tool.mlgov] ("*" for any)',
            )


RULE = Rule(
    id="STU004",
    title="Studio domain outside the configured account or region",
    rationale=(
        "Persona policies name the configured account and region in their ARNs. A user "
        "profile in a domain elsewhere would get a role whose permissions point at another "
        "account or region, so nothing in Studio would work for its user."
    ),
    severity=Severity.ERROR,
    scope="repository",
    check=check,
    waivable=False,
    bad="account: '444455556666'   # [tool.mlgov] account = 111122223333\n",
    good="account: '111122223333'\n",
)

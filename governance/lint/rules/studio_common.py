"""What the Studio rules share: every user profile of the repository's studio files with the
compiled role of the persona it is bound to (profiles bound to an unknown persona are REF010's,
and those whose persona did not compile have that persona's own findings)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from governance.lint.rule import Hit

if TYPE_CHECKING:
    from governance.lint.context import LintContext, RoleUnderTest
    from governance.studio import StudioDomain, UserProfile


@dataclass(frozen=True)
class Bound:
    domain: StudioDomain
    profile: UserProfile
    role: RoleUnderTest

    @property
    def where(self) -> str:
        return f"user profile '{self.profile.name}' (domain {self.domain.id})"

    def hit(self, message: str, hint: str, *path: str | int) -> Hit:
        """At the profile's persona, or at the key `path` names within the profile."""
        origin = self.profile.origin
        if not path:
            return Hit(origin.doc, (*origin.path, "persona"), message, hint)
        return Hit(origin.doc, (*origin.path, *path), message, hint, at_key=True)


def bound_profiles(ctx: LintContext) -> Iterator[Bound]:
    if ctx.repo is None:
        return
    roles = {r.persona.id: r for r in ctx.roles}
    for domain in ctx.repo.domains.values():
        for profile in domain.profiles.values():
            role = roles.get(profile.persona)
            if role is not None:
                yield Bound(domain, profile, role)

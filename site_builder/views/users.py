"""Who uses each persona: the Studio user profiles git binds to it (studio/), and, from the
snapshots, what the accounts hold where that differs (a profile not created yet, one running
as another role, one set up in the console with this persona's role)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from governance.monitoring.model import Snapshot, StudioUser
from governance.studio import APP_TYPES, StudioDomain, UserProfile

APP_NAMES = {"jupyterlab": "JupyterLab", "code-editor": "Code Editor", "canvas": "Canvas"}
APP_NAMES |= {"rstudio": "RStudio"}


@dataclass(frozen=True)
class UserView:
    domain: str  # the domain's name for people, with its id
    name: str
    apps: str
    where: str  # "git and account", "git", "git only", "account only", "differs"
    note: str


@dataclass(frozen=True)
class RoleRef:
    """A persona and its role, as the users view needs them (path + name, no account)."""

    persona_id: str
    role: str  # "/mlgov/mlgov-ds-team-a"


def studio_users(
    domains: Mapping[str, StudioDomain],
    roles: Iterable[RoleRef],
    snapshots: Iterable[Snapshot],
) -> dict[str, tuple[UserView, ...]]:
    """Persona id -> its users, for every persona in `roles` (those without users: empty)."""
    roles = list(roles)
    seen = {(s.account, s.region): s for s in snapshots if s.user_profiles is not None}
    persona_of_role = {r.role: r.persona_id for r in roles}
    bound = {(d.id, n): p.persona for d in domains.values() for n, p in d.profiles.items()}
    return {
        r.persona_id: tuple(
            [
                *_from_git(r, domains, seen, persona_of_role),
                *_from_accounts(r, seen, bound, domains),
            ]
        )
        for r in roles
    }


def _from_git(
    ref: RoleRef,
    domains: Mapping[str, StudioDomain],
    seen: Mapping[tuple[str, str], Snapshot],
    persona_of_role: Mapping[str, str],
) -> Iterable[UserView]:
    for domain in sorted(domains.values(), key=lambda d: d.id):
        snapshot = seen.get((domain.account, domain.region))
        recorded = snapshot.user_profiles if snapshot else None
        users = {u.name: u for u in recorded or () if u.domain == domain.id}
        for name, profile in sorted(domain.profiles.items()):
            if profile.persona != ref.persona_id:
                continue
            where, note = _compare(ref, snapshot, users.get(name), persona_of_role)
            yield UserView(_domain_label(domain), name, _apps(profile), where, note)


def _compare(
    ref: RoleRef,
    snapshot: Snapshot | None,
    user: StudioUser | None,
    persona_of_role: Mapping[str, str],
) -> tuple[str, str]:
    if snapshot is None:
        return "git", "no snapshot of its account and region records Studio users"
    taken = snapshot.taken_at.strftime("%Y-%m-%d")
    if user is None:
        return "git only", f"not in the account ({taken}): mlgov roles apply creates it"
    role = _role_part(user.execution_role)
    if role == ref.role:
        return "git and account", ""
    other = persona_of_role.get(role)
    runs_as = f"persona {other}'s role" if other else f"role {_short(user.execution_role)}"
    return "differs", f"in the account ({taken}) it runs as {runs_as}"


def _from_accounts(
    ref: RoleRef,
    seen: Mapping[tuple[str, str], Snapshot],
    bound: Mapping[tuple[str, str], str],
    domains: Mapping[str, StudioDomain],
) -> Iterable[UserView]:
    for _, snapshot in sorted(seen.items()):
        taken = snapshot.taken_at.strftime("%Y-%m-%d")
        for user in snapshot.user_profiles or ():
            if _role_part(user.execution_role) != ref.role:
                continue
            persona = bound.get((user.domain, user.name))
            if persona == ref.persona_id:
                continue  # listed from git already
            if persona is None:
                note = f"in the account ({taken}), not in git: set up outside review"
            else:
                note = f"git binds it to persona {persona}: mlgov roles apply moves it"
            domain = domains.get(user.domain)
            label = _domain_label(domain) if domain else user.domain
            yield UserView(label, user.name, "", "account only", note)


def _domain_label(domain: StudioDomain) -> str:
    return domain.id if domain.name == domain.id else f"{domain.name} ({domain.id})"


def _apps(profile: UserProfile) -> str:
    if profile.apps is None:
        return "the domain's defaults"
    return ", ".join(APP_NAMES.get(a, a) for a in APP_TYPES if a in profile.apps)


def _role_part(arn: str) -> str:
    """`/path/name` of a role ARN (arn:aws:iam::123:role/path/name); "" for none."""
    _, found, rest = arn.partition(":role/")
    return "/" + rest if found else ""


def _short(arn: str) -> str:
    return arn.rpartition("/")[2] or "none"

"""The Studio user profiles' part of a deploy plan: desired profiles, the domains read, the
changes planned (profiles.py, profile_state.py, profile_plan.py, one job each)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from governance.deploy.desired import DesiredRole
from governance.deploy.plan import PlanPart
from governance.deploy.profile_plan import plan_profiles
from governance.deploy.profile_state import read_studio
from governance.deploy.profiles import desired_profiles
from governance.studio import StudioDomain


def studio_part(
    sagemaker: Callable[[str], Any],
    domains: Mapping[str, StudioDomain],
    roles: list[DesiredRole],
    account: str,
    partition: str,
    prune: bool = False,
) -> PlanPart:
    """`sagemaker(region)` gives the SageMaker client of a region."""
    wanted = desired_profiles(domains, roles, partition)
    state = read_studio(sagemaker, domains, account, partition, prune)
    return plan_profiles(wanted, state, prune)

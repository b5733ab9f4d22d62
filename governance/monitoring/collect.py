"""The collector: boto3 clients in, snapshot data (schema `snapshot`) out.

The search plan asks `sagemaker.search` (search_plan.py); the list plan lists and describes
(list_plan.py) when search is not available. Every section that cannot be read goes to `errors` with
the error code, so statuses built on it show Unknown rather than a false OK. Then, unless turned
off, the details of the violations the schedules' last runs found (violations.py: two calls per such
schedule).

Nothing raises out of `collect`: a failed call, a wrong answer, the deadline (clients.budget) and
even a bug in one section are records of the sections they cost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from governance.monitoring import sections
from governance.monitoring.calls import Caller, SectionUnreadable
from governance.monitoring.list_plan import list_plan
from governance.monitoring.model import SECTIONS, format_time
from governance.monitoring.search_plan import search_plan
from governance.monitoring.sections import Clients, internal_error, record, record_errors
from governance.monitoring.shapes import sort_sections
from governance.monitoring.user_profiles import user_profiles
from governance.monitoring.violations import read_violations

__all__ = ["Clients", "collect", "unreadable_target"]

PLANS = ("auto", "search", "list")
# What the search plan takes from search(Resource="Model") records: lost with that search.
FROM_MODEL_RECORDS = ("models", "endpoints", "monitoring", "transform_jobs", "model_cards")


def collect(
    clients: Clients,
    *,
    account: str,
    region: str,
    now: datetime,
    source: str = "live",
    plan: str = "auto",
    violations: bool = True,
) -> dict[str, Any]:
    """One account and region; `now` is passed in so the demo's clock is fixed. `plan` forces the
    search plan ("search") or the list plan ("list"); "auto" falls back from search to list.
    `violations=False` skips the S3 reports (a role without s3:GetObject, or fewer calls)."""
    caller = Caller(clients.budget)
    out = _empty(account, region, now, source)
    runs: dict[str, str] = {}  # schedule → processing job of a last run with violations
    artifacts = _run_plans(caller, clients, out, now, plan, runs)
    if violations:
        record(out, "violations", lambda: read_violations(caller, clients, out, runs))
    record(out, "alarms", lambda: sections.alarms(caller, clients.cloudwatch))
    listed = None if _failed(out, "models") else [m["name"] for m in out["models"]]
    record(out, "lineage", lambda: sections.lineage(caller, clients.sagemaker, artifacts, listed))
    record(out, "user_profiles", lambda: user_profiles(caller, clients.sagemaker))
    out["api_calls"] = dict(sorted(caller.counts.items()))
    return sort_sections(out)


def unreadable_target(
    account: str, region: str, now: datetime, error: SectionUnreadable, plan: str = "auto"
) -> dict[str, Any]:
    """The snapshot of a target that could not be read at all (the role could not be assumed,
    the deadline passed first): every section in `errors` with the one cause, so the dashboard
    shows the account Unknown rather than leaving it out or keeping an older file's OK."""
    out = _empty(account, region, now, "live")
    out["plan"] = "list" if plan == "list" else "search"  # the plan it would have run
    record_errors(out, [s for s in SECTIONS if s != "violations"], error)
    out["api_calls"] = {}
    return sort_sections(out)


_LISTS = (
    "models",
    "endpoints",
    "monitoring_schedules",
    "alarms",
    "transform_jobs",
    "model_cards",
    "lineage",
    "user_profiles",
)


def _empty(account: str, region: str, now: datetime, source: str) -> dict[str, Any]:
    return {
        "version": 1,
        "taken_at": format_time(now),
        "account": account,
        "region": region,
        "source": source,
        "plan": "search",
        "errors": [],
        **{name: [] for name in _LISTS},
    }


def _run_plans(
    caller: Caller,
    clients: Clients,
    out: dict[str, Any],
    now: datetime,
    plan: str,
    runs: dict[str, str],
) -> dict[str, str | None] | None:
    if plan != "list":
        try:
            return search_plan(caller, clients, out, now, runs)
        except SectionUnreadable as error:
            # search is missing (old regions, local fakes: ValidationException) or denied: list
            # + describe may still work, its own failures recorded per section. Forced, or
            # failing for another reason (throttled, broken, the deadline): no fallback.
            if plan == "search" or not error.unavailable:
                _lose_search_sections(out, error)
                return None
        except Exception as error:  # a bug in the search plan: its sections are lost
            _lose_search_sections(out, internal_error(error))
            return None
    out["plan"] = "list"
    list_plan(caller, clients, out, now, runs)
    return None


def _lose_search_sections(out: dict[str, Any], error: SectionUnreadable) -> None:
    """Nothing half-read is kept: the lists of the search plan's sections are emptied."""
    for key in ("models", "endpoints", "monitoring_schedules", "transform_jobs", "model_cards"):
        out[key] = []
    record_errors(out, [s for s in FROM_MODEL_RECORDS if not _failed(out, s)], error)


def _failed(out: dict[str, Any], section: str) -> bool:
    return any(e["section"] == section for e in out["errors"])

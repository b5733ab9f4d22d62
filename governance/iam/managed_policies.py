"""AWS managed policies, from the pinned, dated copy of AWS's own list shipped in
governance/iam/data/aws-managed-policies.json (refreshed by scripts/refresh_managed_policies.py
from MAMIP's republication of `aws iam list-policies --scope AWS`), and the few AWS documents
that the copy lacks (aws-managed-policies-addenda.json, each with its source).

An AWS managed policy ARN is `arn:PARTITION:iam::aws:policy` + path + name; AWS files many under
paths such as `/service-role/`, and an ARN with the right name but the wrong path names no
policy: attaching it fails."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache

__all__ = ["ManagedPolicies", "managed_policies"]

AWS_POLICY = re.compile(r"arn:(?P<partition>[^:]*):iam::aws:policy(?P<rest>/.*)")


@dataclass(frozen=True)
class ManagedPolicies:
    paths: dict[str, str]  # name -> path ("/", "/service-role/", ...)
    deprecated: frozenset[str]
    date: str  # of the copy
    commit: str

    def problem(self, arn: str) -> tuple[str, str] | None:
        """(what is wrong, how to fix it) for an AWS managed policy ARN, or None when AWS has
        that policy (or the ARN names none of AWS's: a customer-managed policy)."""
        found = AWS_POLICY.fullmatch(arn.replace("${partition}", "aws"))
        if found is None or "*" in arn or "${" in arn.replace("${partition}", ""):
            return None
        partition = found.group("partition")
        path, _, name = found.group("rest").rpartition("/")
        path += "/"
        if self.paths.get(name) == path:
            return None
        if name in self.paths:
            right = f"arn:{partition}:iam::aws:policy{self.paths[name]}{name}"
            return (
                f"AWS's {name} is at path {self.paths[name]}, not {path}: no policy has this ARN",
                f"use {right}",
            )
        if name in self.deprecated:
            return f"AWS has deprecated {name}", "attach its replacement (see AWS's documentation)"
        close = difflib.get_close_matches(name, list(self.paths), n=1, cutoff=0.8)
        hint = (
            f"did you mean arn:{partition}:iam::aws:policy{self.paths[close[0]]}{close[0]}?"
            if close
            else f"if AWS published it after {self.date}, refresh the list "
            "(scripts/refresh_managed_policies.py) or waive the finding"
        )
        return f"AWS has no managed policy {name} (AWS's list of {self.date})", hint


@cache
def managed_policies() -> ManagedPolicies:
    """AWS's list, plus the policies AWS documents that the list lacks (addenda, by hand)."""
    # Imported here: importlib.resources brings tempfile and zipfile, which a lint of policy
    # files (that never asks this) would otherwise import at start-up.
    from importlib.resources import files

    data = files("governance.iam").joinpath("data")
    raw = json.loads(data.joinpath("aws-managed-policies.json").read_text("utf-8"))
    addenda = json.loads(data.joinpath("aws-managed-policies-addenda.json").read_text("utf-8"))
    paths = dict(raw["policies"])
    for name, entry in addenda["policies"].items():
        paths.setdefault(name, entry["path"])
    return ManagedPolicies(
        paths, frozenset(raw["deprecated"]), raw["source"]["date"], raw["source"]["commit"]
    )

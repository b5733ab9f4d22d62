"""Configuration: `[tool.mlgov]` in pyproject.toml or `mlgov.yaml`, validated by its own schema.

Precedence is CLI, then file, then the defaults below.
"""

from __future__ import annotations

import datetime
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from governance import schemas
from governance.codes import SRC003, SRC013
from governance.findings import Finding, MlgovError, Severity
from governance.source import Document, Position, load_path
from governance.source.document import START, make_finding
from governance.source.files import read_regular, read_source, within


@dataclass(frozen=True)
class Config:
    partition: str = "aws"
    account: str | None = None
    region: str | None = None
    policy_style: str = "managed"
    max_managed_policies: int = 10
    personas: str = "personas"
    activities: str = "personas/activities"
    policies: str = "policies"
    cards: str = "cards"
    compiled: str = "compiled"
    snapshots: str = "snapshots"
    studio: str = "studio"  # one file per SageMaker Studio domain
    stale_after_hours: int = 24
    repository_url: str = ""
    site_name: str = "ML governance"
    lint: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""  # the file the settings came from, for messages

    def with_overrides(self, **overrides: Any) -> Config:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


# The keys that name folders: each must resolve inside the repository (links followed).
PATH_KEYS = ("personas", "activities", "policies", "cards", "compiled", "snapshots")

TODAY_VARIABLE = "MLGOV_TODAY"


def today(
    lint: Mapping[str, Any] | None = None, env: Mapping[str, str] = os.environ
) -> datetime.date:
    """The date rules judge by, pinned for reproducible runs: MLGOV_TODAY, else the
    configuration's `[tool.mlgov.lint] today`, else SOURCE_DATE_EPOCH's day (the reproducible
    builds convention), else the clock's; days are UTC's."""
    return pinned_today(lint, env) or datetime.datetime.now(datetime.UTC).date()


def pinned_today(
    lint: Mapping[str, Any] | None = None, env: Mapping[str, str] = os.environ
) -> datetime.date | None:
    """`today` when something pins it; None when it is the clock's."""
    pinned = env.get(TODAY_VARIABLE, "").strip()
    if pinned:
        try:
            return datetime.date.fromisoformat(pinned)
        except ValueError:
            raise MlgovError(f"{TODAY_VARIABLE}={pinned!r} is not a date (YYYY-MM-DD)") from None
    if lint and lint.get("today"):
        return datetime.date.fromisoformat(str(lint["today"]))
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return None


# The data folders that mark a governance repository without a configuration.
DISCOVERY_KEYS = ("personas", "cards", "policies")
_SECTION = re.compile(rb"^\s*\[tool\.mlgov[\].]", re.MULTILINE)


def find_root(start: Path) -> Path | None:
    """The governance repository `start` lies in: from `start` up, the nearest folder with
    `mlgov.yaml` or a `[tool.mlgov]` section in `pyproject.toml`; failing that, the nearest
    holding a data folder (personas/, cards/, ...). It looks no higher than the git repository
    `start` is in: a configuration above that is not this repository's. None: neither."""
    here = start.resolve()
    with_data = None
    for folder in (here, *here.parents):
        if _has_config(folder):
            return folder
        if with_data is None and _has_data(folder):
            with_data = folder
        if os.path.lexists(folder / ".git"):
            return with_data
    # Outside any git repository, a folder of data counts only where the command was started:
    # a `cards/` folder somewhere above is no sign of a governance repository.
    return with_data if with_data == here else None


def _has_config(folder: Path) -> bool:
    return (folder / "mlgov.yaml").is_file() or _has_section(folder / "pyproject.toml")


def _has_data(folder: Path) -> bool:
    return any((folder / getattr(Config(), k)).is_dir() for k in DISCOVERY_KEYS)


def _has_section(path: Path) -> bool:
    try:
        return _SECTION.search(read_regular(path)) is not None
    except OSError:
        return False


def load_config(root: Path) -> tuple[Config, list[Finding]]:
    """The repository's configuration and the problems found in it (errors mean exit 2)."""
    yaml_file, toml_file = root / "mlgov.yaml", root / "pyproject.toml"
    # lexists: a FIFO or a dangling link named like the file is refused, not skipped
    if os.path.lexists(yaml_file):
        doc = load_path(yaml_file, "mlgov.yaml", root)
    elif os.path.lexists(toml_file):
        doc = _toml_document(toml_file, root)
    else:
        config = Config()
        return config, _paths_outside(root, config, None)
    findings = list(doc.findings) + schemas.validate("config", doc)
    if any(f.severity is Severity.ERROR for f in findings) or doc.data is None:
        return Config(source=doc.path), findings
    config = Config(source=doc.path, **doc.data)
    return config, findings + _paths_outside(root, config, doc)


def _paths_outside(root: Path, config: Config, doc: Document | None) -> list[Finding]:
    """A configured folder (or the default one, made a link) must stay inside the repository:
    `compiled = "../x"` would write outside the checkout, `cards = "/etc"` read outside it."""
    findings = []
    for key in PATH_KEYS:
        value = getattr(config, key)
        if within(root / value, root):
            continue
        target = os.path.realpath(root / value)
        hint = "name a folder inside the repository (links within it are fine)"
        if doc is not None and (key,) in doc.positions:
            message = f"{key} = '{value}' leads outside the repository (to {target})"
            findings.append(doc.finding(SRC013, (key,), message, hint))
            continue
        message = f"the {key} folder '{value}' leads outside the repository (to {target})"
        where = doc.path if doc is not None else value
        findings.append(make_finding(where, SRC013, START, message, hint))
    return findings


def _toml_document(path: Path, root: Path) -> Document:
    """`[tool.mlgov]` as a Document; tomllib gives no positions, so keys are found by line."""
    raw = read_source(path, path.name, root)
    if isinstance(raw, Document):
        return raw
    text = raw.decode("utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(error))) else 1
        column = int(m.group(1)) if (m := re.search(r"column (\d+)", str(error))) else 1
        finding = Finding.of(SRC003, path.name, line, column, f"TOML syntax error: {error}")
        return Document(path.name, None, {}, {}, (finding,))
    section = data.get("tool", {}).get("mlgov", {})
    return Document(path.name, section, *_toml_positions(text, section), ())


def _toml_positions(text: str, section: dict[str, Any]) -> tuple[dict, dict]:
    lines = text.splitlines()
    header = next((i for i, ln in enumerate(lines) if ln.strip() == "[tool.mlgov]"), 0)
    values: dict = {(): Position(header + 1, 1, header + 1, len(lines[header]) + 1 if lines else 1)}
    keys: dict = {}
    for index in range(header + 1, len(lines)):
        if lines[index].lstrip().startswith("["):
            break
        match = re.match(r"\s*([A-Za-z0-9_-]+)\s*=\s*", lines[index])
        if match and match.group(1) in section:
            key = match.group(1)
            keys[(key,)] = Position(index + 1, match.start(1) + 1, index + 1, match.end(1) + 1)
            values[(key,)] = Position(index + 1, match.end() + 1, index + 1, len(lines[index]) + 1)
    return values, keys

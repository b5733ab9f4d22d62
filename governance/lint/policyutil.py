"""What the policy rules share: a statement's actions (wildcards expanded through the catalog),
its resources and conditions, IAM-style glob matching, and ARN checks.

Case rules are IAM's: action names are case-blind, ARNs are case-sensitive. A statement may be
malformed (the schema reports that): helpers skip whatever is not of the expected type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from governance.findings import JsonPath
from governance.iam.actiondata import ActionCatalog, key_template_pattern
from governance.lint.context import PolicyUnderTest
from governance.lint.rule import Hit

EVERYTHING = frozenset({"*", "*:*"})
ACCESS_ORDER = ("Permissions management", "Write", "Tagging", "Read", "List")
_VARIABLE = re.compile(r"\$\{[^}]*\}")  # IAM policy variables such as ${aws:username}


# ---------------------------------------------------------------------------------------------
# Statement parts


@dataclass(frozen=True)
class Entry:
    """One string of an Action/NotAction/Resource/NotResource value, with its path."""

    path: JsonPath
    text: str


def entries(path: JsonPath, statement: dict[str, Any], key: str) -> list[Entry]:
    """The string entries of `key`; a single string is one entry at the key's own path."""
    value = statement.get(key)
    if isinstance(value, str):
        return [Entry((*path, key), value)]
    if not isinstance(value, list):
        return []
    return [Entry((*path, key, i), item) for i, item in enumerate(value) if isinstance(item, str)]


def is_allow(statement: dict[str, Any]) -> bool:
    return statement.get("Effect") == "Allow"


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def resource_is_star(statement: dict[str, Any]) -> bool:
    """The whole Resource is `*` (a string or a one-item list)."""
    value = statement.get("Resource")
    return value == "*" or value == ["*"]


def sid_label(path: JsonPath, statement: dict[str, Any]) -> str:
    """How messages name a statement: its Sid, else its place."""
    sid = statement.get("Sid")
    if isinstance(sid, str) and sid:
        return f"statement '{sid}'"
    return "".join(f"[{p}]" if isinstance(p, int) else p for p in path)


# ---------------------------------------------------------------------------------------------
# Actions


@dataclass(frozen=True)
class ActionEntry:
    """An Action entry and the known actions it names (AWS casing). `*` names no list: callers
    special-case it rather than loop over every action IAM has."""

    path: JsonPath
    text: str
    actions: tuple[str, ...]

    @property
    def everything(self) -> bool:
        return self.text in EVERYTHING

    @property
    def wildcard(self) -> bool:
        return has_wildcard(self.text)


def action_entries(
    path: JsonPath, statement: dict[str, Any], catalog: ActionCatalog, key: str = "Action"
) -> list[ActionEntry]:
    return [
        ActionEntry(e.path, e.text, () if e.text in EVERYTHING else expand(catalog, e.text))
        for e in entries(path, statement, key)
    ]


@cache
def expand(catalog: ActionCatalog, text: str) -> tuple[str, ...]:
    """Known actions an entry names: a wildcard's matches, or the one action; () if unknown."""
    if has_wildcard(text):
        return catalog.expand(text)
    info = catalog.action(text)
    return (info.full_name,) if info else ()


def known_actions(items: list[ActionEntry]) -> list[str]:
    """Distinct known actions of the entries, in first-seen order (case-blind)."""
    seen: dict[str, str] = {}
    for item in items:
        for action in item.actions:
            seen.setdefault(action.lower(), action)
    return list(seen.values())


@cache
def resource_scopable(catalog: ActionCatalog, action: str) -> bool:
    """Whether IAM can limit the action to named resources. An action whose only resource type
    is optional (cloudwatch:PutMetricData's dataset, sagemaker:ListModelPackages) is authorised
    against "*" in its usual call, so it counts as wildcard-only; two optional types are the
    data's way of saying "one of these" (s3:GetObject: object or access point object)."""
    info = catalog.action(action)
    if info is None or not info.resource_types:
        return False
    return len(info.resource_types) > 1 or bool(catalog.required_resource_types(action))


@cache
def access_level(catalog: ActionCatalog, action: str) -> str:
    """The action's most powerful access level."""
    info = catalog.action(action)
    levels = info.access_levels if info else ()
    return min(levels, key=_access_rank, default="")


def _access_rank(level: str) -> int:
    return ACCESS_ORDER.index(level) if level in ACCESS_ORDER else len(ACCESS_ORDER)


def by_power(catalog: ActionCatalog, actions: list[str]) -> list[str]:
    """Most powerful first, so capped lists in messages show what matters."""
    return sorted(actions, key=lambda a: (_access_rank(access_level(catalog, a)), a.lower()))


def capped(items: list[str], limit: int = 5) -> str:
    """`a, b and c`, or the first `limit` and `and N more`."""
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) > 1:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return "".join(items)


# ---------------------------------------------------------------------------------------------
# Globs: `*` any run of characters, `?` exactly one


@cache
def _glob_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_match(pattern: str, text: str, ignore_case: bool = False) -> bool:
    """Whether the glob `pattern` matches the literal `text`."""
    return _glob_regex(pattern, ignore_case).fullmatch(text) is not None


# The specific pattern's own wildcards become markers: only a `*` of the general pattern may
# stand for a `*` of the specific one, and only `*` or `?` for its `?`.
_STAR, _ONE = "\x00", "\x01"


@cache
def _cover_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(
        ".*" if c == "*" else f"[^{_STAR}]" if c == "?" else re.escape(c) for c in pattern
    )
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_covers(general: str, specific: str, ignore_case: bool = False) -> bool:
    """Whether every string `specific` matches is matched by `general` too. Sound, not complete:
    a True is always right; rare equal-language pairs (`*?` and `?*`) give False."""
    marked = specific.replace("*", _STAR).replace("?", _ONE)
    return _cover_regex(general, ignore_case).fullmatch(marked) is not None


@cache
def globs_overlap(a: str, b: str) -> bool:
    """Whether some string matches both globs (case-sensitive)."""
    if not has_wildcard(a):
        return glob_match(b, a)
    if not has_wildcard(b):
        return glob_match(a, b)
    start = _common_literal_prefix(a, b)
    if start < 0:
        return False
    return _overlap_table(a[start:], b[start:])


def _common_literal_prefix(a: str, b: str) -> int:
    """Length of the equal, wildcard-free start of both; -1 when the starts conflict."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x in "*?" or y in "*?":
            return i
        if x != y:
            return -1
    return min(len(a), len(b))


def _overlap_table(a: str, b: str) -> bool:
    # Dynamic programming from the ends: row[j] says whether a[i:] and b[j:] share a string.
    row = [all(c == "*" for c in b[j:]) for j in range(len(b) + 1)]
    for i in range(len(a) - 1, -1, -1):
        current = [False] * (len(b) + 1)
        current[-1] = a[i] == "*" and row[-1]
        for j in range(len(b) - 1, -1, -1):
            if a[i] == "*" or b[j] == "*":
                current[j] = row[j] or current[j + 1]
            else:
                current[j] = (a[i] == b[j] or "?" in (a[i], b[j])) and row[j + 1]
        row = current
    return row[0]


def redundant_entries(listed: list[Entry], ignore_case: bool) -> Iterator[tuple[Entry, Entry]]:
    """Each entry another entry makes redundant, with that other one: a repeat, or a pattern a
    wildcard covers. Of a repeat, or of two patterns covering each other, the later one."""
    wildcards = [(j, e) for j, e in enumerate(listed) if has_wildcard(e.text)]
    seen: dict[str, Entry] = {}
    for i, entry in enumerate(listed):
        norm = entry.text.lower() if ignore_case else entry.text
        if norm in seen:
            yield entry, seen[norm]
            continue
        seen[norm] = entry
        cover = _cover(i, entry, wildcards, ignore_case)
        if cover is not None:
            yield entry, cover


def _cover(
    i: int, entry: Entry, wildcards: list[tuple[int, Entry]], ignore_case: bool
) -> Entry | None:
    def same(a: str, b: str) -> bool:
        return a.lower() == b.lower() if ignore_case else a == b

    for j, other in wildcards:
        if j == i or same(other.text, entry.text):
            continue  # repeats are reported as such, at the later one
        if glob_covers(other.text, entry.text, ignore_case) and (
            j < i or not glob_covers(entry.text, other.text, ignore_case)
        ):
            return other
    return None


# ---------------------------------------------------------------------------------------------
# ARNs

PARTITIONS = frozenset(
    {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}
)
_SERVICE = re.compile(r"[a-z0-9][a-z0-9-]*")
_REGION = re.compile(r"[a-z]{2,4}(-[a-z]+)+-\d+")
_ACCOUNT = re.compile(r"\d{12}|aws")  # `aws` owns AWS managed policies


def without_variables(arn: str) -> str:
    """The ARN with each policy variable as `*`: a variable may stand for any text."""
    return _VARIABLE.sub("*", arn)


def arn_problem(arn: str) -> str | None:
    """What makes `arn` malformed as a Resource, or None. Wildcards and variables are fine."""
    if arn == "*":
        return None
    if not arn.startswith("arn:"):
        return "does not start with 'arn:'"
    plain = without_variables(arn)
    if any(c.isspace() for c in plain):
        return "contains whitespace"
    fields = plain.split(":", 5)
    if len(fields) < 6:
        return f"has {len(fields)} of the 6 fields arn:partition:service:region:account:resource"
    return _field_problem(*fields[1:])


def _field_problem(
    partition: str, service: str, region: str, account: str, rest: str
) -> str | None:
    checks = (
        (partition, PARTITIONS.__contains__, f"has an unknown partition '{partition}'"),
        (service, _SERVICE.fullmatch, f"has a malformed service '{service}'"),
        (region, lambda r: not r or _REGION.fullmatch(r), f"has a malformed region '{region}'"),
        (
            account,
            lambda a: not a or _ACCOUNT.fullmatch(a),
            f"has an account '{account}' that is not 12 digits",
        ),
    )
    for value, valid, problem in checks:
        if not has_wildcard(value) and not valid(value):
            return problem
    return None if rest else "has an empty resource part"


@cache
def arn_format_glob(arn_format: str) -> str:
    """An IAM data ARN format (`arn:${Partition}:s3:::${BucketName}`) as a glob."""
    return _VARIABLE.sub("*", arn_format)


def arn_overlaps(arn: str, glob: str) -> bool:
    """Whether the (possibly wildcarded) ARN could name a resource the glob matches. Fields are
    compared one by one when both have all six, which keeps the matching cheap."""
    ours, theirs = arn.split(":", 5), glob.split(":", 5)
    if len(ours) == len(theirs) == 6:
        return all(globs_overlap(x, y) for x, y in zip(ours, theirs, strict=True))
    return globs_overlap(arn, glob)


# ---------------------------------------------------------------------------------------------
# Conditions


@dataclass(frozen=True)
class Operator:
    """`ForAnyValue:StringLikeIfExists` is qualifier ForAnyValue, base StringLike, if_exists."""

    text: str
    qualifier: str
    base: str
    if_exists: bool


def parse_operator(text: str) -> Operator:
    qualifier, _, rest = text.rpartition(":")
    if_exists = rest.endswith("IfExists")
    base = rest[: -len("IfExists")] if if_exists else rest
    return Operator(text, qualifier, base, if_exists)


@dataclass(frozen=True)
class ConditionEntry:
    path: JsonPath  # of the key: (..., "Condition", operator, key)
    operator: Operator
    key: str
    value: Any  # as written: a scalar or a list

    def values(self) -> list[tuple[JsonPath, Any]]:
        if isinstance(self.value, list):
            return [((*self.path, i), v) for i, v in enumerate(self.value)]
        return [(self.path, self.value)]


def conditions(path: JsonPath, statement: dict[str, Any]) -> Iterator[ConditionEntry]:
    block = statement.get("Condition")
    if not isinstance(block, dict):
        return
    for operator, tests in block.items():
        if not isinstance(tests, dict):
            continue
        parsed = parse_operator(operator)
        for key, value in tests.items():
            yield ConditionEntry((*path, "Condition", operator, key), parsed, key, value)


def is_global_key(key: str) -> bool:
    return key.lower().startswith("aws:")


@cache
def action_supports_key(catalog: ActionCatalog, action: str, key: str) -> bool:
    """Whether the action (or one of its resource types) lists the key; templates such as
    `aws:RequestTag/${TagKey}` match any tag key."""
    supported = catalog.condition_keys_of(action)
    lowered = key.lower()
    if lowered in supported:
        return True
    return any(
        regex.fullmatch(lowered)
        for template in supported
        if (regex := template_regex(template)) is not None
    )


template_regex = cache(key_template_pattern)


# Deprecated keys the IAM data may drop once no action lists them any more; the data's own
# descriptions are checked first. Source: reference notes, role-manager.md §0.
KNOWN_REPLACEMENTS = {
    "sagemaker:volumekmskey": "sagemaker:VolumeKmsKeyArn",
    "sagemaker:outputkmskey": "sagemaker:OutputKmsKeyArn",
}


def deprecated_key(catalog: ActionCatalog, key: str) -> tuple[bool, str | None]:
    """(deprecated?, the replacing key if known)."""
    info = catalog.condition_key(key)
    if info is not None and info.deprecated:
        return True, info.replaced_by or KNOWN_REPLACEMENTS.get(key.lower())
    if key.lower() in KNOWN_REPLACEMENTS:
        return True, KNOWN_REPLACEMENTS[key.lower()]
    return False, None


# Types of global keys (IAM data lists only service keys and the tag keys). From the IAM User
# Guide's "AWS global condition context keys"; aws:EpochTime is left out: it is both Date and
# Numeric.
GLOBAL_KEY_TYPES = {
    "aws:calledvia": "ArrayOfString",
    "aws:calledviafirst": "String",
    "aws:calledvialast": "String",
    "aws:currenttime": "Date",
    "aws:federatedprovider": "String",
    "aws:multifactorauthage": "Numeric",
    "aws:multifactorauthpresent": "Bool",
    "aws:principalaccount": "String",
    "aws:principalarn": "ARN",
    "aws:principalisawsservice": "Bool",
    "aws:principalorgid": "String",
    "aws:principalorgpaths": "ArrayOfString",
    "aws:principalservicename": "String",
    "aws:principalservicenameslist": "ArrayOfString",
    "aws:principaltype": "String",
    "aws:referer": "String",
    "aws:requestedregion": "String",
    "aws:resourceaccount": "String",
    "aws:resourceorgid": "String",
    "aws:resourceorgpaths": "ArrayOfString",
    "aws:securetransport": "Bool",
    "aws:sourceaccount": "String",
    "aws:sourcearn": "ARN",
    "aws:sourceidentity": "String",
    "aws:sourceip": "IPAddress",
    "aws:sourceorgid": "String",
    "aws:sourceorgpaths": "ArrayOfString",
    "aws:sourcevpc": "String",
    "aws:sourcevpce": "String",
    "aws:tagkeys": "ArrayOfString",
    "aws:tokenissuetime": "Date",
    "aws:useragent": "String",
    "aws:userid": "String",
    "aws:username": "String",
    "aws:viaawsservice": "Bool",
    "aws:vpcsourceip": "IPAddress",
}
GLOBAL_TAG_PREFIXES = ("aws:requesttag/", "aws:resourcetag/", "aws:principaltag/")


def key_type(catalog: ActionCatalog, key: str) -> str | None:
    """The key's IAM data type (String, ArrayOfString, ARN, Bool, ...), or None if unknown."""
    lowered = key.lower()
    if lowered.startswith("aws:"):
        if lowered.startswith(GLOBAL_TAG_PREFIXES):
            return "String"
        return GLOBAL_KEY_TYPES.get(lowered)
    info = catalog.condition_key(key)
    return info.type if info and info.type else None


def redundant_hits(
    policy: PolicyUnderTest, keys: tuple[str, str], ignore_case: bool
) -> Iterator[Hit]:
    """IAM012 and IAM013: entries of a statement's list that another entry already covers."""
    for path, statement in policy.statements():
        for key in keys:
            listed = entries(path, statement, key)
            for entry, cover in redundant_entries(listed, ignore_case=ignore_case):
                same = (
                    (entry.text.lower() == cover.text.lower())
                    if ignore_case
                    else (entry.text == cover.text)
                )
                message = (
                    f"'{entry.text}' is listed twice in this statement"
                    if same
                    else f"'{entry.text}' is already covered by '{cover.text}' in this statement"
                )
                yield Hit(policy.doc, entry.path, message, f"remove '{entry.text}'")

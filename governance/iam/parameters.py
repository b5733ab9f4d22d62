"""Activity parameters given in a persona: known, present, of the right shape and form."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from governance.codes import PAR001, PAR002, PAR003, PAR004
from governance.findings import Finding
from governance.model import Activity, ActivityUse, Parameter, ParamValue

FORMS = {
    "string": (r".+", "text"),
    "s3-bucket": (r"[a-z0-9*][a-z0-9.*-]{1,61}[a-z0-9*]", "an S3 bucket name such as team-a-data"),
    "arn": (r"arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|\*)?:.+", "an ARN"),
    "iam-role-arn": (
        r"arn:[a-z-]+:iam::\d{12}:role/[\x21-\x7e]+",
        "a role ARN such as arn:aws:iam::111122223333:role/name",
    ),
    "kms-key-arn": (
        r"arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+",
        "a KMS key ARN (not a key id or alias)",
    ),
    "ecr-repository-arn": (
        r"arn:[a-z-]+:ecr:[a-z0-9-]+:\d{12}:repository/[a-z0-9._/*-]+",
        "an ECR repository ARN",
    ),
    "glue-database": (r"[A-Za-z0-9_*-]{1,255}", "a Glue database name"),
    "athena-workgroup": (r"[A-Za-z0-9._*-]{1,128}", "an Athena workgroup name"),
    "kendra-index-id": (r"[A-Za-z0-9*-]{1,64}", "a Kendra index id"),
}


def check_parameters(activity: Activity, use: ActivityUse) -> Iterator[Finding]:
    doc, base = use.origin.doc, use.origin.path
    for name in use.params:
        if name not in activity.parameters:
            known = sorted(activity.parameters)
            close = difflib.get_close_matches(name, known, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else (f"its parameters: {', '.join(known)}" if known else "it takes no parameters")
            )
            message = f"activity '{activity.id}' has no parameter '{name}'"
            yield doc.finding(PAR001, (*base, name), message, hint, at_key=True)
    for spec in activity.parameters.values():
        if spec.name in use.params:
            yield from _check_value(activity, spec, use)
        elif spec.required:
            yield _missing(activity, spec, use)


def _missing(activity: Activity, spec: Parameter, use: ActivityUse) -> Finding:
    example = f"[{spec.type}-value]" if spec.is_list else f"{spec.type}-value"
    hint = f"write it as `- {activity.id}: {{{spec.name}: {example}}}` under activities"
    if spec.description:
        hint = f"{spec.description}; {hint}"
    message = f"activity '{activity.id}' needs parameter '{spec.name}'"
    return use.origin.doc.finding(PAR002, use.origin.path, message, hint)


def _check_value(activity: Activity, spec: Parameter, use: ActivityUse) -> Iterator[Finding]:
    value = use.params[spec.name]
    path = (*use.origin.path, spec.name)
    doc = use.origin.doc
    if isinstance(value, tuple) and not spec.is_list:
        message = f"parameter '{spec.name}' of '{activity.id}' takes one value, not a list"
        yield doc.finding(PAR003, path, message, "write a single value")
        return
    pattern, form = FORMS[spec.type]
    items = value if isinstance(value, tuple) else (value,)
    for index, item in enumerate(items):
        if not re.fullmatch(pattern, item):
            where = (*path, index) if isinstance(value, tuple) else path
            message = f"'{item}' is not {form} (parameter '{spec.name}' of '{activity.id}')"
            yield doc.finding(PAR004, where, message, f"expected {form}")


def values_for(activity: Activity, use: ActivityUse) -> dict[str, ParamValue]:
    """Given values over defaults; a single value for a list parameter becomes a list."""
    values: dict[str, ParamValue] = {}
    for spec in activity.parameters.values():
        value = use.params.get(spec.name, spec.default)
        if value is None:
            continue
        values[spec.name] = (value,) if spec.is_list and isinstance(value, str) else value
    return values

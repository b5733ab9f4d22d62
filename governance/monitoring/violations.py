"""Optional violation details: no SageMaker API returns what a monitoring run found, only its
status (CompletedWithViolations). Model Monitor writes the findings to constraint_violations.json
in the run's output (reference/monitoring.md §1.5), so per violated schedule: describe the run's
processing job for its output URI, then read that file from S3. Two calls per schedule whose
last run found violations, none for the others.

A file that cannot be read (denied, missing, not JSON) is an `errors` entry in the section
"violations" and leaves the schedule without details; statuses never depend on this section.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import BotoCoreError

from governance.monitoring.calls import DEADLINE, Caller, SectionUnreadable
from governance.monitoring.sections import Clients, Out, record_error

SECTION = "violations"
REPORT = "constraint_violations.json"
MAX_LISTED = 20  # a short summary for the dashboard; the count is always the full count
MAX_BYTES = 5 * 1024 * 1024  # a report is a few KB; a huge object is not read into memory


def violated_run(schedule: dict[str, Any]) -> str | None:
    """The processing job ARN of a schedule's last run, when that run found violations."""
    last = schedule.get("LastMonitoringExecutionSummary") or {}
    if last.get("MonitoringExecutionStatus") != "CompletedWithViolations":
        return None
    return last.get("ProcessingJobArn") or None


def read_violations(caller: Caller, clients: Clients, out: Out, runs: dict[str, str]) -> None:
    """Add `violations` to the schedules in `runs` (schedule name → processing job ARN)."""
    schedules = {s["name"]: s for s in out["monitoring_schedules"]}
    for name, arn in sorted(runs.items()):
        if name not in schedules:
            continue
        try:
            schedules[name]["violations"] = summary(_report(caller, clients, arn))
        except SectionUnreadable as error:
            message = f"schedule {name}: {error.message}"
            record_error(out, SECTION, SectionUnreadable(error.operation, error.code, message))
            if error.code == DEADLINE:  # the others would only repeat it
                return


def summary(report: Any) -> dict[str, Any]:
    """Count and the first MAX_LISTED (feature, check) pairs of a report's violations."""
    found = report.get("violations") if isinstance(report, dict) else None
    if not isinstance(found, list):
        raise SectionUnreadable("s3.get_object", "InvalidReport", f"{REPORT}: no violations list")
    checks = [
        {
            "feature": str(v.get("feature_name", "")),
            "check": str(v.get("constraint_check_type", "")),
        }
        for v in found[:MAX_LISTED]
        if isinstance(v, dict)
    ]
    return {"count": len(found), "checks": checks}


def _report(caller: Caller, clients: Clients, arn: str) -> Any:
    job = caller.call(
        clients.sagemaker, "describe_processing_job", ProcessingJobName=arn.rsplit("/", 1)[-1]
    )
    bucket, key = _location(job)
    obj = caller.call(clients.s3, "get_object", Bucket=bucket, Key=key)
    return _parse(_body(obj))


def _location(job: dict[str, Any]) -> tuple[str, str]:
    """Bucket and key of the report: the job's (first) S3 output prefix + the file name."""
    outputs = job.get("ProcessingOutputConfig", {}).get("Outputs", [])
    uris = [o["S3Output"]["S3Uri"] for o in outputs if o.get("S3Output", {}).get("S3Uri")]
    if not uris or not uris[0].startswith("s3://"):
        name = job.get("ProcessingJobName", "?")
        raise SectionUnreadable(
            "sagemaker.describe_processing_job", "NoS3Output", f"job {name} has no S3 output"
        )
    bucket, _, prefix = uris[0].removeprefix("s3://").partition("/")
    return bucket, f"{prefix.rstrip('/')}/{REPORT}" if prefix else REPORT


def _body(obj: dict[str, Any]) -> bytes:
    try:
        data = obj["Body"].read(MAX_BYTES + 1)
    except (BotoCoreError, OSError) as error:  # a broken stream: this report is unreadable
        raise SectionUnreadable("s3.get_object", type(error).__name__, str(error)) from error
    if len(data) > MAX_BYTES:
        raise SectionUnreadable("s3.get_object", "TooLarge", f"{REPORT} over {MAX_BYTES} bytes")
    return bytes(data)


def _parse(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError as error:  # UnicodeDecodeError is a ValueError too
        raise SectionUnreadable("s3.get_object", "InvalidJSON", str(error)[:200]) from error

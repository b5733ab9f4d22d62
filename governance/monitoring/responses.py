"""What each call's answer must hold: exactly the keys the collector reads (shapes.py, the plans,
sections.py, violations.py, session.py), with their types, and the enums of the snapshot schema
for the values copied into the file, so a snapshot written is a snapshot that loads.

Every list a page carries is required: AWS sends an empty list as `[]`, so a page without its
list is a wrong answer, not an empty account. Keys the collector reads with a default are
optional. Keep a spec in step with the code that reads the answer; `expected` refuses an
operation without one, so a new call cannot skip the check.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from governance import schemas
from governance.monitoring.expect import Int, Kind, Many, OneOf, Record, Text


def _enum(definition: str, key: str) -> OneOf:
    spec = schemas.schema("snapshot")["$defs"][definition]["properties"][key]
    return OneOf(tuple(spec["enum"]))


NAME = Text(nonempty=True)
ACCOUNT = Text(pattern=r"[0-9]{12}")
CAPTURE = Record(optional={"EnableCapture": bool})
MONITOR_TYPE = _enum("schedule", "type")
RISK = _enum("model_card", "risk")


def _has_type(s: dict[str, Any]) -> str | None:
    """shapes.schedule takes the type from MonitoringType, else from the schedule's config."""
    config = s.get("MonitoringScheduleConfig") or {}
    if "MonitoringType" in s or "MonitoringType" in config:
        return None
    return "MonitoringType missing (also in MonitoringScheduleConfig)"


MODEL = Record(
    {"ModelName": NAME},
    {"CreationTime": datetime, "PrimaryContainer": Record(optional={"ModelDataUrl": str})},
)
TRANSFORM = Record(
    {"TransformJobName": NAME, "TransformJobStatus": _enum("transform_job", "status")},
    {"ModelName": str, "CreationTime": datetime},
)
CARD = Record(
    {"ModelCardName": NAME, "ModelCardStatus": _enum("model_card", "status")},
    {"RiskRating": RISK, "Content": str},
)
ALERT = Record(
    {
        "MonitoringAlertName": NAME,
        "AlertStatus": _enum("alert", "status"),
        "DatapointsToAlert": Int(1, 100),
        "EvaluationPeriod": Int(1, 100),
    },
    {"LastModifiedTime": datetime},
)
EXECUTION = Record(
    {"MonitoringExecutionStatus": _enum("execution", "status")},
    {"ScheduledTime": datetime, "FailureReason": str, "ProcessingJobArn": str},
)
SCHEDULE = Record(
    {"MonitoringScheduleName": NAME, "MonitoringScheduleStatus": _enum("schedule", "status")},
    {
        "EndpointName": str,
        "MonitoringType": MONITOR_TYPE,
        "MonitoringScheduleConfig": Record(optional={"MonitoringType": MONITOR_TYPE}),
        "FailureReason": str,
        "LastMonitoringExecutionSummary": EXECUTION,
    },
    _has_type,
)
VARIANT_LIVE = Record({"VariantName": NAME}, {"CurrentInstanceCount": Int(0), "InstanceType": str})
VARIANT_CONFIG = Record(
    {"VariantName": NAME},
    {"ModelName": str, "InstanceType": str, "InitialInstanceCount": Int(0)},
)
ENDPOINT = Record(
    # EndpointConfigName: the list plan describes each endpoint's config by it
    {
        "EndpointName": NAME,
        "EndpointStatus": _enum("endpoint", "status"),
        "EndpointConfigName": NAME,
    },
    {"FailureReason": str, "DataCaptureConfig": CAPTURE, "ProductionVariants": Many(VARIANT_LIVE)},
)
DASHBOARD_MODEL = Record(  # ModelDashboardModel, the record of search(Resource="Model")
    {"Model": MODEL},
    {
        "Endpoints": Many(Record({"EndpointName": NAME})),
        "LastBatchTransformJob": TRANSFORM,
        "MonitoringSchedules": Many(
            SCHEDULE.but(optional={"MonitoringAlertSummaries": Many(ALERT)})
        ),
        "ModelCard": CARD,
    },
)
TRAINING_JOB = Record(
    {"TrainingJobName": NAME}, {"ModelArtifacts": Record(optional={"S3ModelArtifacts": str})}
)
ALARM = Record(
    {"AlarmName": NAME, "StateValue": _enum("alarm", "state")},
    {
        "StateReason": str,
        "Namespace": str,
        "MetricName": str,
        "Dimensions": Many(Record({"Name": str, "Value": str})),
        "StateUpdatedTimestamp": datetime,
    },
)
HISTORY_EVENT = Record(
    {
        "MonitoringScheduleName": NAME,
        "MonitoringAlertName": NAME,
        "AlertStatus": _enum("alert_event", "status"),
        "CreationTime": datetime,
    }
)
PROCESSING_JOB = Record(
    optional={
        "ProcessingJobName": str,
        "ProcessingOutputConfig": Record(
            optional={
                "Outputs": Many(Record(optional={"S3Output": Record(optional={"S3Uri": str})}))
            }
        ),
    }
)
ORG_ACCOUNT = Record(
    {"Id": ACCOUNT, "Arn": Text(pattern=r"arn:[a-z-]+:organizations::[0-9]{12}:account/.+")},
    {"State": str, "Status": str},
)


SETTINGS = Record(optional={"ExecutionRole": str})
PROFILE = Record(
    {},
    {"UserSettings": SETTINGS, "Status": _enum("user_profile", "status")},
)


def _page(key: str, item: Kind, token: str = "NextToken") -> Record:
    return Record({key: Many(item)}, {token: str})


# "service.operation", or "sagemaker.search:<Resource>" (one operation, a shape per resource)
RESPONSES: dict[str, Kind] = {
    "sagemaker.search:Model": _page("Results", Record({"Model": DASHBOARD_MODEL})),
    "sagemaker.search:Endpoint": _page("Results", Record({"Endpoint": ENDPOINT})),
    "sagemaker.search:TrainingJob": _page("Results", Record({"TrainingJob": TRAINING_JOB})),
    "sagemaker.list_models": _page("Models", MODEL),
    "sagemaker.describe_model": MODEL,
    "sagemaker.list_endpoints": _page("Endpoints", Record({"EndpointName": NAME})),
    "sagemaker.describe_endpoint": ENDPOINT,
    "sagemaker.describe_endpoint_config": Record(
        {"ProductionVariants": Many(VARIANT_CONFIG)}, {"DataCaptureConfig": CAPTURE}
    ),
    "sagemaker.list_monitoring_schedules": _page("MonitoringScheduleSummaries", SCHEDULE),
    "sagemaker.describe_monitoring_schedule": SCHEDULE,
    "sagemaker.list_monitoring_executions": _page(
        "MonitoringExecutionSummaries", EXECUTION.but({"MonitoringScheduleName": NAME})
    ),
    "sagemaker.list_monitoring_alerts": _page("MonitoringAlertSummaries", ALERT),
    "sagemaker.list_monitoring_alert_history": _page("MonitoringAlertHistory", HISTORY_EVENT),
    "sagemaker.list_transform_jobs": _page(
        "TransformJobSummaries", Record({"TransformJobName": NAME})
    ),
    # the list plan keeps the newest job per model: both keys are compared, so both are needed
    "sagemaker.describe_transform_job": TRANSFORM.but({"ModelName": str, "CreationTime": datetime}),
    "sagemaker.list_model_cards": _page("ModelCardSummaries", Record({"ModelCardName": NAME})),
    "sagemaker.describe_model_card": CARD,
    "sagemaker.list_training_jobs": _page(
        "TrainingJobSummaries", Record({"TrainingJobName": NAME})
    ),
    "sagemaker.describe_processing_job": PROCESSING_JOB,
    "s3.get_object": Record({"Body": object}),
    "cloudwatch.describe_alarms": _page("MetricAlarms", ALARM),
    "sts.get_caller_identity": Record({"Account": ACCOUNT}),
    "sts.assume_role": Record(
        {
            "Credentials": Record(
                {"AccessKeyId": NAME, "SecretAccessKey": NAME, "SessionToken": NAME}
            )
        }
    ),
    "organizations.list_accounts": _page("Accounts", ORG_ACCOUNT),
    # the user_profiles section (user_profiles.py)
    "sagemaker.list_domains": _page("Domains", Record({"DomainId": NAME})),
    "sagemaker.describe_domain": Record(optional={"DefaultUserSettings": SETTINGS}),
    "sagemaker.list_user_profiles": _page("UserProfiles", Record({"UserProfileName": NAME})),
    "sagemaker.describe_user_profile": PROFILE,
}


def expected(operation: str, params: dict[str, Any]) -> Kind:
    """The spec of an operation's answer ("sagemaker.search" is looked up by its Resource)."""
    key = f"{operation}:{params.get('Resource')}" if operation == "sagemaker.search" else operation
    return RESPONSES[key]

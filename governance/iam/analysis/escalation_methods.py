"""The known privilege-escalation methods, as data: cloudsplaining 0.9.1's 59 methods (which
include Rhino Security Labs' 22), with their pathfinding.cloud ids, and 12 more that
cloudsplaining lacks, from iam-vulnerable, Rhino's script, parliament and pathfinding.cloud
(SSM sessions and commands on existing instances, CloudFormation stack updates, rewriting a
role one may assume, bucket policies, existing build projects and App Runner services).

Each method lists `targets`, the actions that reach something that already exists (a role to
pass, a user, a policy, a function with a role) and so count only when granted broadly, and
`others`, actions on resources the attacker creates and names, which count wherever they are
granted: scoping `lambda:CreateFunction` to `function:team-a-*` does not stop anyone from
naming a new function `team-a-x`. Where a narrow grant is enough, `reach` says so: "any" (one
role whose trust one may rewrite and then assume; one bucket whose policy one may write),
"customer-policy" (a managed policy may be attached to the holder whatever its name says, so
any customer-managed policy counts, AWS's own do not). `together` lists actions that must reach
a resource the key action's grant also names (rewrite role R's trust, then assume R).

Sources: cloudsplaining 0.9.1 `PRIVILEGE_ESCALATION_METHODS`; Rhino Security Labs'
aws_escalate.py; BishopFox/iam-vulnerable 0f29866 (modules/free-resources/privesc-paths);
DataDog/pathfinding.cloud 84dd65c (data/paths); parliament 1.6.4
RESOURCE_POLICY_PRIVILEGE_ESCALATION.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PASS_ROLE = "iam:PassRole"
Reach = Literal["broad", "any", "customer-policy"]


@dataclass(frozen=True)
class Method:
    name: str
    pathfinding: str  # pathfinding.cloud id, "" where there is none
    targets: tuple[str, ...]  # must be granted broadly; the first is the key action
    others: tuple[str, ...] = ()  # must be granted at all
    passed_to: tuple[str, ...] = ()  # PassRole methods: the service principals the role goes to
    reach: Reach = "broad"  # how widely the key action must be granted
    together: tuple[str, ...] = ()  # granted on a resource the key action's grant names
    source: str = "cloudsplaining"

    @property
    def actions(self) -> tuple[str, ...]:
        return self.targets + self.others + self.together

    @property
    def key_action(self) -> str:
        return self.targets[0]

    @property
    def url(self) -> str:
        return f"https://pathfinding.cloud/paths/{self.pathfinding}" if self.pathfinding else ""


def _iam(name: str, pathfinding: str, *actions: str) -> Method:
    return Method(name, pathfinding, tuple(actions))


def _pass(name: str, pathfinding: str, principals: tuple[str, ...], *actions: str) -> Method:
    """A method that passes an existing (possibly more privileged) role to a new resource."""
    return Method(name, pathfinding, (PASS_ROLE,), tuple(actions), principals)


EC2 = ("ec2.amazonaws.com",)
LAMBDA = ("lambda.amazonaws.com",)
GLUE = ("glue.amazonaws.com",)
CLOUDFORMATION = ("cloudformation.amazonaws.com",)
DATAPIPELINE = ("datapipeline.amazonaws.com",)
# AWSAppRunnerFullAccess passes to apprunner.amazonaws.com; instance and access roles trust these.
APPRUNNER = (
    "apprunner.amazonaws.com",
    "tasks.apprunner.amazonaws.com",
    "build.apprunner.amazonaws.com",
)
CODEBUILD = ("codebuild.amazonaws.com",)
ECS = ("ecs-tasks.amazonaws.com",)  # task roles and task execution roles
SAGEMAKER = ("sagemaker.amazonaws.com",)
AGENTCORE = ("bedrock-agentcore.amazonaws.com",)

METHODS_CLOUDSPLAINING: tuple[Method, ...] = (
    _iam("CreateAccessKey", "iam-002", "iam:CreateAccessKey"),
    _iam("CreateLoginProfile", "iam-004", "iam:CreateLoginProfile"),
    _iam("UpdateLoginProfile", "iam-006", "iam:UpdateLoginProfile"),
    _iam("AddUserToGroup", "iam-013", "iam:AddUserToGroup"),
    Method(
        "CreateNewPolicyVersion", "iam-001", ("iam:CreatePolicyVersion",), reach="customer-policy"
    ),
    Method(
        "SetExistingDefaultPolicyVersion",
        "",
        ("iam:SetDefaultPolicyVersion",),
        reach="customer-policy",
    ),
    _iam("AttachUserPolicy", "iam-008", "iam:AttachUserPolicy"),
    _iam("AttachGroupPolicy", "iam-010", "iam:AttachGroupPolicy"),
    _iam("AttachRolePolicy", "iam-009", "iam:AttachRolePolicy"),
    _iam("PutUserPolicy", "iam-007", "iam:PutUserPolicy"),
    _iam("PutGroupPolicy", "iam-011", "iam:PutGroupPolicy"),
    _iam("PutRolePolicy", "iam-005", "iam:PutRolePolicy"),
    _iam("UpdateRolePolicyToAssumeIt", "iam-012", "iam:UpdateAssumeRolePolicy"),
    _pass("CreateEC2WithExistingIP", "ec2-001", EC2, "ec2:RunInstances"),
    _pass(
        "PassExistingRoleToNewLambdaThenInvoke",
        "lambda-001",
        LAMBDA,
        "lambda:CreateFunction",
        "lambda:InvokeFunction",
    ),
    _pass(
        "PassExistingRoleToNewLambdaThenTriggerWithNewDynamo",
        "lambda-002",
        LAMBDA,
        "lambda:CreateFunction",
        "lambda:CreateEventSourceMapping",
        "dynamodb:CreateTable",
        "dynamodb:PutItem",
    ),
    _pass(
        "PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo",
        "lambda-002",
        LAMBDA,
        "lambda:CreateFunction",
        "lambda:CreateEventSourceMapping",
    ),
    _pass("PassExistingRoleToNewGlueDevEndpoint", "glue-001", GLUE, "glue:CreateDevEndpoint"),
    _pass(
        "PassExistingRoleToCloudFormation",
        "cloudformation-001",
        CLOUDFORMATION,
        "cloudformation:CreateStack",
    ),
    _pass(
        "PassExistingRoleToNewDataPipeline",
        "datapipeline-001",
        DATAPIPELINE,
        "datapipeline:CreatePipeline",
    ),
    _iam("UpdateExistingGlueDevEndpoint", "glue-002", "glue:UpdateDevEndpoint"),
    _iam("EditExistingLambdaFunctionWithRole", "lambda-003", "lambda:UpdateFunctionCode"),
    _iam(
        "AccessExistingBedrockCodeInterpreterSession",
        "bedrock-002",
        "bedrock-agentcore:StartCodeInterpreterSession",
        "bedrock-agentcore:InvokeCodeInterpreter",
    ),
    _iam(
        "ExecuteCloudFormationChangeSet",
        "cloudformation-005",
        "cloudformation:CreateChangeSet",
        "cloudformation:ExecuteChangeSet",
    ),
    _iam(
        "ModifyEC2InstanceUserDataThenRestart",
        "ec2-002",
        "ec2:ModifyInstanceAttribute",
        "ec2:StopInstances",
        "ec2:StartInstances",
    ),
    _iam(
        "ModifyExistingEC2LaunchTemplate",
        "ec2-004",
        "ec2:CreateLaunchTemplateVersion",
        "ec2:ModifyLaunchTemplate",
    ),
    Method(
        "EC2InstanceConnectSendSSHPublicKey",
        "ec2instanceconnect-003",
        ("ec2-instance-connect:SendSSHPublicKey",),
        ("ec2:DescribeInstances",),
    ),
    Method(
        "ECSExecuteCommandOnRunningTask",
        "ecs-006",
        ("ecs:ExecuteCommand",),
        ("ecs:DescribeTasks",),
    ),
    _iam(
        "UpdateAndInvokeLambdaFunction",
        "lambda-004",
        "lambda:UpdateFunctionCode",
        "lambda:InvokeFunction",
    ),
    _iam(
        "UpdateLambdaFunctionAndAddPermission",
        "lambda-005",
        "lambda:UpdateFunctionCode",
        "lambda:AddPermission",
    ),
    _iam(
        "CreatePresignedSageMakerNotebookUrl",
        "sagemaker-004",
        "sagemaker:CreatePresignedNotebookInstanceUrl",
    ),
    Method(
        "UpdateSageMakerNotebookLifecycleConfig",
        "sagemaker-005",
        (
            "sagemaker:UpdateNotebookInstance",
            "sagemaker:StopNotebookInstance",
            "sagemaker:StartNotebookInstance",
        ),
        ("sagemaker:CreateNotebookInstanceLifecycleConfig",),
    ),
    _pass(
        "PassExistingRoleToNewAppRunnerService",
        "apprunner-001",
        APPRUNNER,
        "apprunner:CreateService",
    ),
    _pass(
        "PassExistingRoleToNewBedrockCodeInterpreter",
        "bedrock-001",
        AGENTCORE,
        "bedrock-agentcore:CreateCodeInterpreter",
        "bedrock-agentcore:StartCodeInterpreterSession",
        "bedrock-agentcore:InvokeCodeInterpreter",
    ),
    _pass(
        "PassExistingRoleToNewCloudFormationStackSet",
        "cloudformation-003",
        CLOUDFORMATION,
        "cloudformation:CreateStackSet",
        "cloudformation:CreateStackInstances",
    ),
    _pass(
        "PassRoleToUpdateCloudFormationStackSet",
        "cloudformation-004",
        CLOUDFORMATION,
        "cloudformation:UpdateStackSet",
    ),
    _pass(
        "PassExistingRoleToNewCodeBuildProjectThenBuild",
        "codebuild-001",
        CODEBUILD,
        "codebuild:CreateProject",
        "codebuild:StartBuild",
    ),
    _pass(
        "PassExistingRoleToNewCodeBuildProjectThenBuildBatch",
        "codebuild-004",
        CODEBUILD,
        "codebuild:CreateProject",
        "codebuild:StartBuildBatch",
    ),
    _pass("PassExistingRoleToNewEC2SpotInstance", "ec2-003", EC2, "ec2:RequestSpotInstances"),
    _pass(
        "PassExistingRoleToNewECSClusterServiceTask",
        "ecs-001",
        ECS,
        "ecs:CreateCluster",
        "ecs:RegisterTaskDefinition",
        "ecs:CreateService",
    ),
    _pass(
        "PassExistingRoleToNewECSClusterRunTask",
        "ecs-002",
        ECS,
        "ecs:CreateCluster",
        "ecs:RegisterTaskDefinition",
        "ecs:RunTask",
    ),
    _pass(
        "PassExistingRoleToNewECSService",
        "ecs-003",
        ECS,
        "ecs:RegisterTaskDefinition",
        "ecs:CreateService",
    ),
    _pass(
        "PassExistingRoleToNewECSTaskViaRunTask",
        "ecs-004",
        ECS,
        "ecs:RegisterTaskDefinition",
        "ecs:RunTask",
    ),
    _pass(
        "PassExistingRoleToNewECSTaskViaStartTask",
        "ecs-005",
        ECS,
        "ecs:RegisterTaskDefinition",
        "ecs:StartTask",
    ),
    _pass(
        "PassExistingRoleToNewGlueJobThenRun",
        "glue-003",
        GLUE,
        "glue:CreateJob",
        "glue:StartJobRun",
    ),
    _pass(
        "PassExistingRoleToNewGlueJobViaTrigger",
        "glue-004",
        GLUE,
        "glue:CreateJob",
        "glue:CreateTrigger",
    ),
    _pass(
        "PassExistingRoleToUpdatedGlueJobThenRun",
        "glue-005",
        GLUE,
        "glue:UpdateJob",
        "glue:StartJobRun",
    ),
    _pass(
        "PassExistingRoleToUpdatedGlueJobViaTrigger",
        "glue-006",
        GLUE,
        "glue:UpdateJob",
        "glue:CreateTrigger",
    ),
    _pass(
        "PassExistingRoleToNewLambdaThenAddPermission",
        "lambda-006",
        LAMBDA,
        "lambda:CreateFunction",
        "lambda:AddPermission",
    ),
    _pass(
        "PassExistingRoleToNewSageMakerNotebookInstance",
        "sagemaker-001",
        SAGEMAKER,
        "sagemaker:CreateNotebookInstance",
    ),
    _pass(
        "PassExistingRoleToNewSageMakerTrainingJob",
        "sagemaker-002",
        SAGEMAKER,
        "sagemaker:CreateTrainingJob",
    ),
    _pass(
        "PassExistingRoleToNewSageMakerProcessingJob",
        "sagemaker-003",
        SAGEMAKER,
        "sagemaker:CreateProcessingJob",
    ),
    _iam("CreateAndRotateAccessKey", "iam-003", "iam:CreateAccessKey", "iam:DeleteAccessKey"),
    _iam(
        "AttachUserPolicyThenCreateAccessKey",
        "iam-015",
        "iam:AttachUserPolicy",
        "iam:CreateAccessKey",
    ),
    _iam(
        "CreatePolicyVersionThenAssumeRole",
        "iam-016",
        "iam:CreatePolicyVersion",
        "sts:AssumeRole",
    ),
    _iam(
        "PutUserPolicyThenCreateAccessKey",
        "iam-018",
        "iam:PutUserPolicy",
        "iam:CreateAccessKey",
    ),
    _iam(
        "AttachRolePolicyThenUpdateAssumeRolePolicy",
        "iam-019",
        "iam:AttachRolePolicy",
        "iam:UpdateAssumeRolePolicy",
    ),
    _iam(
        "CreatePolicyVersionThenUpdateAssumeRolePolicy",
        "iam-020",
        "iam:CreatePolicyVersion",
        "iam:UpdateAssumeRolePolicy",
    ),
    _iam(
        "PutRolePolicyThenUpdateAssumeRolePolicy",
        "iam-021",
        "iam:PutRolePolicy",
        "iam:UpdateAssumeRolePolicy",
    ),
)

# Beyond cloudsplaining's list.
MORE_METHODS: tuple[Method, ...] = (
    Method(
        "StartSessionOnExistingInstance",
        "ssm-001",
        ("ssm:StartSession",),
        source="iam-vulnerable",
    ),
    Method(
        "SendCommandToExistingInstance",
        "ssm-002",
        ("ssm:SendCommand",),
        source="iam-vulnerable",
    ),
    Method(
        "UpdateExistingCloudFormationStack",
        "cloudformation-002",
        ("cloudformation:UpdateStack",),
        source="iam-vulnerable",
    ),
    Method(
        "PassExistingRoleToUpdatedCloudFormationStack",
        "",
        (PASS_ROLE,),
        ("cloudformation:UpdateStack",),
        CLOUDFORMATION,
        source="iam-vulnerable",
    ),
    Method(
        "UpdateRoleTrustThenAssumeIt",
        "iam-012",
        ("iam:UpdateAssumeRolePolicy",),
        reach="any",
        together=("sts:AssumeRole",),
        source="rhino",
    ),
    Method(
        "AttachRolePolicyThenAssumeIt",
        "iam-014",
        ("iam:AttachRolePolicy",),
        reach="any",
        together=("sts:AssumeRole",),
        source="rhino",
    ),
    Method(
        "PutRolePolicyThenAssumeIt",
        "iam-017",
        ("iam:PutRolePolicy",),
        reach="any",
        together=("sts:AssumeRole",),
        source="rhino",
    ),
    Method("AssumeExistingRole", "sts-001", ("sts:AssumeRole",), source="iam-vulnerable"),
    Method("WriteBucketPolicy", "", ("s3:PutBucketPolicy",), reach="any", source="parliament"),
    Method(
        "StartExistingCodeBuildProject",
        "codebuild-002",
        ("codebuild:StartBuild",),
        source="pathfinding",
    ),
    Method(
        "StartExistingCodeBuildProjectBatch",
        "codebuild-003",
        ("codebuild:StartBuildBatch",),
        source="pathfinding",
    ),
    Method(
        "UpdateExistingAppRunnerService",
        "apprunner-002",
        ("apprunner:UpdateService",),
        source="pathfinding",
    ),
)
# Every action some method needs, lower-cased: the only actions the analysis looks at, which
# keeps it independent of how many actions a wildcard would expand to.
METHODS = METHODS_CLOUDSPLAINING + MORE_METHODS
RELEVANT: frozenset[str] = frozenset(a.lower() for m in METHODS for a in m.actions)

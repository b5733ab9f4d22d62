"""Rule metadata that reporters and the rules reference add to the registry's: where each rule
is documented (mlgov's page, absolute, and AWS's pages), GitHub code scanning's
`security-severity` for the security rules, and tags. Kept in one table so that the severities
can be reviewed side by side."""

from __future__ import annotations

from functools import cache

from governance.project import project_urls

__all__ = ["aws_references", "help_base", "security_severity", "tags"]

# The project's URL comes from pyproject's [project.urls] (its "Repository" or "Homepage"
# entry); without one (not installed), the repository's address is the fallback.
FALLBACK_HELP_BASE = "https://github.com/mlgov/mlgov/blob/main/docs/rules.md#"


@cache
def help_base() -> str:
    """`...docs/rules.md#`, absolute: SARIF's helpUri must be (GitHub refuses relative ones).
    From the repository's address (not `Documentation`, which may be a page's anchor)."""
    urls = project_urls()
    for label in ("repository", "source", "homepage"):
        if label in urls:
            return urls[label].rstrip("/") + "/blob/main/docs/rules.md#"
    return FALLBACK_HELP_BASE


IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/"
SAGEMAKER = "https://docs.aws.amazon.com/sagemaker/latest/dg/"
CONDITION_OPERATORS = IAM + "reference_policies_elements_condition_operators.html"
GLOBAL_KEYS = IAM + "reference_policies_condition-keys.html"
SERVICE_KEYS = SAR + "reference_policies_actions-resources-contextkeys.html"
RESOURCE = IAM + "reference_policies_elements_resource.html"
ARNS = IAM + "reference-arns.html"
ACTION = IAM + "reference_policies_elements_action.html"
CHECKS = IAM + "access-analyzer-reference-policy-checks.html"
PASS_ROLE = IAM + "id_roles_use_passrole.html"
QUOTAS = IAM + "reference_iam-quotas.html"
MANAGED = IAM + "access_policies_managed-vs-inline.html"
EVALUATION = IAM + "reference_policies_evaluation-logic.html"
BEST = IAM + "best-practices.html"
MULTIVALUED = IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html"
MFA = IAM + "id_credentials_mfa_configure-api-require.html"
CARDS = SAGEMAKER + "model-cards.html"
MONITOR = SAGEMAKER + "model-monitor.html"
ROLE_MANAGER = SAGEMAKER + "role-manager.html"
MLFLOW = SAGEMAKER + "mlflow.html"  # SageMaker AI's managed MLflow (tracking servers, registry)

REFERENCES: dict[str, tuple[str, ...]] = {
    "IAM001": (ACTION, SERVICE_KEYS),
    "IAM002": (BEST, ACTION),
    "IAM003": (BEST, ACTION),
    "IAM004": (RESOURCE, SERVICE_KEYS),
    "IAM005": (PASS_ROLE,),
    "IAM006": (SERVICE_KEYS, CONDITION_OPERATORS),
    "IAM007": (SERVICE_KEYS,),
    "IAM008": (CONDITION_OPERATORS, MULTIVALUED),
    "IAM009": (ARNS, RESOURCE),
    "IAM010": (SERVICE_KEYS, RESOURCE),
    "IAM011": (IAM + "reference_policies_elements_notaction.html",
               IAM + "reference_policies_elements_notresource.html"),
    "IAM012": (CHECKS,),
    "IAM013": (CHECKS,),
    "IAM014": (CHECKS,),
    "IAM015": (QUOTAS,),
    "IAM016": (IAM + "reference_policies_elements_sid.html",),
    "IAM020": (PASS_ROLE, BEST),
    "IAM021": (PASS_ROLE, BEST),
    "IAM022": (QUOTAS,),
    "IAM023": (CONDITION_OPERATORS, IAM + "reference_policies_grammar.html"),
    "IAM024": (CONDITION_OPERATORS,),
    "IAM025": (MFA, GLOBAL_KEYS),
    "IAM026": (CONDITION_OPERATORS, SERVICE_KEYS, EVALUATION),
    "IAM027": (SERVICE_KEYS, RESOURCE),
    "IAM028": (MANAGED, IAM + "access_policies_boundaries.html"),
    "CMP001": (PASS_ROLE,),
    "CMP002": (IAM + "reference_policies_variables.html",),
    "CMP003": (QUOTAS,),
    "CMP004": (QUOTAS,),
    "CMP005": (ROLE_MANAGER,),
    "PAR001": (ROLE_MANAGER,),
    "PAR002": (ROLE_MANAGER,),
    "PAR003": (ROLE_MANAGER,),
    "PAR004": (ROLE_MANAGER, ARNS),
    "GOV001": (IAM + "access_policies_understand-policy-summary-access-level-summaries.html",),
    "GOV002": (SAGEMAKER + "realtime-endpoints.html",),
    "CRD001": (CARDS,),
    "CRD002": (CARDS,),
    "CRD003": (CARDS,),
    "CRD004": (CARDS,),
    "CRD005": (CARDS,),
    "CRD006": (CARDS,),
    "CRD007": (CARDS,),
    "CRD008": (CARDS,),
    "CRD009": (CARDS,),
    "CRD010": (CARDS,),
    "CRD011": (CARDS,),
    "CRD012": (CARDS,),
    "CRD020": (CARDS,),
    "MON001": (MONITOR,),
    "MON002": (MONITOR,),
    "MON003": (MONITOR,),
    "MON004": (MONITOR,),
    "MON005": (MONITOR,),
    "MON006": (MONITOR,),
    "MON007": (SAGEMAKER + "domain-user-profile.html",),
    "MON008": (CARDS, MONITOR),
    "MON009": (MONITOR, MLFLOW),
    "MON010": (MLFLOW, CARDS),
    "MON011": (MLFLOW, CARDS),
    "MON012": (MLFLOW, CARDS),
}  # fmt: skip

# GitHub code scanning ranks security alerts by this (0.1-3.9 low, 4-6.9 medium, 7-8.9 high,
# 9+ critical). Only rules about what a role may do have one.
SECURITY_SEVERITY: dict[str, float] = {
    "IAM001": 3.0,  # a typo grants nothing (or, in a Deny, protects nothing)
    "IAM002": 9.5,
    "IAM003": 7.5,
    "IAM004": 5.0,
    "IAM005": 8.5,
    "IAM006": 4.0,
    "IAM007": 3.5,
    "IAM008": 4.0,
    "IAM009": 3.0,
    "IAM010": 2.0,
    "IAM011": 6.5,
    "IAM012": 1.0,
    "IAM013": 1.0,
    "IAM014": 1.5,
    "IAM015": 2.0,
    "IAM016": 1.0,
    "IAM020": 9.0,
    "IAM021": 9.0,
    "IAM022": 2.0,
    "IAM023": 4.0,
    "IAM024": 4.0,
    "IAM025": 6.0,
    "IAM026": 3.0,
    "IAM027": 3.0,
    "IAM028": 2.0,
    "GOV001": 7.0,
    "GOV002": 6.0,
    "CMP001": 5.0,
}

FAMILY_TAGS = {
    "IAM": ("security", "iam"),
    "GOV": ("security", "governance"),
    "CMP": ("iam", "compile"),
    "PAR": ("iam", "compile"),
    "CRD": ("governance", "model-card"),
    "MON": ("governance", "monitoring"),
    "SRC": ("correctness", "source"),
    "SCH": ("correctness", "schema"),
    "REF": ("correctness", "reference"),
    "WVR": ("maintainability", "waiver"),
    "LNT": ("maintainability",),
}


def aws_references(rule_id: str) -> tuple[str, ...]:
    return REFERENCES.get(rule_id, ())


def security_severity(rule_id: str) -> float | None:
    return SECURITY_SEVERITY.get(rule_id)


def tags(rule_id: str) -> tuple[str, ...]:
    return FAMILY_TAGS.get(rule_id[:3], ())

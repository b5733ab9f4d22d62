"""The explicit rule registry: one line per rule module. Order is the documentation's order.

Every `mlgov lint` imports every rule module, so a rule module keeps its top-level imports to
what registering it needs. What its check alone needs (card export, snapshot status, their
models) it imports when it runs, and types only for annotations sit under TYPE_CHECKING: a
run over policy files alone never loads the card and monitoring models, whose dataclasses
cost tens of milliseconds to build at start-up."""

from __future__ import annotations

from functools import cache

from governance.lint.rule import Rule
from governance.lint.rules import crd_approval_stale as crd008
from governance.lint.rules import crd_approval_unbound as crd009
from governance.lint.rules import crd_archived_changed as crd003
from governance.lint.rules import crd_dates as crd010
from governance.lint.rules import crd_deployment_model as crd012
from governance.lint.rules import crd_export_limits as crd006
from governance.lint.rules import crd_high_risk as crd002
from governance.lint.rules import crd_metric_ranges as crd011
from governance.lint.rules import crd_metric_shape as crd007
from governance.lint.rules import crd_required_fields as crd001
from governance.lint.rules import crd_review_overdue as crd004
from governance.lint.rules import crd_threshold as crd005
from governance.lint.rules import crd_unmitigated_risk as crd020
from governance.lint.rules import emitted, engine_rules, iam_unknown_action
from governance.lint.rules import gov_data_scientist_endpoints as gov002
from governance.lint.rules import gov_permissions_management as gov001
from governance.lint.rules import iam_attached_policy_quota as iam022
from governance.lint.rules import iam_condition_operator as iam023
from governance.lint.rules import iam_condition_type as iam008
from governance.lint.rules import iam_condition_value as iam024
from governance.lint.rules import iam_deprecated_condition_key as iam007
from governance.lint.rules import iam_duplicate_sid as iam016
from governance.lint.rules import iam_full_wildcard as iam002
from governance.lint.rules import iam_inverted_mfa as iam025
from governance.lint.rules import iam_malformed_arn as iam009
from governance.lint.rules import iam_managed_policy_arn as iam028
from governance.lint.rules import iam_never_granted as iam026
from governance.lint.rules import iam_not_action_resource as iam011
from governance.lint.rules import iam_passrole as iam005
from governance.lint.rules import iam_policy_escalation as iam021
from governance.lint.rules import iam_policy_size as iam015
from governance.lint.rules import iam_privilege_escalation as iam020
from governance.lint.rules import iam_redundant_action as iam012
from governance.lint.rules import iam_redundant_resource as iam013
from governance.lint.rules import iam_redundant_statement as iam014
from governance.lint.rules import iam_resource_mismatch as iam010
from governance.lint.rules import iam_resource_star as iam004
from governance.lint.rules import iam_resource_unusable as iam027
from governance.lint.rules import iam_service_wildcard as iam003
from governance.lint.rules import iam_unsupported_condition_key as iam006
from governance.lint.rules import mon_alias_drift as mon010
from governance.lint.rules import mon_alias_unapproved as mon012
from governance.lint.rules import mon_card_drift as mon008
from governance.lint.rules import mon_execution_failed as mon004
from governance.lint.rules import mon_high_risk_unmonitored as mon002
from governance.lint.rules import mon_in_alert as mon003
from governance.lint.rules import mon_registry_undocumented as mon011
from governance.lint.rules import mon_stale as mon006
from governance.lint.rules import mon_unapproved as mon001
from governance.lint.rules import mon_undocumented as mon005
from governance.lint.rules import mon_undocumented_profile as mon007
from governance.lint.rules import mon_unreadable as mon009
from governance.lint.rules import stu_app_allowed as stu003
from governance.lint.rules import stu_compute_role as stu002
from governance.lint.rules import stu_domain_location as stu004
from governance.lint.rules import stu_studio_apps as stu001

RULES: tuple[Rule, ...] = (
    *emitted.RULES,
    *engine_rules.RULES,
    iam_unknown_action.RULE,
    iam002.RULE,
    iam003.RULE,
    iam004.RULE,
    iam005.RULE,
    iam006.RULE,
    iam007.RULE,
    iam008.RULE,
    iam009.RULE,
    iam010.RULE,
    iam011.RULE,
    iam012.RULE,
    iam013.RULE,
    iam014.RULE,
    iam015.RULE,
    iam016.RULE,
    iam020.RULE,
    iam021.RULE,
    iam022.RULE,
    iam023.RULE,
    iam024.RULE,
    iam025.RULE,
    iam026.RULE,
    iam027.RULE,
    iam028.RULE,
    gov001.RULE,
    gov002.RULE,
    crd001.RULE,
    crd002.RULE,
    crd003.RULE,
    crd004.RULE,
    crd005.RULE,
    crd006.RULE,
    crd007.RULE,
    crd008.RULE,
    crd009.RULE,
    crd010.RULE,
    crd011.RULE,
    crd012.RULE,
    crd020.RULE,
    mon001.RULE,
    mon002.RULE,
    mon003.RULE,
    mon004.RULE,
    mon005.RULE,
    mon006.RULE,
    mon007.RULE,
    mon008.RULE,
    mon009.RULE,
    mon010.RULE,
    mon011.RULE,
    mon012.RULE,
    stu001.RULE,
    stu002.RULE,
    stu003.RULE,
    stu004.RULE,
)


@cache
def by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in RULES}

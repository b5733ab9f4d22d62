"""The review's comparisons on plain data: permissions, groups, cards, findings."""

from __future__ import annotations

from typing import Any

import pytest

from governance.findings import Finding, Severity
from governance.review.cards import card_changes
from governance.review.findings import compare_findings, compare_sides
from governance.review.permissions import EVERY_ACTION, covers, denied, expand, permissions
from governance.review.personas import groups, persona_changes
from governance.review.side import CardData, FindingRow, PersonaData, Side


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def persona(*documents: dict[str, Any], quotas: dict[str, Any] | None = None) -> PersonaData:
    return PersonaData("p", "personas/p.yaml", documents, (), quotas or {}, ())


def side(**kwargs: Any) -> Side:
    return Side("side", (), **kwargs)


def row(fingerprint: str, file: str = "a.yaml", failing: bool = True) -> FindingRow:
    """A finding whose fingerprint is named by `fingerprint` (it hashes the JSON path)."""
    return FindingRow(finding(file, "m", path=(fingerprint,)), failing)


def finding(file: str, message: str, path: tuple[str, ...] = ()) -> Finding:
    return Finding(file, 1, 1, "R1", Severity.ERROR, message, json_path=path)


# -- permissions -------------------------------------------------------------------------------


def test_wildcards_expand_against_the_catalog() -> None:
    found = expand("sagemaker:DescribeEndpoint*")
    assert found == ("sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig")
    assert expand("S3:getobject") == ("s3:GetObject",)  # IAM's casing
    assert expand("*") == (EVERY_ACTION,)
    assert expand("nosuch:Thing*") == ("nosuch:Thing*",)  # unknown: kept as written


def test_not_action_is_one_pseudo_action() -> None:
    got = permissions([policy({"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"})])
    assert list(got) == ["* except iam:*"]


def test_a_condition_restricts_only_when_every_grant_has_it() -> None:
    tagged = {"Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}
    both = permissions([policy(allow("s3:GetObject", **tagged), allow("s3:GetObject"))])
    assert both["s3:GetObject"].conditions == ()
    one = permissions([policy(allow("s3:GetObject", "arn:aws:s3:::b/*", **tagged))])
    assert one["s3:GetObject"].conditions == ("aws:ResourceTag/team",)


def test_resource_policies_and_not_resource() -> None:
    statements = (
        allow("s3:GetObject", Principal="*"),  # grants others, not the role
        {"Effect": "Allow", "Action": "s3:PutObject", "NotResource": "arn:aws:s3:::x/*"},
    )
    got = permissions([policy(*statements)])
    assert list(got) == ["s3:PutObject"]
    assert got["s3:PutObject"].resources == ("not arn:aws:s3:::x/*",)


def test_denied_names_deny_statements_actions() -> None:
    doc = policy({"Effect": "Deny", "Action": "sagemaker:AddTags", "Resource": "*"})
    assert denied([doc]) == {"sagemaker:AddTags"}


@pytest.mark.parametrize(
    ("patterns", "resource", "expected"),
    [
        (["*"], "arn:aws:s3:::b/*", True),
        (["arn:aws:s3:::b/*"], "arn:aws:s3:::b/k", True),
        (["arn:aws:s3:::b/*"], "*", False),
        (["arn:aws:s3:::team-a-data/*"], "arn:aws:s3:::team-a-*/*", False),
    ],
)
def test_covers(patterns: list[str], resource: str, expected: bool) -> None:
    assert covers(patterns, resource) is expected


def test_groups_put_permissions_management_then_escalation_first() -> None:
    made = groups(["s3:GetObject", "lambda:CreateFunction", "iam:PutRolePolicy"])
    assert [g.actions for g in made] == [
        ("iam:PutRolePolicy",),
        ("lambda:CreateFunction",),
        ("s3:GetObject",),
    ]
    assert made[0].permissions_management and made[1].escalation
    assert not made[2].permissions_management and not made[2].escalation


# -- personas ----------------------------------------------------------------------------------


def test_unchanged_persona_is_left_out() -> None:
    same = persona(policy(allow("s3:GetObject")))
    assert persona_changes(side(personas={"p": same}), side(personas={"p": same})) == []


def test_narrowed_resources_and_quota() -> None:
    before = persona(
        policy(allow("s3:GetObject", "*")),
        quotas={"policies": [{"name": "p-1", "size": 300, "limit": 6144}]},
    )
    after = persona(
        policy(allow("s3:GetObject", "arn:aws:s3:::b/*")),
        quotas={"policies": [{"name": "p-1", "size": 320, "limit": 6144}]},
    )
    (change,) = persona_changes(side(personas={"p": before}), side(personas={"p": after}))
    (resource,) = change.resources
    assert (resource.widened, resource.narrowed) == (False, True)
    assert [(q.name, q.before, q.after, q.limit) for q in change.quotas] == [
        ("p-1", 300, 320, 6144)
    ]


def test_persona_missing_for_errors_is_not_removed() -> None:
    base = side(personas={"p": persona(policy(allow("s3:GetObject")))})
    head = side(unloaded=frozenset({"personas/p.yaml"}))
    (change,) = persona_changes(base, head)
    assert change.status == "not compiled"


# -- cards -------------------------------------------------------------------------------------


def card(**data: Any) -> CardData:
    full = {"id": "c", "status": "Draft", **data}
    risk = full.get("intended_uses", {}).get("risk_rating", "Unknown")
    return CardData("c", "cards/c.yaml", full["status"], risk, full)


def evaluation(value: Any, threshold: dict[str, float] | None = None) -> dict[str, Any]:
    metric = {"name": "auc", "type": "number", "value": value}
    if threshold:
        metric["threshold"] = threshold
    return {"name": "e", "metric_groups": [{"name": "g", "metric_data": [metric]}]}


def test_card_fields_as_dotted_paths() -> None:
    old = card(owner="A", approvals=[{"by": "X", "date": "2026-01-01"}], tags={"team": "a"})
    new = card(owner="B", approvals=[{"by": "Y", "date": "2026-01-01"}], tags={"team": "a"})
    (change,) = card_changes(side(cards={"c": old}), side(cards={"c": new}))
    # approvals have lines of their own (below), not rows among the fields
    assert [(f.path, f.before, f.after) for f in change.fields] == [("owner", "A", "B")]


def test_approvals_added_changed_and_removed_are_called_out() -> None:
    from governance.cards.digest import content_digest

    kept = {"by": "K", "date": "2026-01-01"}
    old = card(
        approvals=[kept, {"by": "X", "date": "2026-01-01"}, {"by": "Z", "date": "2026-02-01"}]
    )
    new_data = card(approvals=[kept]).data
    digest = content_digest(new_data)
    approvals = [
        kept,
        {"by": "X", "date": "2026-01-01", "digest": digest},  # bound: a change
        {"by": "Y", "role": "MRO", "date": "2026-03-01", "digest": "sha256:" + "0" * 64},
    ]
    new = card(approvals=approvals)
    (change,) = card_changes(side(cards={"c": old}), side(cards={"c": new}))
    assert [(a.change, a.by, a.matches) for a in change.approvals] == [
        ("changed", "X", True),
        ("added", "Y", False),
        ("removed", "Z", None),
    ]


@pytest.mark.parametrize(
    ("value", "threshold", "passes"),
    [
        (0.9, {"min": 0.8}, True),
        (0.7, {"min": 0.8}, False),
        (0.9, {"max": 0.5}, False),
        ("0.9", {"min": 0.8}, False),  # not a number: fails, as CRD005 says
        (0.9, None, None),  # no threshold: nothing to pass
    ],
)
def test_evaluation_thresholds(value: Any, threshold: Any, passes: bool | None) -> None:
    new = card(evaluation_details=[evaluation(value, threshold)])
    (change,) = card_changes(side(cards={}), side(cards={"c": new}))
    (row,) = change.evaluations
    assert (row.change, row.passes_before, row.passes_after) == ("added", None, passes)


# -- findings ----------------------------------------------------------------------------------


def test_findings_match_as_multisets() -> None:
    diff = compare_findings([row("a"), row("a"), row("b")], [row("a"), row("c")])
    assert [f.finding.json_path[0] for f in diff.new] == ["c"]
    assert sorted(f.finding.json_path[0] for f in diff.fixed) == ["a", "b"]
    assert [f.finding.json_path[0] for f in diff.unchanged] == ["a"]


def test_findings_of_unchecked_files_are_not_fixed() -> None:
    diff = compare_sides([row("a", "x.yaml"), row("b", "y.yaml")], [], lambda f: f != "y.yaml")
    assert [f.finding.json_path[0] for f in diff.fixed] == ["a"]
    assert [f.finding.json_path[0] for f in diff.unchecked] == ["b"]


def test_compiled_findings_match_by_persona_and_message() -> None:
    from governance.review.matching import match_key

    moved = [
        match_key("IAM003", f"compiled/p/policy-{n}.json", "'x:*' allows all", f"fp{n}", "compiled")
        for n in (1, 2)
    ]
    assert moved[0] == moved[1]  # another policy file, another path: the same finding
    other = match_key("IAM003", "compiled/q/policy-1.json", "'x:*' allows all", "fp", "compiled")
    assert other != moved[0]
    assert match_key("IAM003", "policies/a.json", "m", "fp", "compiled") == "fp"


def test_markdown_escapes_free_text_and_pipes() -> None:
    from governance.review.compare import compare
    from governance.review.markdown import review_markdown

    planted = FindingRow(finding("a|b.yaml", "key s3:Tag/<key> | x"), True)
    text = review_markdown(compare(side(), Side("head", (planted,))))
    assert "key s3:Tag/&lt;key&gt; \\| x" in text
    assert "`a\\|b.yaml:1:1`" in text
    assert text.splitlines()[2] == (
        "**0 personas changed · 0 cards changed · findings: 1 new (1 failing), 0 fixed, "
        "0 unchanged**"
    )


# -- what a reviewer must not miss (issue 15) ---------------------------------------------------


def _markdown(base: Side, head: Side) -> str:
    from governance.review.compare import Review
    from governance.review.findings import FindingsDiff
    from governance.review.markdown import review_markdown

    personas, cards = tuple(persona_changes(base, head)), tuple(card_changes(base, head))
    review = Review("base", "head", personas, cards, FindingsDiff((), (), ()))
    return review_markdown(review)


def test_activities_added_and_removed_are_named_with_their_lines() -> None:
    before = PersonaData(
        "p",
        "personas/p.yaml",
        (policy(allow("athena:ListDatabases")),),
        (),
        {},
        (),
        activities=(("query-athena-workgroups", "personas/p.yaml:9"),),
        sources={"athena:ListDatabases": ("query-athena-workgroups",)},
    )
    after = PersonaData(
        "p",
        "personas/p.yaml",
        (policy(allow("sagemaker:ListExperiments")),),
        (),
        {},
        (),
        activities=(("search-experiments", "personas/p.yaml:9"),),
        sources={"sagemaker:ListExperiments": ("search-experiments",)},
    )
    text = _markdown(side(personas={"p": before}), side(personas={"p": after}))
    assert "- added: `search-experiments` at `personas/p.yaml:9`" in text
    assert "- removed: `query-athena-workgroups` (was at `personas/p.yaml:9`)" in text
    assert "| sagemaker | List | `sagemaker:ListExperiments` | `search-experiments` |" in text
    assert "| `query-athena-workgroups` |" in text  # the lost action's source


def test_a_service_wide_grant_is_one_row_with_a_count_and_the_list_folded() -> None:
    after = persona(policy(allow("s3:*")))
    text = _markdown(side(personas={"p": persona()}), side(personas={"p": after}))
    total = len(expand("s3:*"))
    assert total > 100
    assert f"| s3 | all | `s3:*`: all {total} actions |" in text
    assert "<details><summary>`s3:*` in full</summary>" in text
    table = text.split("**Actions gained")[1].split("<details>")[0]
    assert table.count("\n| s3 |") == 1  # one line, not one per access level


@pytest.mark.parametrize(
    ("before", "after", "callout"),
    [
        ({"intended_uses": {"risk_rating": "High"}}, {"intended_uses": {"risk_rating": "Low"}},
         "> **Risk rating lowered:** High → Low."),
        ({"status": "Draft"}, {"status": "Approved"}, "> **Status promoted:** Draft → Approved."),
        ({"status": "PendingReview"}, {"status": "Approved"},
         "> **Status promoted:** PendingReview → Approved."),
    ],
)  # fmt: skip
def test_risk_downgrades_and_status_promotions_get_a_callout(
    before: dict[str, Any], after: dict[str, Any], callout: str
) -> None:
    text = _markdown(side(cards={"c": card(**before)}), side(cards={"c": card(**after)}))
    assert callout in text


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"intended_uses": {"risk_rating": "Low"}}, {"intended_uses": {"risk_rating": "High"}}),
        ({"status": "Approved"}, {"status": "Draft"}),
        ({"status": "Approved"}, {"status": "Archived"}),
    ],
)
def test_raising_the_risk_or_demoting_a_card_needs_no_callout(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    text = _markdown(side(cards={"c": card(**before)}), side(cards={"c": card(**after)}))
    assert "[!CAUTION]" not in text and "[!WARNING]" not in text

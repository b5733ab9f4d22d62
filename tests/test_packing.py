from __future__ import annotations

import pytest

from governance.iam import packing
from governance.iam.canonical import iam_size
from governance.iam.statements import Source, make_statement, policy_document


def _statement(n: int, resources: int = 1, sid: str = "S") -> packing.Statement:
    return make_statement(
        f"{sid}{n}",
        "Allow",
        [f"s3:GetObject{n}"],
        [f"arn:aws:s3:::bucket-{n}-{i}/*" for i in range(resources)],
    )


def test_merge_joins_statements_with_same_effect_resources_and_conditions() -> None:
    a = make_statement("A", "Allow", ["s3:GetObject"], ["*"])
    b = make_statement("B", "Allow", ["s3:ListBucket"], ["*"])
    c = make_statement(
        "C", "Allow", ["s3:PutObject"], ["*"], {"Bool": {"aws:SecureTransport": "true"}}
    )
    merged = packing.merge([a, b, c])
    assert [s.sid for s in merged] == ["AAndB", "C"]  # named for both statements merged
    assert merged[0].actions == ("s3:GetObject", "s3:ListBucket")


def test_merge_keeps_statements_of_different_activities_apart() -> None:
    """A Sid names where a statement comes from: `ReadCloudWatch` of one activity used to end
    up inside another's `ListJobs`, which misled auditors."""

    def of(activity: str, sid: str, action: str) -> packing.Statement:
        source = Source("activity", activity, ("statements", 0), (action,))
        return make_statement(sid, "Allow", [action], ["*"], sources=(source,))

    jobs = of("manage-ml-jobs", "ListJobs", "sagemaker:ListTrainingJobs")
    metrics = of("read-metrics", "ReadCloudWatch", "cloudwatch:GetMetricData")
    more_jobs = of("manage-ml-jobs", "ListMore", "sagemaker:ListProcessingJobs")
    merged = packing.merge([jobs, metrics, more_jobs])
    assert [(s.sid, s.owners) for s in merged] == [
        ("ListJobsAndListMore", ("manage-ml-jobs",)),
        ("ReadCloudWatch", ("read-metrics",)),
    ]
    assert len(merged[0].sources) == 2


def test_merge_makes_sids_unique() -> None:
    a = make_statement("Same", "Allow", ["s3:GetObject"], ["arn:aws:s3:::a"])
    b = make_statement("Same", "Allow", ["s3:GetObject"], ["arn:aws:s3:::b"])
    assert [s.sid for s in packing.merge([a, b])] == ["Same", "Same2"]


def test_pack_keeps_every_policy_within_the_limit_and_loses_nothing() -> None:
    statements = [_statement(n, resources=20) for n in range(40)]
    policies = packing.pack(statements, packing.MANAGED_POLICY_LIMIT, 10)
    assert len(policies) > 1
    for group in policies:
        assert iam_size(policy_document(group)) <= packing.MANAGED_POLICY_LIMIT
    packed = [s for group in policies for s in group]
    assert sorted(s.sid for s in packed) == sorted(s.sid for s in statements)


def test_a_statement_larger_than_a_policy_is_split_by_resources() -> None:
    big = _statement(1, resources=400)
    policies = packing.pack([big], packing.MANAGED_POLICY_LIMIT, 10)
    resources = [r for group in policies for s in group for r in s.resources]
    assert sorted(resources) == sorted(big.resources)
    assert all(iam_size(policy_document(g)) <= packing.MANAGED_POLICY_LIMIT for g in policies)


def test_too_many_policies_is_a_clear_error() -> None:
    statements = [_statement(n, resources=20) for n in range(40)]
    with pytest.raises(packing.DoesNotFit, match="only 2 may be attached"):
        packing.pack(statements, packing.MANAGED_POLICY_LIMIT, 2)


def test_first_fit_decreasing_used_when_order_needs_too_many() -> None:
    # Sizes alternate big/small so that keeping order wastes room; FFD fits them in fewer.
    sizes = [110, 5, 110, 5, 110, 5, 110, 5]
    statements = [_statement(n, resources=r) for n, r in enumerate(sizes)]
    in_order = packing._in_order(statements, packing.MANAGED_POLICY_LIMIT - packing.POLICY_OVERHEAD)
    ffd = packing._first_fit_decreasing(
        statements, packing.MANAGED_POLICY_LIMIT - packing.POLICY_OVERHEAD
    )
    assert len(ffd) <= len(in_order)
    result = packing.pack(statements, packing.MANAGED_POLICY_LIMIT, len(ffd))
    assert len(result) == len(ffd)


def test_packing_is_deterministic() -> None:
    statements = [_statement(n, resources=n % 7 + 1) for n in range(60)]
    first = packing.pack(statements, packing.MANAGED_POLICY_LIMIT, 10)
    assert packing.pack(list(statements), packing.MANAGED_POLICY_LIMIT, 10) == first

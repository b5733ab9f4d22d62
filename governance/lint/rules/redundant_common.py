"""What IAM012 and IAM013 share: entries of a statement's list that another entry covers."""

from __future__ import annotations

from collections.abc import Iterator

from governance.iam.analysis.globs import redundant_entries
from governance.iam.analysis.statement import PolicyUnderTest, entries
from governance.lint.rule import Hit


def redundant_hits(
    policy: PolicyUnderTest, keys: tuple[str, str], ignore_case: bool
) -> Iterator[Hit]:
    """IAM012 and IAM013: entries of a statement's list that another entry already covers."""
    for path, statement in policy.statements():
        for key in keys:
            listed = entries(path, statement, key)
            for entry, cover in redundant_entries(listed, ignore_case=ignore_case):
                same = (
                    (entry.text.lower() == cover.text.lower())
                    if ignore_case
                    else (entry.text == cover.text)
                )
                message = (
                    f"'{entry.text}' is listed twice in this statement"
                    if same
                    else f"'{entry.text}' is already covered by '{cover.text}' in this statement"
                )
                yield Hit(policy.doc, entry.path, message, f"remove '{entry.text}'")

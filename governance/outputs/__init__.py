"""Output folders (the site, compiled/) that a wrong flag or a hostile repository cannot turn
against a person's files: claimed before anything is written (claim.py), built aside and
swapped in at once (stage.py), one run at a time per repository (lock.py)."""

from __future__ import annotations

from governance.outputs.claim import OutputKind, claim_output, refuse_foreign, work_folders
from governance.outputs.lock import repository_lock
from governance.outputs.stage import carry_hidden, link_tree, staged

__all__ = [
    "OutputKind",
    "carry_hidden",
    "claim_output",
    "link_tree",
    "refuse_foreign",
    "repository_lock",
    "staged",
    "work_folders",
]

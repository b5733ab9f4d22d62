"""Which findings of two sides are the same finding.

By the fingerprint (rule, file, JSON path), as everywhere in mlgov, except in compiled
policies: there the file and path are artefacts of packing (a persona gaining one activity
moves every later statement, and may move it into another policy file), so the same problem
would show as one new and one fixed finding. Those are matched by rule, persona and message
instead: both sides are linted by the same mlgov, so the same problem has the same message.
"""

from __future__ import annotations

import hashlib


def match_key(rule: str, file: str, message: str, fingerprint: str, compiled_dir: str) -> str:
    folder, _, rest = file.partition("/")
    persona, slash, _ = rest.partition("/")
    if folder != compiled_dir or not slash:
        return fingerprint
    key = f"{rule}\0{folder}/{persona}\0{message}"
    return "c" + hashlib.sha256(key.encode()).hexdigest()[:15]

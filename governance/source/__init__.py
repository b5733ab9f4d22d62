"""The strict loader: YAML and JSON files to plain data, positions and findings.

Rules: SRC000 unreadable, SRC001 invalid UTF-8, SRC002 too large, SRC003 syntax, SRC004 duplicate
key, SRC005 tab indentation, SRC006 tag, SRC007 alias abuse, SRC008 too deep, SRC009 empty,
SRC010 top level not a mapping, SRC011 YAML 1.1 boolean (warning), SRC012 bad or merge key.
"""

from __future__ import annotations

from governance.source.document import Document, Position
from governance.source.files import load_path
from governance.source.json_loader import load_json_bytes
from governance.source.limits import MAX_FILE_BYTES
from governance.source.yaml_loader import load_yaml_bytes

__all__ = [
    "MAX_FILE_BYTES",
    "Document",
    "Position",
    "load_json_bytes",
    "load_path",
    "load_yaml_bytes",
]

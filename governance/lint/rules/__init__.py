"""One module per rule (or per family of metadata-only rules); listed in ../registry.py."""

from __future__ import annotations

"""IAM: the action catalog, the persona compiler and its output."""

from __future__ import annotations

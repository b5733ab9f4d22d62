"""The lint gate: an explicit rule registry, an engine that runs rules and places their
findings, waivers and configuration, and reporters."""

from __future__ import annotations

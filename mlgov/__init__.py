"""mlgov's command line: the composition root that wires governance and site_builder together.

`governance/` is the engine and `site_builder/` renders what it finds; only this package
imports both."""

from __future__ import annotations

from governance import __version__

__all__ = ["__version__"]

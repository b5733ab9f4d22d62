"""site_builder: the governance site and PDFs, rendered from governance's public API."""

from __future__ import annotations

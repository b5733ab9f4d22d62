"""Print-ready PDFs of the model cards and a governance summary (WeasyPrint): print templates
fed from data, a data-only URL fetcher, reproducible bytes, a process pool and a cache.

The build calls `build_pdfs(inputs, site_dir, jobs=…)` after mkdocs; it returns a `PdfReport`
(ids rendered and taken from the cache, and `summary_line()` for the CLI)."""

from __future__ import annotations

from site_builder.pdf.build import PdfReport, build_pdfs

__all__ = ["PdfReport", "build_pdfs"]

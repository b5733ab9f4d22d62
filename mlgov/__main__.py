"""`python -m mlgov` is `mlgov`."""

from __future__ import annotations

import sys

from mlgov.cli.main import main

sys.exit(main())

"""`python -m governance` is `mlgov`."""

from __future__ import annotations

import sys

from governance.cli import main

sys.exit(main())

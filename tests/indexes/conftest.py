"""The index tests reuse the dbt test helpers (tests/dbt/dbt_support.py): that folder goes on sys.path here
(pytest puts only tests/ and this folder there)."""

from __future__ import annotations

import sys
from pathlib import Path

DBT_TESTS = str(Path(__file__).resolve().parents[1] / "dbt")
if DBT_TESTS not in sys.path:
    sys.path.insert(0, DBT_TESTS)

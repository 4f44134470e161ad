"""The index tests reuse the dbt test helpers (tests/dbt/dbt_support.py) and the dashboards' demo warehouse
helpers; both folders go on sys.path here (pytest puts only this folder there)."""

from __future__ import annotations

import sys
from pathlib import Path

for folder in ("dbt",):
    path = str(Path(__file__).resolve().parents[1] / folder)
    if path not in sys.path:
        sys.path.insert(0, path)

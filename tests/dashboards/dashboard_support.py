"""Constants and helpers shared by the dashboard tests."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DASHBOARDS = REPO / "dashboards"
APP = DASHBOARDS / "app.py"
PASSWORD = "correct horse battery staple"

# The app imports its modules by plain name, as Streamlit runs it (the script's folder is on sys.path).
if str(DASHBOARDS) not in sys.path:
    sys.path.insert(0, str(DASHBOARDS))

"""Fixtures for the dashboard tests: Streamlit options, login files, the demo warehouse.

Constants and helpers shared by the test modules live in ``dashboard_support.py`` (pytest puts this folder
on sys.path; never import from ``conftest``: several conftest modules share that name).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit.config
from dashboard_support import PASSWORD


@pytest.fixture
def listening_on() -> Iterator[Callable[[str], None]]:
    """Set Streamlit's ``server.address`` for in-process AppTest runs; restored afterwards."""
    before = streamlit.config.get_option("server.address")

    def set_address(address: str) -> None:
        streamlit.config.set_option("server.address", address)

    yield set_address
    streamlit.config.set_option("server.address", before)


@pytest.fixture
def login_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid credentials file (user ``alice``, :data:`PASSWORD`), named by MDC_DASHBOARD_AUTH_FILE."""
    import bcrypt

    digest = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    path = tmp_path / "dashboard-auth.yaml"
    path.write_text(
        "cookie: {name: mdc_dashboard_test, key: " + "k" * 40 + ", expiry_days: 1}\n"
        "credentials:\n  usernames:\n    alice: {name: Alice Example, password: '" + digest + "'}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MDC_DASHBOARD_AUTH_FILE", str(path))
    return path

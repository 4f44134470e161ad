"""Fixtures for the dashboard tests: Streamlit options, login files, the demo warehouse.

Constants and helpers shared by the test modules live in ``dashboard_support.py`` (pytest puts this folder
on sys.path; never import from ``conftest``: several conftest modules share that name).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit.config
from dashboard_support import PASSWORD, REUSE_VARIABLE, DemoWarehouse


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


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWarehouse]:
    """The demo practice (``mdc synth --scale demo``), loaded and built with dbt into throwaway databases.

    Built once per test session (the dashboard tests share one xdist group, so one worker builds it) and
    dropped at the end. MDC_* variables point at it for the whole session, as `mdc dashboard` would see
    them. Setting MDC_TEST_DASHBOARD_SCHEMA to an already built dbt schema reuses it instead (local
    iteration only; nothing is built or dropped then).
    """
    with pytest.MonkeyPatch.context() as patch:
        reused = os.environ.get(REUSE_VARIABLE, "")
        if reused:
            warehouse = DemoWarehouse(source="", raw="", marts=reused)
            warehouse.export(patch)
            yield warehouse
            return
        suffix = uuid.uuid4().hex[:10]
        warehouse = DemoWarehouse(source=f"mdct_dashsrc_{suffix}", raw=f"mdct_dashraw_{suffix}",
                                  marts=f"mdct_dash_{suffix}")
        warehouse.export(patch)
        patch.setenv("MDC_STATE_DIR", str(tmp_path_factory.mktemp("dlt-state")))
        try:
            warehouse.build(tmp_path_factory.mktemp("dbt"))
            yield warehouse
        finally:
            warehouse.drop()

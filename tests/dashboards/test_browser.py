"""The served app in a real browser: `mdc dashboard` on a free loopback port, headless Chromium loads the
overview, waits for it to draw, and finds the KPI figures the mart holds; nothing is requested from
anywhere but the local server, and the server listens on loopback only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import layout
import pytest
from browser import chromium
from dashboard_support import DEFAULT_MONTH_SQL, REPO, DemoWarehouse

from mdc.dashboard import free_port, wait_until_healthy

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dashboards")]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture
def served(demo_warehouse: DemoWarehouse) -> Iterator[tuple[str, int]]:
    """`mdc dashboard` as a user starts it, on MDC_DASHBOARD_PORT = a free port; stopped afterwards."""
    port = free_port()
    env = {**os.environ, **demo_warehouse.environment(), "MDC_DASHBOARD_PORT": str(port)}
    server = subprocess.Popen([sys.executable, "-m", "mdc.cli", "dashboard"], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server)
        yield url, port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        for line in table.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


def test_the_served_overview_draws_the_mart_figures_and_stays_local(
        demo_warehouse: DemoWarehouse, served: tuple[str, int]) -> None:
    url, port = served
    assert listening_addresses(port) == {"0100007F"}, "the server must listen on 127.0.0.1 only"
    (row,) = demo_warehouse.rows(
        "select * from mart_kpis_monthly_practice where rollup_level = 'practice' and month_start_date = "
        f"({DEFAULT_MONTH_SQL})")
    with chromium() as browser:
        browser.open(f"{url}/")
        figures = browser.wait_until_drawn(timeout=240)
        requested = list(browser.requested_urls)
    assert figures == {
        "Gross production": layout.money(row["gross_production"]),
        "Net production": layout.money(row["net_production"]),
        "Collections": layout.money(row["collections"]),
        "Collection ratio": layout.percent(row["collection_ratio"]),
        "New patients": layout.count(row["new_patients"]),
        "A/R over 90 days": layout.money(row["ar_over_90"]),
    }
    assert len(requested) > 5
    parsed = [urlparse(link) for link in requested]
    elsewhere = [link.geturl() for link in parsed
                 if link.scheme not in ("data", "blob") and link.hostname not in LOCAL_HOSTS]
    assert not elsewhere, f"the page requested other hosts: {elsewhere}"

"""A year later: load and build with the clock moved a year past the practice's last day.

Practices are often loaded long after their last activity (an archived office, a fixed-date demo), and
the suite must pass on any date. The loader's times (``_loaded_at``, its run log) come from the warehouse
server's clock, so here `mdc load` runs with every warehouse session's clock moved 365 days ahead
(``SET timestamp`` as the connection's ``init_command``): the load time, the as-of date and everything
derived from "today" lie a year after the synthetic practice's fixed last day. The overview must still
open on the last month that has data, with that month's figures, never on one of the empty months after it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import layout
import pytest
import queries
from dashboard_support import DEFAULT_MONTH_SQL, REPO, DemoWarehouse
from period import SINGLE_PRACTICE, month_start
from streamlit.testing.v1 import AppTest

from testdb import SERVER_URL, database_url, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("clock_ahead")]

DAYS_AHEAD = 365
END_DATE = date(2026, 10, 31)  # pinned: the practice's last day, whatever today is


@pytest.fixture(scope="module")
def year_ahead(make_module_database: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[DemoWarehouse]:
    """The tiny practice ending on END_DATE, loaded and built with the clock DAYS_AHEAD days ahead."""
    from loaders import opendental_pipeline
    from mdc.dbt_runner import PROJECT_DIR, dbt_environment, dbt_executable, ensure_profile
    from synth import create_practice

    warehouse = DemoWarehouse(source=make_module_database("clksrc"), raw=make_module_database("clkraw"),
                              marts=make_module_database("clk"))
    create_practice(database_url(warehouse.source), "tiny", end_date=END_DATE)
    ensure_profile()
    work = tmp_path_factory.mktemp("clock")
    ahead = int(time.time()) + DAYS_AHEAD * 86400
    with pytest.MonkeyPatch.context() as patch:
        warehouse.export(patch)
        patch.setenv("MDC_STATE_DIR", str(work / "state"))
        patch.setenv("MDC_WAREHOUSE_URL", f"{SERVER_URL}/?init_command=SET%20timestamp%3D{ahead}")
        parser = argparse.ArgumentParser()
        opendental_pipeline.add_arguments(parser)
        assert opendental_pipeline.run(parser.parse_args(["--no-progress"])) == 0, "mdc load failed"
        patch.setenv("MDC_WAREHOUSE_URL", SERVER_URL)
        env = dbt_environment({**os.environ, **warehouse.environment()})
        for step in ("seed", "run"):
            done = subprocess.run([dbt_executable(), step, "--target-path", str(work / "target"),
                                   "--log-path", str(work)], cwd=PROJECT_DIR, env=env, capture_output=True,
                                  text=True, timeout=1800, check=False)
            assert done.returncode == 0, f"dbt {step} failed:\n{done.stdout[-6000:]}"
        yield warehouse


def test_the_clock_really_ran_ahead(year_ahead: DemoWarehouse) -> None:
    """Guard on the fixture: raw was loaded a year ahead, so the marts have whole, empty months after the
    practice's last day."""
    with server_connection(year_ahead.raw) as conn, conn.cursor() as cur:
        cur.execute("select min(_loaded_at) from patient")
        (loaded_at,) = cur.fetchone()
    assert loaded_at.date() >= date.today() + timedelta(days=DAYS_AHEAD - 1)
    empty_after = year_ahead.value(
        "select count(*) from mart_kpis_monthly_practice where rollup_level = 'practice' "
        "and is_complete_month and month_start_date > %s", END_DATE)
    assert empty_after >= 11, "the load did not run a year ahead (is libfaketime working?)"


def test_the_default_period_ends_on_the_last_month_with_data(year_ahead: DemoWarehouse) -> None:
    first, last_active, last = queries.data_period((SINGLE_PRACTICE,))
    assert last_active == END_DATE
    assert year_ahead.value(DEFAULT_MONTH_SQL) == month_start(END_DATE)
    assert last >= END_DATE + timedelta(days=DAYS_AHEAD - 31)
    assert first < END_DATE


def test_the_overview_opens_on_that_month_with_its_figures(
        year_ahead: DemoWarehouse, listening_on: Callable[[str], None]) -> None:
    listening_on("127.0.0.1")
    (row,) = year_ahead.rows("select * from mart_kpis_monthly_practice where rollup_level = 'practice' "
                             "and month_start_date = %s", month_start(END_DATE))
    assert row["gross_production"] > 0
    app = AppTest.from_file(str(REPO / "dashboards" / "app.py"), default_timeout=180)
    app.switch_page("views/overview.py").run()
    assert not app.exception, [item.value for item in app.exception]
    shown = {metric.label: metric.value for metric in app.metric}
    assert shown["Gross production"] == layout.money(row["gross_production"])
    assert shown["Net production"] == layout.money(row["net_production"])
    assert shown["Collections"] == layout.money(row["collections"])



def test_a_month_in_progress_is_labelled_as_such(
        year_ahead: DemoWarehouse, listening_on: Callable[[str], None]) -> None:
    listening_on("127.0.0.1")
    first, _, last = queries.data_period((SINGLE_PRACTICE,))
    (row,) = year_ahead.rows("select is_complete_month from mart_kpis_monthly_practice "
                             "where rollup_level = 'practice' and month_start_date = %s", month_start(last))
    assert not row["is_complete_month"]  # the load date lies inside the latest month
    app = AppTest.from_file(str(REPO / "dashboards" / "app.py"), default_timeout=180)
    app.switch_page("views/overview.py").run()
    app.date_input(key="filter_dates").set_value((first, last)).run()
    assert not app.exception, [item.value for item in app.exception]
    captions = " ".join(caption.value for caption in app.caption)
    assert f"{layout.month_label(month_start(last))} (month in progress)" in captions
    # the month shown as complete by default is never labelled in progress
    app.date_input(key="filter_dates").set_value((first, END_DATE)).run()
    assert "(month in progress)" not in " ".join(caption.value for caption in app.caption)

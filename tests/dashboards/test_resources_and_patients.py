"""Schedule utilization, patient features and their pages on the demo practice (the session's demo
warehouse, real MariaDB):

* mart_schedule_utilization equals a recount in Python straight from the source tables (schedule,
  scheduleop, appointment, histappointment) for the last whole month;
* the demo practice's schedules agree with its appointments (the synthetic practice books inside them) and
  its doctors', hygienists' and whole chairs are 65-90% booked;
* the "Schedule & chairs" and "Patients to call" pages show what their marts hold;
* examples/no_show_baseline.py trains on mart_patient_features and prints two ROC AUCs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import layout
import pymysql
import pytest
from dashboard_support import APP, DEFAULT_MONTH_SQL, REPO, DemoWarehouse
from period import add_months
from streamlit.testing.v1 import AppTest

from testdb import server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dashboards")]

Slots = dict[tuple[dt.date, int, int], set[int]]


@pytest.fixture(autouse=True)
def on_loopback(listening_on: Callable[[str], None]) -> Iterator[None]:
    listening_on("127.0.0.1")
    yield


def _source_rows(warehouse: DemoWarehouse, sql: str, *params: Any) -> list[dict[str, Any]]:
    with server_connection(warehouse.source) as conn, conn.cursor(pymysql.cursors.DictCursor) as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def _slots(start: dt.timedelta, stop: dt.timedelta) -> set[int]:
    """5-minute slots whose start lies in [start, stop)."""
    first = -(-int(start.total_seconds()) // 300)
    return set(range(first, -(-int(stop.total_seconds()) // 300)))


def _recount(warehouse: DemoWarehouse, first: dt.date, last: dt.date) -> dict[str, int]:
    """Scheduled, booked, completed and broken minutes of the month, from the source tables alone."""
    blocks = _source_rows(warehouse, """
        select s.SchedDate, s.StartTime, s.StopTime, s.SchedType, s.ProvNum, s.Status, o.OperatoryNum
        from schedule s join scheduleop o on o.ScheduleNum = s.ScheduleNum
        where s.SchedDate between %s and %s and s.SchedType in (1, 2)""", first, last)
    scheduled: Slots = defaultdict(set)
    blocked: dict[tuple[dt.date, int], set[int]] = defaultdict(set)
    for row in blocks:
        slots = _slots(row["StartTime"], row["StopTime"])
        if row["SchedType"] == 2:
            blocked[(row["SchedDate"], row["OperatoryNum"])] |= slots
        elif row["Status"] == 0 and row["ProvNum"]:
            scheduled[(row["SchedDate"], row["OperatoryNum"], row["ProvNum"])] |= slots
    for (day, op, _prov), slots in scheduled.items():
        slots -= blocked[(day, op)]

    def credited(row: dict[str, Any]) -> int:
        return int(row["ProvHyg"] if row["IsHygiene"] and row["ProvHyg"] else row["ProvNum"])

    # (day, op, provider) -> slot -> best outcome (1 completed, 2 scheduled, 3 broken)
    outcomes: dict[tuple[dt.date, int, int], dict[int, int]] = defaultdict(dict)

    def book(row: dict[str, Any], outcome: int) -> None:
        at: dt.datetime = row["AptDateTime"]
        start = (at.hour * 60 + at.minute) // 5
        cell = outcomes[(at.date(), int(row["Op"]), credited(row))]
        for slot in range(start, start + len(row["Pattern"] or "")):
            cell[slot] = min(cell.get(slot, 9), outcome)

    window = (first, last + dt.timedelta(days=1))
    current = _source_rows(warehouse, """
        select AptNum, AptDateTime, AptStatus, Op, ProvNum, ProvHyg, IsHygiene, Pattern from appointment
        where AptDateTime >= %s and AptDateTime < %s and AptStatus in (1, 2, 5) and Op <> 0""", *window)
    held = {(row["AptNum"], row["AptDateTime"]) for row in current if row["AptStatus"] in (1, 2)}
    for row in current:
        if row["AptStatus"] in (1, 2):
            book(row, 1 if row["AptStatus"] == 2 else 2)
    breaks = _source_rows(warehouse, """
        select AptNum, AptDateTime, Op, ProvNum, ProvHyg, IsHygiene, Pattern, HistDateTStamp, HistApptNum
        from histappointment
        where HistApptAction in (2, 3) and AptNum <> 0 and AptDateTime >= %s and AptDateTime < %s
        order by HistDateTStamp, HistApptNum""", *window)
    latest = {(row["AptNum"], row["AptDateTime"]): row for row in breaks}  # the last break of a slot
    for key, row in latest.items():
        if key not in held and row["Op"]:
            book(row, 3)
    broken_apts = {row["AptNum"] for row in _source_rows(
        warehouse, "select distinct AptNum from histappointment where HistApptAction in (2, 3)")}
    for row in current:
        if row["AptStatus"] == 5 and row["AptNum"] not in broken_apts:
            book(row, 3)

    totals = dict.fromkeys(("scheduled", "booked", "completed", "broken"), 0)
    for key, slots in scheduled.items():
        totals["scheduled"] += 5 * len(slots)
        booked = {slot: outcome for slot, outcome in outcomes.get(key, {}).items() if slot in slots}
        totals["booked"] += 5 * len(booked)
        totals["completed"] += 5 * sum(1 for outcome in booked.values() if outcome == 1)
        totals["broken"] += 5 * sum(1 for outcome in booked.values() if outcome == 3)
    return totals


def _month(warehouse: DemoWarehouse) -> tuple[dt.date, dt.date]:
    first = warehouse.value(DEFAULT_MONTH_SQL)
    assert isinstance(first, dt.date)
    return first, add_months(first, 1) - dt.timedelta(days=1)


def test_utilization_equals_a_recount_from_the_source_tables(demo_warehouse: DemoWarehouse) -> None:
    first, last = _month(demo_warehouse)
    (mart,) = demo_warehouse.rows(
        "select sum(scheduled_minutes) as scheduled, sum(booked_minutes) as booked, "
        "sum(completed_minutes) as completed, sum(broken_minutes) as broken, "
        "sum(booked_minutes_outside_schedule) as outside "
        "from mart_schedule_utilization where schedule_date between %s and %s", first, last)
    recount = _recount(demo_warehouse, first, last)
    assert {key: int(mart[key]) for key in recount} == recount
    # The synthetic practice books inside its providers' schedules, and its schedules follow the demand
    # (synth/schedules.py): doctors' and hygienists' chairs fill as a real practice's do (65-90%,
    # dental-kpis.md; fixed full-time schedules gave the doctors 8%).
    assert int(mart["outside"]) == 0
    groups = demo_warehouse.rows(
        "select is_hygiene, sum(scheduled_minutes) as s, sum(booked_minutes) as b "
        "from mart_schedule_utilization where schedule_date between %s and %s group by is_hygiene",
        first, last)
    rates = {("hygiene" if row["is_hygiene"] else "doctor"): row["b"] / row["s"] for row in groups}
    rates["practice"] = Decimal(mart["booked"]) / Decimal(mart["scheduled"])
    assert sorted(rates) == ["doctor", "hygiene", "practice"]
    assert all(Decimal("0.65") <= rate <= Decimal("0.90") for rate in rates.values()), rates


def test_the_hourly_mart_adds_up_to_the_daily_one(demo_warehouse: DemoWarehouse) -> None:
    daily = demo_warehouse.rows("select sum(scheduled_minutes) as s, sum(booked_minutes) as b, "
                                "sum(completed_minutes) as c from mart_schedule_utilization")
    hourly = demo_warehouse.rows("select sum(scheduled_minutes) as s, sum(booked_minutes) as b, "
                                 "sum(completed_minutes) as c from mart_schedule_utilization_hourly")
    assert daily == hourly and daily[0]["s"] > 0


def _render(page: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=180)
    app.switch_page(page).run()
    assert not app.exception, [item.value for item in app.exception]
    assert not app.error, [item.value for item in app.error]
    return app


def test_schedule_page_shows_the_mart_for_the_default_dates(demo_warehouse: DemoWarehouse) -> None:
    first, last = _month(demo_warehouse)
    start = add_months(first, -12)
    (row,) = demo_warehouse.rows(
        "select sum(scheduled_minutes) as s, sum(booked_minutes) as b, sum(gross_production) as p "
        "from mart_schedule_utilization where schedule_date between %s and %s", start, last)
    app = _render("views/schedule_chairs.py")
    shown = {metric.label: metric.value for metric in app.metric}
    assert shown["Booked utilization"] == layout.percent(Decimal(row["b"]) / Decimal(row["s"]))
    assert shown["Production per scheduled hour"] == layout.money(
        Decimal(row["p"]) * 60 / Decimal(row["s"]))
    assert len(app.dataframe) == 3  # hygiene vs doctor, operatories, providers


def test_patients_to_call_lists_the_mart(demo_warehouse: DemoWarehouse) -> None:
    count = demo_warehouse.value("select count(*) from mart_patients_to_call")
    app = _render("views/patients_to_call.py")
    assert len(app.dataframe[0].value) == min(count, 200) > 0
    assert "PatNum" in app.dataframe[0].value.columns
    # the default PHI policy drops chart numbers and names: the mart holds NULL, the page hides the columns
    kept = demo_warehouse.value("select count(chart_number) + count(last_name) from mart_patients_to_call")
    assert kept == 0
    assert not {"Chart number", "Last name", "First name"} & set(app.dataframe[0].value.columns)


def test_the_baseline_model_prints_two_aucs(demo_warehouse: DemoWarehouse) -> None:
    env = {**os.environ, **demo_warehouse.environment()}
    done = subprocess.run([sys.executable, str(REPO / "examples" / "no_show_baseline.py")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    model = re.search(r"^model ROC AUC: ([0-9.]+)$", done.stdout, re.M)
    naive = re.search(r"^naive baseline ROC AUC \(previous no-show count\): ([0-9.]+)$", done.stdout, re.M)
    assert model and naive, done.stdout
    assert 0 <= float(model.group(1)) <= 1 and 0 <= float(naive.group(1)) <= 1

"""The schedule-utilization chain, incremental by day, equals a ``--full-refresh`` (DECISIONLOG.md R6).

The tiny synthetic practice is loaded and the chain built in full; then the practice is advanced by a
day (new appointments, schedules, breaks), an old appointment is moved to the next day and another
operatory, an old appointment and an old provider schedule are hard-deleted (as OpenDental does), and
the practice is loaded and built again (incremental), then rebuilt with ``--full-refresh``. Every
table of the chain must have the same rows both ways (row checksums), and the nightly run must have
rewritten only a small share of the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from warehouse_support import Warehouse, checksums, module_warehouse

from testdb import database_url, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("schedule_days")]

MODELS = "+mart_schedule_utilization +mart_schedule_utilization_hourly"
CHAIN = ("int_schedule_day_fingerprints", "int_schedule_slots_listed", "int_appointment_time_slots_listed",
         "int_chair_slots_combined", "mart_schedule_utilization", "mart_schedule_utilization_hourly")
INCREMENTAL = CHAIN[1:]


@pytest.fixture(scope="module")
def warehouse(tiny_practice: str, make_module_database: Callable[[str], str],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The tiny practice loaded and the schedule-utilization chain built in full."""
    with module_warehouse(tiny_practice, make_module_database, tmp_path_factory.mktemp("schedule_days"),
                          "slotdbt") as built:
        built.load()
        built.dbt("build", "-s", MODELS, "--resource-type", "seed", "model")
        yield built


def change_the_past(database: str) -> dict[str, Any]:
    """Move a completed appointment of ~3 months ago to the next day and another operatory, hard-delete
    a completed appointment of ~6 months ago and a provider schedule of ~4 months ago; return what
    changed (days, keys)."""
    with server_connection(database) as conn, conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        cur.execute("SELECT MAX(DateTStamp) + INTERVAL 1 SECOND, MAX(CAST(AptDateTime AS DATE)) "
                    "FROM appointment WHERE AptStatus IN (1, 2)")
        (stamp, last_day), = cur.fetchall()
        cur.execute("SELECT AptNum, AptDateTime, Op FROM appointment WHERE AptStatus = 2 AND Op > 0 "
                    "AND AptDateTime < %s - INTERVAL 90 DAY ORDER BY AptDateTime DESC LIMIT 1", (last_day,))
        (moved, moved_at, moved_op), = cur.fetchall()
        cur.execute("SELECT MIN(OperatoryNum) FROM operatory WHERE OperatoryNum <> %s", (moved_op,))
        (other_op,), = cur.fetchall()
        cur.execute("UPDATE appointment SET AptDateTime = AptDateTime + INTERVAL 1 DAY, Op = %s, "
                    "DateTStamp = %s WHERE AptNum = %s", (other_op, stamp, moved))
        cur.execute("SELECT AptNum, AptDateTime FROM appointment WHERE AptStatus = 2 AND Op > 0 "
                    "AND AptDateTime < %s - INTERVAL 180 DAY ORDER BY AptDateTime DESC LIMIT 1", (last_day,))
        (deleted, deleted_at), = cur.fetchall()
        cur.execute("DELETE FROM appointment WHERE AptNum = %s", (deleted,))
        cur.execute("SELECT s.ScheduleNum, s.SchedDate FROM schedule s JOIN scheduleop so "
                    "ON so.ScheduleNum = s.ScheduleNum WHERE s.SchedType = 1 AND s.Status = 0 "
                    "AND s.SchedDate < %s - INTERVAL 120 DAY ORDER BY s.SchedDate DESC LIMIT 1", (last_day,))
        (schedule, schedule_day), = cur.fetchall()
        cur.execute("DELETE FROM scheduleop WHERE ScheduleNum = %s", (schedule,))
        cur.execute("DELETE FROM schedule WHERE ScheduleNum = %s", (schedule,))
    return {"moved": int(moved), "moved_from": moved_at.date(), "deleted_day": deleted_at.date(),
            "schedule_day": schedule_day if isinstance(schedule_day, dt.date) else None}


def test_nightly_build_by_day_equals_a_full_refresh(warehouse: Warehouse) -> None:
    from synth import advance_practice

    def mart_day(day: dt.date) -> list[tuple[Any, ...]]:
        return warehouse.rows("select operatory_id, provider_id, scheduled_minutes, booked_minutes, "
                              "completed_minutes from mart_schedule_utilization where schedule_date = %s "
                              "order by 1, 2", (day,))

    full = checksums(warehouse, CHAIN)
    changed = change_the_past(warehouse.source)
    days_before = {day: mart_day(day) for day in
                   (changed["moved_from"], changed["deleted_day"], changed["schedule_day"])}
    report = advance_practice(database_url(warehouse.source), 1)
    warehouse.load()
    results = warehouse.dbt("run", "-s", MODELS)
    nightly = checksums(warehouse, CHAIN)
    rewritten = {result["unique_id"].split(".")[-1]: result["adapter_response"].get("rows_affected", 0)
                 for result in results["results"]}

    warehouse.dbt("run", "-s", MODELS, "--full-refresh")
    refreshed = checksums(warehouse, CHAIN)

    assert sum(report.inserted.values()) > 0
    assert set(refreshed) == {f"{warehouse.work.staging_schema}.{name}" for name in CHAIN[:4]} | {
        f"{warehouse.work.dbt_schema}.{name}" for name in CHAIN[4:]}
    assert nightly == refreshed
    # the backdated changes changed their days (so the equality above is not trivially true) ...
    assert refreshed != full
    for day, before in days_before.items():
        assert mart_day(day) != before, f"{day} should have changed"
    # ... and the nightly run rewrote only the changed days' rows
    for name in INCREMENTAL:
        table_rows = next(rows for key, (rows, _) in refreshed.items() if key.endswith(f".{name}"))
        assert 0 < rewritten[name] < table_rows * 0.1, (name, rewritten[name], table_rows)

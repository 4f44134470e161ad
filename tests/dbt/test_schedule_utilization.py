"""mart_schedule_utilization on a hand-built day whose figures DECISIONLOG.md R1 works out.

Monday 2025-03-03 in a real OpenDental 24.3 source database (the project's DDL, rows inserted under
``sql_mode=''``), copied by the loader and modelled by a real ``dbt build`` (as of 2025-04-15).
Operatory 1 belongs to the dentist (provider 1), operatory 2 to the hygienist (provider 2); a
staff-meeting blockout covers 08:00-09:00 on both.

* dentist: scheduled 08:00-12:00 and 13:00-17:00 in op 1 -> 480 - 60 blocked = 420 minutes.
  A1 09:00 60 min completed ($200), A2 09:30 30 min completed ($100) double-booked over A1,
  A3 12:00 30 min completed in the lunch hour ($50): booked 60, completed 60, outside 30,
  double-booked 30, production 350 -> 50.00 per scheduled hour.
* hygienist: scheduled 08:00-16:00 in op 2, entered twice (the identical second block counts once)
  -> 420. A5 08:30 60 min completed ($120), half of it in
  the blockout; A4 10:00 60 min no-show (history action Missed): booked 90, completed 30, broken 60,
  no-show 60, outside 30, production 120 -> 17.14 per scheduled hour.
* Noise that must not count: an employee schedule, a practice note, a closed provider schedule, a
  provider schedule with no operatory, a planned appointment.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_practice_kpis import ROWS as KPI_ROWS
from test_practice_kpis import Warehouse, build_warehouse

from synth.ddl import create_tables
from testdb import server_connection

DAY = "2025-03-03"
Row = dict[str, Any]


def _schedule(num: int, start: str, stop: str, kind: int, prov: int = 0, status: int = 0) -> Row:
    return {"ScheduleNum": num, "SchedDate": DAY, "StartTime": start, "StopTime": stop, "SchedType": kind,
            "ProvNum": prov, "Status": status, "BlockoutType": 0, "EmployeeNum": 0, "ClinicNum": 0,
            "Note": ""}


def _appointment(num: int, at: str, status: int, pattern: str, op: int, *, hyg: bool = False) -> Row:
    return {"AptNum": num, "PatNum": 1, "AptDateTime": f"{DAY} {at}", "AptStatus": status,
            "Pattern": pattern, "Op": op, "ProvNum": 1, "ProvHyg": 2 if hyg else 0,
            "IsHygiene": int(hyg), "ClinicNum": 1, "SecDateTEntry": "2025-02-01 09:00:00"}


def _procedure(num: int, apt: int, fee: float, code: int = 1) -> Row:
    return {"ProcNum": num, "PatNum": 1, "ProcDate": DAY, "CodeNum": code, "ProcFee": fee, "ProcStatus": 2,
            "ProvNum": 1, "ClinicNum": 1, "AptNum": apt, "UnitQty": 1, "BaseUnits": 0, "DateTP": DAY,
            "DateEntryC": DAY, "DateComplete": DAY}


NO_SHOW = _appointment(4, "10:00:00", 5, "X" * 12, 2, hyg=True)

ROWS: dict[str, list[Row]] = {
    "preference": KPI_ROWS["preference"],  # the practice settings the marts read (DateLastAging, ...)
    "provider": [{"ProvNum": 1, "Abbr": "DOC", "LName": "Dent", "IsSecondary": 0, "ProvStatus": 0},
                 {"ProvNum": 2, "Abbr": "HYG", "LName": "Hyg", "IsSecondary": 1, "ProvStatus": 0}],
    "operatory": [{"OperatoryNum": 1, "OpName": "Op 1", "ClinicNum": 1, "ProvDentist": 1},
                  {"OperatoryNum": 2, "OpName": "Op 2", "ClinicNum": 1, "ProvHygienist": 2, "IsHygiene": 1}],
    "clinic": [{"ClinicNum": 1, "Description": "Main", "Abbr": "MAIN"}],
    "patient": [{"PatNum": 1, "LName": "Patient1", "FName": "Test", "PatStatus": 0, "Guarantor": 1,
                 "PriProv": 1, "SecProv": 2, "ClinicNum": 1, "SecDateEntry": "2025-01-02"}],
    "procedurecode": [{"CodeNum": 1, "ProcCode": "D2391", "Descript": "Resin", "AbbrDesc": "Resin",
                       "IsHygiene": 0, "ProcCat": 106, "ProcTime": "/X/"},
                      {"CodeNum": 2, "ProcCode": "D1110", "Descript": "Prophy", "AbbrDesc": "Pro",
                       "IsHygiene": 1, "ProcCat": 106, "ProcTime": "/X/"}],
    "schedule": [
        _schedule(1, "08:00:00", "12:00:00", 1, prov=1),
        _schedule(2, "13:00:00", "17:00:00", 1, prov=1),
        _schedule(3, "08:00:00", "16:00:00", 1, prov=2),
        _schedule(4, "08:00:00", "09:00:00", 2),                   # staff meeting blockout
        _schedule(5, "07:45:00", "17:00:00", 3),                   # employee hours
        _schedule(6, "00:00:00", "00:00:00", 0),                   # practice note
        _schedule(7, "17:00:00", "19:00:00", 1, prov=1, status=1),  # closed
        _schedule(8, "17:00:00", "19:00:00", 1, prov=2),           # no operatory
        _schedule(9, "08:00:00", "16:00:00", 1, prov=2),           # schedule 3 entered twice
    ],
    "scheduleop": [{"ScheduleOpNum": n, "ScheduleNum": sched, "OperatoryNum": op}
                   for n, (sched, op) in enumerate(
                       [(1, 1), (2, 1), (3, 2), (4, 1), (4, 2), (7, 1), (9, 2)], 1)],
    "appointment": [
        _appointment(1, "09:00:00", 2, "/XXXXXXXXXX/", 1),
        _appointment(2, "09:30:00", 2, "XXXXXX", 1),
        _appointment(3, "12:00:00", 2, "XXXXXX", 1),
        NO_SHOW,
        _appointment(5, "08:30:00", 2, "//XXXXXXXX//", 2, hyg=True),
        {**_appointment(6, "00:00:00", 6, "XXXXXX", 1), "AptDateTime": "0001-01-01 00:00:00"},
    ],
    "histappointment": [{**NO_SHOW, "AptStatus": 1, "HistApptNum": 1, "HistApptAction": 2,
                         "HistDateTStamp": f"{DAY} 10:20:00"}],
    "procedurelog": [_procedure(1, 1, 200), _procedure(2, 2, 100), _procedure(3, 3, 50),
                     _procedure(4, 5, 120, code=2)],
}


def create_source(database: str) -> None:
    """Create the OpenDental tables in ``database`` and insert the day above."""
    with server_connection(database) as conn:
        create_tables(conn)
        with conn.cursor() as cur:
            cur.execute("SET SESSION sql_mode=''")
            for table, rows in ROWS.items():
                for row in rows:
                    columns = ", ".join(f"`{name}`" for name in row)
                    marks = ", ".join(["%s"] * len(row))
                    cur.execute(f"INSERT INTO `{table}` ({columns}) VALUES ({marks})", tuple(row.values()))


@pytest.fixture(scope="module")
def warehouse(make_module_database: Callable[[str], str],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The hand-built day, loaded and modelled once for the module."""
    source = make_module_database("utilsrc")
    create_source(source)
    suffix = uuid.uuid4().hex[:10]
    raw, marts = f"mdct_utilraw_{suffix}", f"mdct_utildbt_{suffix}"
    work: Path = tmp_path_factory.mktemp("utilization")
    try:
        yield build_warehouse(source, raw, marts, work)
    finally:
        with server_connection() as conn, conn.cursor() as cur:
            for name in (raw, f"{raw}_staging", marts, f"{marts}_staging"):
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


EXPECTED = {
    (1, 1): {"clinic_id": 1, "is_hygiene": 0, "scheduled_minutes": 420, "booked_minutes": 60,
             "completed_minutes": 60, "broken_minutes": 0, "no_show_minutes": 0,
             "booked_minutes_outside_schedule": 30, "double_booked_minutes": 30, "gross_production": 350.0,
             "production_per_scheduled_hour": 50.0, "booked_utilization_rate": 0.1429,
             "completed_utilization_rate": 0.1429},
    (2, 2): {"clinic_id": 1, "is_hygiene": 1, "scheduled_minutes": 420, "booked_minutes": 90,
             "completed_minutes": 30, "broken_minutes": 60, "no_show_minutes": 60,
             "booked_minutes_outside_schedule": 30, "double_booked_minutes": 0, "gross_production": 120.0,
             "production_per_scheduled_hour": 17.14, "booked_utilization_rate": 0.2143,
             "completed_utilization_rate": 0.0714},
}


def test_the_hand_built_day_gives_the_decisionlog_figures(warehouse: Warehouse) -> None:
    rows = warehouse.rows("select * from {marts}.mart_schedule_utilization")
    got = {(row["operatory_id"], row["provider_id"]):
           {key: float(row[key]) if key not in ("clinic_id", "is_hygiene") else int(row[key])
            for key in EXPECTED[(1, 1)]}
           for row in rows}
    assert {row["schedule_date"].isoformat() for row in rows} == {DAY}
    assert got == EXPECTED


def test_the_month_kpis_carry_the_minutes_and_the_rates(warehouse: Warehouse) -> None:
    (practice,) = warehouse.rows("select * from {marts}.mart_kpis_monthly_practice "
                                 "where month_start_date = '2025-03-01' and rollup_level = 'practice'")
    assert (practice["scheduled_minutes"], practice["booked_minutes"], practice["completed_minutes"]) == (
        840, 150, 90)
    assert float(practice["booked_utilization_rate"]) == 0.1786  # 150 / 840
    assert float(practice["completed_utilization_rate"]) == 0.1071  # 90 / 840
    cells = warehouse.rows("select provider_id, scheduled_minutes, booked_minutes "
                           "from {marts}.mart_kpis_monthly where month_start_date = '2025-03-01' "
                           "and scheduled_minutes > 0 order by 1")
    assert [(r["provider_id"], r["scheduled_minutes"], r["booked_minutes"]) for r in cells] == [
        (1, 420, 60), (2, 420, 90)]


def test_the_marts_tests_pass(warehouse: Warehouse) -> None:
    assert warehouse.test_exit_code == 0, warehouse.test_output[-6000:]

"""Shared helpers of the synth tests (connections, queries, the independent aging check)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pymysql
from sqlalchemy.engine import make_url
from synth_aging_sql import AGING_SQL
from synth_checks import failures

from synth.ddl import table_defs
from synth.store import INSERT_STAMPS

SERVER_URL = os.environ.get("MDC_TEST_SERVER_URL", "mysql+pymysql://root@127.0.0.1:3306")
STORED_AGING = ("Bal_0_30", "Bal_31_60", "Bal_61_90", "BalOver90", "BalTotal", "InsEst", "PayPlanDue")


def connect(database: str) -> pymysql.connections.Connection:
    """Autocommit connection to ``database`` on the test server (OpenDental's session settings)."""
    url = make_url(SERVER_URL)
    connection = pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        database=database,
        charset="utf8mb4",
        autocommit=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode='', time_zone='+00:00'")
    return connection


def query(database: str, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    """All rows of ``sql`` run in ``database``."""
    with connect(database) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def scalar(database: str, sql: str, params: Any = None) -> Any:
    """The first value of the first row of ``sql``."""
    rows = query(database, sql, params)
    return rows[0][0] if rows else None


def values(database: str, sql: str, params: Any = None) -> set[Any]:
    """The set of first values of ``sql``'s rows."""
    return {row[0] for row in query(database, sql, params)}


def last_aging(database: str) -> dt.date:
    """The practice's simulated today (preference DateLastAging)."""
    return dt.date.fromisoformat(
        scalar(database, "select ValueString from preference where PrefName='DateLastAging'")
    )


def timestamp_tables() -> dict[str, tuple[str, str | None]]:
    """Tables with a change column: (TIMESTAMP column, insert-time column or None)."""
    tables = {}
    for name, table in table_defs().items():
        if table.timestamp_columns:
            stamps = INSERT_STAMPS.get(name)
            tables[name] = (table.timestamp_columns[0], stamps[0][0] if stamps else None)
    return tables


def invariant_failures(database: str) -> list[str]:
    """Every invariant of synth_checks that does not hold in ``database``."""
    now = dt.datetime.combine(last_aging(database), dt.time(23, 59, 59))
    with connect(database) as connection, connection.cursor() as cursor:
        return failures(cursor, now, timestamp_tables())


def aging_differences(database: str) -> tuple[int, list[tuple[Any, ...]]]:
    """Compare each guarantor's stored aging with the independent SQL aging (to the cent).

    Returns the number of guarantors compared and the rows that differ.
    """
    as_of = last_aging(database)
    advance = int(
        scalar(database, "select ValueString from preference where PrefName='PayPlansBillInAdvanceDays'")
    )
    expected = {
        row[0]: row[1:] for row in query(database, AGING_SQL, {"as_of": as_of, "advance_days": advance})
    }
    stored = query(
        database, f"select PatNum, {', '.join(STORED_AGING)} from patient where Guarantor = PatNum"
    )
    differences = []
    for pat_num, *got in stored:
        want = expected.get(pat_num, (0,) * len(STORED_AGING))
        if any(abs(float(a) - float(b)) >= 0.005 for a, b in zip(got, want, strict=True)):
            differences.append((pat_num, tuple(got), tuple(float(w) for w in want)))
    non_guarantors = scalar(
        database,
        "select count(*) from patient where Guarantor <> PatNum and ("
        + " or ".join(f"{c} <> 0" for c in STORED_AGING)
        + ")",
    )
    if non_guarantors:
        differences.append(("non-guarantor rows with aging", non_guarantors))
    return len(stored), differences


def database_url(database: str) -> str:
    """SQLAlchemy URL of ``database`` on the test server."""
    return make_url(SERVER_URL).set(database=database).render_as_string(hide_password=False)


def checksums(database: str) -> dict[str, int]:
    """CHECKSUM TABLE ... EXTENDED of every table of ``database``."""
    tables = [row[0] for row in query(database, "show tables")]
    rows = query(database, "checksum table " + ", ".join(f"`{t}`" for t in tables) + " extended")
    return {name.split(".")[-1]: int(value) for name, value in rows}

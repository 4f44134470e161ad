"""Warehouse-side bookkeeping: schemas, the loader's own tables, raw DDL, truncation and swaps.

Besides the OpenDental tables, MDC_RAW_SCHEMA holds five loader tables (all names start with
``_mdc_``): ``_mdc_load_runs``, ``_mdc_load_tables`` and ``_mdc_load_warnings`` (metrics and
warnings, see docs/etl.md),
``_mdc_table_state`` (per table: ``ready`` or ``loading``; a table left ``loading`` by a killed or
failed full load is fully reloaded by the next run) and ``_mdc_content_buckets`` (per content-diffed
``replace`` table, raw's bucket aggregates as the last successful run left them; removed before the
loader writes the table, so a killed run leaves none and the next run scans raw again). Tables of
the ``replace`` strategy that cannot be diffed are built in ``<MDC_RAW_SCHEMA>_staging`` and swapped
in with one atomic RENAME.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from loaders.opendental.helpers import q, qualified
from loaders.opendental.schema import TablePlan, create_statement

RUNS = "_mdc_load_runs"
TABLES = "_mdc_load_tables"
STATE = "_mdc_table_state"
BUCKETS = "_mdc_content_buckets"
WARNINGS = "_mdc_load_warnings"

METADATA_DDL = {
    RUNS: """
        create table if not exists {schema}.`_mdc_load_runs` (
          run_id varchar(40) not null primary key,
          started_at datetime(6) not null,
          finished_at datetime(6) null,
          status varchar(16) not null,
          full_refresh tinyint not null default 0,
          tables_requested int not null default 0,
          tables_failed int not null default 0,
          rows_read bigint not null default 0,
          rows_written bigint not null default 0,
          rows_deleted bigint not null default 0,
          seconds double null,
          source_database varchar(64) null,
          source_version varchar(32) null,
          error text null,
          verified tinyint not null default 0
        ) engine=InnoDB default charset=utf8mb4""",
    TABLES: """
        create table if not exists {schema}.`_mdc_load_tables` (
          run_id varchar(40) not null,
          table_name varchar(64) not null,
          strategy varchar(16) not null,
          mode varchar(16) not null,
          started_at datetime(6) not null,
          finished_at datetime(6) null,
          rows_read bigint not null default 0,
          rows_written bigint not null default 0,
          rows_deleted bigint not null default 0,
          seconds double null,
          status varchar(16) not null,
          error text null,
          primary key (run_id, table_name)
        ) engine=InnoDB default charset=utf8mb4""",
    STATE: """
        create table if not exists {schema}.`_mdc_table_state` (
          table_name varchar(64) not null primary key,
          status varchar(16) not null,
          strategy varchar(16) not null,
          layout text not null,
          updated_at datetime(6) not null
        ) engine=InnoDB default charset=utf8mb4""",
    BUCKETS: """
        create table if not exists {schema}.`_mdc_content_buckets` (
          table_name varchar(64) not null primary key,
          measure char(32) not null,
          buckets longtext not null,
          updated_at datetime(6) not null
        ) engine=InnoDB default charset=utf8mb4""",
    WARNINGS: """
        create table if not exists {schema}.`_mdc_load_warnings` (
          run_id varchar(40) not null,
          check_name varchar(64) not null,
          table_name varchar(64) not null,
          rows_affected bigint not null default 0,
          detail text null,
          recorded_at datetime(6) not null,
          primary key (run_id, check_name, table_name)
        ) engine=InnoDB default charset=utf8mb4""",
}
# Columns added to loader tables after their first release (schemas created before get them on the next run).
METADATA_COLUMNS = {RUNS: ["verified tinyint not null default 0"]}


def staging_schema(raw_schema: str) -> str:
    """Where replace-strategy tables are built before the swap."""
    return f"{raw_schema}_staging"


def ensure_schemas(conn: Any, raw_schema: str) -> None:
    """Create the raw and staging schemas and the loader's tables if missing."""
    with conn.cursor() as cur:
        for schema in (raw_schema, staging_schema(raw_schema)):
            cur.execute(
                f"CREATE DATABASE IF NOT EXISTS {q(schema)} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
            )
        for ddl in METADATA_DDL.values():
            cur.execute(ddl.format(schema=q(raw_schema)))
        for table, columns in METADATA_COLUMNS.items():
            for column in columns:
                cur.execute(f"ALTER TABLE {qualified(raw_schema, table)} ADD COLUMN IF NOT EXISTS {column}")


def read_table_state(conn: Any, raw_schema: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Table -> (status, layout column->transport) from ``_mdc_table_state``."""
    with conn.cursor() as cur:
        cur.execute(f"SELECT table_name, status, layout FROM {qualified(raw_schema, STATE)}")
        return {name: (status, json.loads(layout)) for name, status, layout in cur.fetchall()}


def write_table_state(conn: Any, raw_schema: str, plan: TablePlan, status: str) -> None:
    """Record ``status`` ('loading' or 'ready') and the column layout of ``plan``."""
    layout = json.dumps({c.name: c.transport for c in plan.columns})
    with conn.cursor() as cur:
        cur.execute(
            f"REPLACE INTO {qualified(raw_schema, STATE)} (table_name, status, strategy, layout, updated_at)"
            " VALUES (%s, %s, %s, %s, UTC_TIMESTAMP(6))",
            (plan.name, status, plan.spec.strategy, layout),
        )


def read_content_buckets(
    conn: Any, raw_schema: str, measures: Mapping[str, str]
) -> dict[str, dict[int, tuple[int, ...]]]:
    """Raw's remembered content buckets per table, for tables whose content expression is unchanged.

    Args:
        conn: a warehouse connection.
        raw_schema: the raw schema.
        measures: table -> its current content expression (another column layout, another expression:
            the remembered buckets no longer apply).
    """
    with conn.cursor() as cur:
        cur.execute(f"SELECT table_name, measure, buckets FROM {qualified(raw_schema, BUCKETS)}")
        rows = cur.fetchall()
    return {
        name: {int(b): tuple(v) for b, v in json.loads(buckets).items()}
        for name, measure, buckets in rows
        if name in measures and measure == _digest(measures[name])
    }


def write_content_buckets(
    conn: Any, raw_schema: str, table: str, measure: str, buckets: Mapping[int, tuple[int, ...]]
) -> None:
    """Remember raw's content buckets of ``table`` (only when raw is exactly as they describe)."""
    with conn.cursor() as cur:
        cur.execute(
            f"REPLACE INTO {qualified(raw_schema, BUCKETS)} (table_name, measure, buckets, updated_at)"
            " VALUES (%s, %s, %s, UTC_TIMESTAMP(6))",
            (table, _digest(measure), json.dumps({str(b): list(v) for b, v in buckets.items()})),
        )


def forget_content_buckets(conn: Any, raw_schema: str, tables: list[str]) -> None:
    """Drop the remembered buckets of ``tables`` (before the loader writes to them)."""
    if tables:
        with conn.cursor() as cur:
            cur.execute(
                f"DELETE FROM {qualified(raw_schema, BUCKETS)} WHERE table_name IN"
                f" ({', '.join(['%s'] * len(tables))})",
                tuple(tables),
            )


def _digest(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def run_statements(conn: Any, statements: list[str] | tuple[str, ...]) -> None:
    """Execute DDL/DML statements in order."""
    with conn.cursor() as cur:
        for statement in statements:
            cur.execute(statement)


def recreate(conn: Any, schema: str, plan: TablePlan) -> None:
    """Drop and create the table of ``plan`` in ``schema`` (empty, current layout)."""
    run_statements(
        conn, [f"DROP TABLE IF EXISTS {qualified(schema, plan.name)}", create_statement(schema, plan)]
    )


def swap_in(conn: Any, raw_schema: str, table: str, raw_exists: bool) -> None:
    """Atomically replace ``raw.table`` with the freshly built ``staging.table``."""
    staging = staging_schema(raw_schema)
    old = f"{table}__old"
    statements = [f"DROP TABLE IF EXISTS {qualified(staging, old)}"]
    if raw_exists:
        statements.append(
            f"RENAME TABLE {qualified(raw_schema, table)} TO {qualified(staging, old)},"
            f" {qualified(staging, table)} TO {qualified(raw_schema, table)}"
        )
        statements.append(f"DROP TABLE {qualified(staging, old)}")
    else:
        statements.append(f"RENAME TABLE {qualified(staging, table)} TO {qualified(raw_schema, table)}")
    run_statements(conn, statements)


def table_exists(conn: Any, schema: str, table: str) -> bool:
    """True if ``schema.table`` exists."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
            (schema, table),
        )
        return cur.fetchone() is not None


def is_empty(conn: Any, schema: str, table: str) -> bool:
    """True if the table has no rows."""
    with conn.cursor() as cur:
        cur.execute(f"SELECT 1 FROM {qualified(schema, table)} LIMIT 1")
        return cur.fetchone() is None


# --- metrics -------------------------------------------------------------------------------------


def start_run(
    conn: Any,
    raw_schema: str,
    run_id: str,
    *,
    full_refresh: bool,
    tables: int,
    source_database: str,
    source_version: str | None,
) -> None:
    """Insert the run row (status ``running``); mark runs left ``running`` by a killed loader."""
    with conn.cursor() as cur:
        cur.execute(
            f"UPDATE {qualified(raw_schema, RUNS)} SET status = 'interrupted' WHERE status = 'running'"
        )
        cur.execute(
            f"INSERT INTO {qualified(raw_schema, RUNS)} (run_id, started_at, status, full_refresh,"
            " tables_requested, source_database, source_version)"
            " VALUES (%s, UTC_TIMESTAMP(6), 'running', %s, %s, %s, %s)",
            (run_id, int(full_refresh), tables, source_database, source_version),
        )


def record_table(conn: Any, raw_schema: str, run_id: str, values: Mapping[str, Any]) -> None:
    """Insert or update one ``_mdc_load_tables`` row (keys: see the table definition)."""
    columns = ["run_id", *values]
    updates = ", ".join(f"{c} = VALUES({c})" for c in values if c != "table_name")
    with conn.cursor() as cur:
        cur.execute(
            f"INSERT INTO {qualified(raw_schema, TABLES)} ({', '.join(columns)})"
            f" VALUES ({', '.join(['%s'] * len(columns))}) ON DUPLICATE KEY UPDATE {updates}",
            (run_id, *values.values()),
        )


def finish_run(conn: Any, raw_schema: str, run_id: str, values: Mapping[str, Any]) -> None:
    """Close the run row with its totals, status and error."""
    sets = ", ".join(f"{c} = %s" for c in values)
    with conn.cursor() as cur:
        cur.execute(
            f"UPDATE {qualified(raw_schema, RUNS)} SET finished_at = UTC_TIMESTAMP(6), {sets}"
            " WHERE run_id = %s",
            (*values.values(), run_id),
        )


def record_warning(conn: Any, raw_schema: str, run_id: str, warning: Any) -> None:
    """Insert one ``_mdc_load_warnings`` row (a :class:`loaders.opendental.outcome.LoadWarning`)."""
    with conn.cursor() as cur:
        cur.execute(
            f"REPLACE INTO {qualified(raw_schema, WARNINGS)} (run_id, check_name, table_name, rows_affected,"
            " detail, recorded_at) VALUES (%s, %s, %s, %s, %s, UTC_TIMESTAMP(6))",
            (run_id, warning.check_name, warning.table_name, warning.rows_affected, warning.detail),
        )


@dataclass(frozen=True)
class RunHistory:
    """What earlier successful runs tell this one (warehouse clock, UTC; None: no such run)."""

    last_started: int | None  # epoch seconds the last successful run started
    first_age: float | None  # seconds since the first successful run started
    verify_age: float | None  # seconds since the last successful verify finished


def run_history(conn: Any, raw_schema: str) -> RunHistory:
    """Read :class:`RunHistory` from ``_mdc_load_runs`` (the session uses time_zone '+00:00')."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT UNIX_TIMESTAMP(MAX(started_at)),"
            " TIMESTAMPDIFF(MICROSECOND, MIN(started_at), UTC_TIMESTAMP(6)) / 1e6,"
            " TIMESTAMPDIFF(MICROSECOND, MAX(IF(verified = 1, finished_at, NULL)), UTC_TIMESTAMP(6)) / 1e6"
            f" FROM {qualified(raw_schema, RUNS)} WHERE status = 'success'"
        )
        last, first, verify = cur.fetchone()
    return RunHistory(
        None if last is None else int(last),
        None if first is None else float(first),
        None if verify is None else float(verify),
    )

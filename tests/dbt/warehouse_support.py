"""A warehouse for tests that load a synthetic practice and build models on it, night after night.

Shared by the finance tests (``test_finance_marts``) and the nightly-equals-full-refresh tests
(``test_incremental_equality``): a source database, the raw schema ``mdc load`` writes, one dbt
schema, and helpers to compare what dbt built (row checksums, row-for-row differences) and to make
backdated changes in the source as OpenDental would.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dbt_support import REPO_ROOT, DbtWork, not_clean, output_tail

from testdb import SERVER_URL, database_url, server_connection


@dataclass
class Warehouse:
    """The module's source database, raw schema and dbt schemas, and how to run the pipeline."""

    source: str
    work: DbtWork
    state_dir: Path

    def load(self) -> None:
        """``mdc load`` the source into the raw schema (incremental after the first run)."""
        env = {**self.work.environment(), "MDC_SOURCE_URL": database_url(self.source),
               "MDC_SOURCE_REPLICA_URL": "", "MDC_CATALOGUE": "", "MDC_STATE_DIR": str(self.state_dir)}
        done = subprocess.run([sys.executable, "-m", "mdc.cli", "load", "--no-progress"], cwd=REPO_ROOT,
                              env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]

    def dbt(self, *args: str) -> dict[str, Any]:
        """Run dbt; fail on any error or failing test; return run_results.json."""
        return self.dbt_with_output(*args)[0]

    def dbt_with_output(self, *args: str) -> tuple[dict[str, Any], str]:
        """Run dbt like :meth:`dbt`; return run_results.json and dbt's console output."""
        done = self.work.run(*args)
        assert done.returncode == 0, output_tail(done)
        results = self.work.artifact("run_results")
        assert not_clean(results) == [], not_clean(results)
        return results, done.stdout + done.stderr

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """All rows of ``sql`` run in the marts' database."""
        with server_connection(self.work.dbt_schema) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())


@contextmanager
def module_warehouse(source: str, make_module_database: Callable[[str], str], folder: Path,
                     label: str) -> Iterator[Warehouse]:
    """A test module's warehouse on ``source``: its own raw and dbt databases (``make_module_database``
    drops them), and on exit the two the tools make themselves (dbt's staging schema, dlt's staging
    dataset of the raw schema)."""
    work = DbtWork(folder, dbt_schema=make_module_database(label),
                   raw_schema=make_module_database(f"{label}raw"), warehouse_url=SERVER_URL)
    try:
        yield Warehouse(source, work, folder / "state")
    finally:
        with server_connection() as conn, conn.cursor() as cur:
            for extra in (work.staging_schema, f"{work.raw_schema}_staging"):
                cur.execute(f"DROP DATABASE IF EXISTS `{extra}`")


def table_columns(warehouse: Warehouse, schema: str, table: str) -> list[str]:
    """The columns of a table or view, in order, without ``_built_at`` (when a build wrote the row:
    it differs between any two builds, so comparisons leave it out)."""
    return [row[0] for row in warehouse.rows(
        "select column_name from information_schema.columns where table_schema = %s "
        "and table_name = %s and column_name != '_built_at' order by ordinal_position",
        (schema, table))]


def table_checksum(warehouse: Warehouse, schema: str, table: str) -> tuple[int, int]:
    """(rows, sum of the CRC32 of every row over all its columns) of one table or view."""
    row_text = ", ".join(f"coalesce(cast(`{column}` as char), '<null>')"
                         for column in table_columns(warehouse, schema, table))
    (count, total), = warehouse.rows(
        f"select count(*), coalesce(sum(crc32(concat_ws('|', {row_text}))), 0) from `{schema}`.`{table}`")
    return int(count), int(total)


def checksums(warehouse: Warehouse, only: Collection[str] = ()) -> dict[str, tuple[int, int]]:
    """(rows, sum of row CRC32s over every column) of every model table (fct_, dim_, mart_, int_) of the
    warehouse, or of the tables named in ``only``: equal checksums = the same rows (to CRC32 collisions)."""
    result = {}
    for schema in (warehouse.work.dbt_schema, warehouse.work.staging_schema):
        tables = [row[0] for row in warehouse.rows(
            "select table_name from information_schema.tables where table_schema = %s "
            "and table_type = 'BASE TABLE' and (table_name like 'fct\\_%%' or table_name like 'dim\\_%%' "
            "or table_name like 'mart\\_%%' or table_name like 'int\\_%%')", (schema,))]
        for table in tables:
            if only and table not in only:
                continue
            result[f"{schema}.{table}"] = table_checksum(warehouse, schema, table)
    return result


def row_differences(warehouse: Warehouse, left: str, right: str, table: str,
                    limit: int = 5) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows of ``left.table`` missing from ``right.table`` and the reverse (all columns, duplicates
    counted: EXCEPT ALL), at most ``limit`` each. Both empty: the tables are equal row for row."""
    columns = ", ".join(f"`{column}`" for column in table_columns(warehouse, left, table))
    only = []
    for first, second in ((left, right), (right, left)):
        only.append(warehouse.rows(
            f"select {columns} from `{first}`.`{table}` except all "
            f"select {columns} from `{second}`.`{table}` order by 1 limit {limit}"))
    return only[0], only[1]


def backdate_changes(database: str) -> tuple[int, int]:
    """Hard-delete an old payment (with its splits) and an old adjustment, as OpenDental does, then
    re-run the practice's aging so its stored balances stay true; return (payment, adjustment) keys."""
    from synth import aging

    with server_connection(database) as conn, conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        cur.execute("SELECT ValueString FROM preference WHERE PrefName = 'DateLastAging'")
        (last_aging,), = cur.fetchall()
        cur.execute("""SELECT ps.PayNum FROM paysplit ps JOIN payment p ON p.PayNum = ps.PayNum
                       WHERE p.PayType <> 0 AND ps.UnearnedType = 0 AND ps.PayPlanNum = 0
                       AND ps.DatePay < %s - INTERVAL 60 DAY ORDER BY ps.SplitNum LIMIT 1""", (last_aging,))
        (pay_num,), = cur.fetchall()
        cur.execute("SELECT AdjNum FROM adjustment WHERE AdjDate < %s - INTERVAL 60 DAY "
                    "ORDER BY AdjNum LIMIT 1", (last_aging,))
        (adj_num,), = cur.fetchall()
        cur.execute("DELETE FROM paysplit WHERE PayNum = %s", (pay_num,))
        cur.execute("DELETE FROM payment WHERE PayNum = %s", (pay_num,))
        cur.execute("DELETE FROM adjustment WHERE AdjNum = %s", (adj_num,))
        day = dt.date.fromisoformat(str(last_aging)[:10])
        aging.run(conn, day, dt.datetime.combine(day, dt.time(23, 0)))
    return int(pay_num), int(adj_num)

"""Trustworthy on a practice's own data: schema drift, sparse databases, odd rows, and the as-of date.

Two copies of the tiny synthetic practice (``tiny_practice``), each loaded by ``mdc load`` and built by
``dbt build`` (everything: seeds, models, tests):

- *odd*: an older/newer OpenDental and the odd rows real databases hold: three columns staging reads are
  dropped (one each in procedurelog, claimproc, patient), two unknown columns are added, some completed
  procedures get ``UnitQty`` 0 and some received claim procedures a blank ``DateCP``.
- *sparse*: ``claim``, ``claimproc``, ``adjustment`` and ``preference`` emptied.

Both builds must succeed with nothing skipped, and ``mart_data_quality`` must report each check with the
row counts and amounts recomputed here from the source rows (never read back from the models). The as-of
date must follow the loader's run log, even when a load changed no row.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dbt_support import REPO_ROOT, DbtWork, output_tail

from testdb import SERVER_URL, database_url, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("data_quality")]

DROPPED = {"procedurelog": "SnomedBodySite", "claimproc": "ClaimAdjReasonCodes", "patient": "Country"}
ADDED = {"procedurelog": "NewerOdFlag", "patient": "NewerOdNote"}
EMPTIED = ("claim", "claimproc", "adjustment", "preference")
UNIT_QTY_ZERO = 7      # completed procedures set to UnitQty 0
BLANK_DATE_CP = 5      # received claim procedures given DateCP 0001-01-01


@dataclass
class Practice:
    """One source copy, its raw schema and dbt schemas, and how to run the pipeline on it."""

    source: str
    work: DbtWork
    state_dir: Path

    def load(self) -> None:
        """``mdc load`` the source into the raw schema."""
        env = {**self.work.environment(), "MDC_SOURCE_URL": database_url(self.source),
               "MDC_SOURCE_REPLICA_URL": "", "MDC_CATALOGUE": "", "MDC_STATE_DIR": str(self.state_dir)}
        done = subprocess.run([sys.executable, "-m", "mdc.cli", "load", "--no-progress"], cwd=REPO_ROOT,
                              env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]

    def build(self, *args: str, command: str = "build") -> dict[str, Any]:
        """``dbt build`` (everything unless told); must succeed; returns run_results.json."""
        done = self.work.run(command, *args)
        assert done.returncode == 0, output_tail(done)
        return self.work.artifact("run_results")

    def source_rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` on the source copy."""
        with server_connection(self.source) as conn, conn.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())

    def marts(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` in the marts database."""
        with server_connection(self.work.dbt_schema) as conn, conn.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())

    def checks(self) -> dict[tuple[str, str], tuple[int, Decimal | None, str | None]]:
        """mart_data_quality as (check, table) -> (rows_affected, amount_affected, example_keys)."""
        rows = self.marts("select check_name, table_name, rows_affected, amount_affected, example_keys"
                          " from mart_data_quality")
        return {(r[0], r[1]): (int(r[2]), None if r[3] is None else Decimal(str(r[3])), r[4]) for r in rows}


def copy_practice(source: str, target: str) -> None:
    """Copy every table of ``source`` into the empty database ``target`` (structure and rows)."""
    with server_connection(target) as conn, conn.cursor() as cur:
        cur.execute("select table_name from information_schema.tables where table_schema = %s", (source,))
        for (table,) in cur.fetchall():
            cur.execute(f"create table `{table}` like `{source}`.`{table}`")
            cur.execute(f"insert into `{table}` select * from `{source}`.`{table}`")


def make_practice(name: str, tiny_practice: str, make_module_database: Callable[[str], str],
                  tmp_path_factory: pytest.TempPathFactory, edits: list[str]) -> Practice:
    """A copy of the tiny practice with ``edits`` (SQL run on the copy), loaded."""
    source = make_module_database(f"{name}src")
    copy_practice(tiny_practice, source)
    with server_connection(source) as conn, conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        for statement in edits:
            cur.execute(statement)
    folder = tmp_path_factory.mktemp(name)
    work = DbtWork(folder, dbt_schema=make_module_database(f"{name}dbt"),
                   raw_schema=make_module_database(f"{name}raw"), warehouse_url=SERVER_URL)
    practice = Practice(source, work, folder / "state")
    practice.load()
    return practice


def drop_tool_schemas(practice: Practice) -> None:
    """dbt's staging schema and dlt's staging dataset are made by the tools, not by the fixtures."""
    with server_connection() as conn, conn.cursor() as cur:
        for extra in (practice.work.staging_schema, f"{practice.work.raw_schema}_staging"):
            cur.execute(f"DROP DATABASE IF EXISTS `{extra}`")


ODD_EDITS = [
    *(f"alter table `{table}` drop column `{column}`" for table, column in DROPPED.items()),
    *(f"alter table `{table}` add column `{column}` varchar(20) not null default 'x'"
      for table, column in ADDED.items()),
    # UnitQty 0 on a few completed procedures (OpenDental's Database Maintenance fixes exactly this)
    f"update procedurelog set UnitQty = 0 where ProcStatus = 2 order by ProcNum limit {UNIT_QTY_ZERO}",
    # a blank payment date on a few received claim procedures that carry money
    "update claimproc set DateCP = '0001-01-01' where Status = 1 and InsPayAmt + WriteOff <> 0"
    f" order by ClaimProcNum limit {BLANK_DATE_CP}",
]


@pytest.fixture(scope="module")
def odd(tiny_practice: str, make_module_database: Callable[[str], str],
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Practice, dict[str, Any]]]:
    """The odd practice, loaded and built; with the build's run results."""
    practice = make_practice("odd", tiny_practice, make_module_database, tmp_path_factory, ODD_EDITS)
    try:
        yield practice, practice.build()
    finally:
        drop_tool_schemas(practice)


@pytest.fixture(scope="module")
def sparse(tiny_practice: str, make_module_database: Callable[[str], str],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Practice, dict[str, Any]]]:
    """The sparse practice, loaded and built; with the build's run results."""
    edits = [f"delete from `{table}`" for table in EMPTIED]
    practice = make_practice("sparse", tiny_practice, make_module_database, tmp_path_factory, edits)
    try:
        yield practice, practice.build()
    finally:
        drop_tool_schemas(practice)


def statuses(results: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for result in results["results"]:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    return counts


def test_schema_drift_builds_and_names_the_missing_columns(odd: tuple[Practice, dict[str, Any]]) -> None:
    """Older columns missing, newer ones added: load and build succeed; the three columns are named."""
    practice, results = odd
    counts = statuses(results)
    assert not {status: n for status, n in counts.items() if status in ("skipped", "error", "fail")}, counts
    checks = practice.checks()
    missing = {table: checks[("source_columns_missing", table)] for table in DROPPED}
    assert {table: (rows, keys) for table, (rows, _, keys) in missing.items()} == {
        table: (1, f"{table}.{column}") for table, column in DROPPED.items()}
    others = [key for key, (rows, _, _) in checks.items()
              if key[0] == "source_columns_missing" and key[1] not in DROPPED and rows]
    assert others == []
    # the new columns reached raw, and staging ignores them
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute("select table_name, column_name from information_schema.columns where table_schema = %s"
                    " and column_name in ('NewerOdFlag', 'NewerOdNote')", (practice.work.raw_schema,))
        assert sorted(cur.fetchall()) == sorted((table, column) for table, column in ADDED.items())
    # the missing columns are NULL-derived in staging: '' after od_string, for every row
    with server_connection(practice.work.staging_schema) as conn, conn.cursor() as cur:
        cur.execute("select count(*), sum(country = '') from stg_opendental__patient")
        patients, blank = cur.fetchone()
    assert patients > 0 and blank == patients


def test_unit_qty_zero_and_blank_claim_dates_are_reported(odd: tuple[Practice, dict[str, Any]]) -> None:
    """Counts and amounts of the two checks equal what the source rows say."""
    practice, _ = odd
    (qty_rows, qty_fees, qty_keys), = practice.source_rows(
        "select count(*), sum(round(ProcFee, 2)),"
        " group_concat(ProcNum order by ProcNum separator ', ' limit 5)"
        " from procedurelog where ProcStatus = 2 and UnitQty = 0")
    (cp_rows, cp_money), = practice.source_rows(
        "select count(*), sum(round(InsPayAmt, 2) + round(WriteOff, 2)) from claimproc"
        " where Status in (1, 4) and year(DateCP) < 1880")
    assert qty_rows == UNIT_QTY_ZERO and cp_rows == BLANK_DATE_CP  # the edits did what they say
    checks = practice.checks()
    assert checks[("procedure_complete_unit_qty_zero", "procedurelog")] == (
        UNIT_QTY_ZERO, Decimal(str(qty_fees)), qty_keys)
    rows, amount, _ = checks[("claimproc_received_without_date", "claimproc")]
    assert (rows, amount) == (BLANK_DATE_CP, Decimal(str(cp_money)))
    assert cp_money != 0 and qty_fees != 0
    # everything else this practice does not have reports zero, with its row kept
    for key in (("claimproc_without_claim", "claimproc"), ("paysplit_without_payment", "paysplit"),
                ("preference_missing", "preference"), ("core_table_empty", "claim")):
        assert checks[key][0] == 0, key


def test_stored_aging_differences_warn_and_nothing_is_skipped(odd: tuple[Practice, dict[str, Any]]) -> None:
    """The $0 procedures change the ledger, so OpenDental's stored aging now differs for their families:
    a warning and a data-quality row, never an error or a skipped mart."""
    practice, results = odd
    aging_test = [r for r in results["results"]
                  if "assert_ar_aging_matches_stored_guarantor_balances" in r["unique_id"]]
    (families, amount, _) = practice.checks()[("stored_aging_differs_from_ledger", "patient")]
    assert len(aging_test) == 1
    assert aging_test[0]["status"] == ("warn" if families else "pass")
    assert (aging_test[0]["failures"] or 0) == families
    assert (amount or 0) >= 0


def test_sparse_practice_builds_with_zeros(sparse: tuple[Practice, dict[str, Any]]) -> None:
    """Empty claim, claimproc, adjustment and preference: every node builds, the marts show zeros."""
    practice, results = sparse
    counts = statuses(results)
    assert not {status: n for status, n in counts.items() if status in ("skipped", "error", "fail")}, counts
    checks = practice.checks()
    empty = {table for (name, table), (rows, _, _) in checks.items() if name == "core_table_empty" and rows}
    assert empty == set(EMPTIED)
    rows, _, keys = checks[("preference_missing", "preference")]
    assert rows == 7 and keys is not None and "DateLastAging (default none" in keys
    # marts are built and hold zeros where the data is missing
    (claims,), = practice.marts("select count(*) from fct_claims")
    (production, writeoffs, insurance), = practice.marts(
        "select sum(gross_production), sum(writeoffs), sum(insurance_income)"
        " from mart_production_income_daily")
    (source_production,), = practice.source_rows(
        "select sum(round(ProcFee * (UnitQty + BaseUnits), 2)) from procedurelog where ProcStatus = 2")
    assert claims == 0 and writeoffs == 0 and insurance == 0
    assert abs(Decimal(str(production)) - Decimal(str(source_production))) < Decimal("0.05")
    (as_of_rows,), = practice.marts("select count(*) from dim_date where is_as_of_date")
    assert as_of_rows == 1


def test_as_of_date_moves_with_every_successful_load(sparse: tuple[Practice, dict[str, Any]]) -> None:
    """The as-of date is the day the last successful load finished, even when that load changed no row."""
    practice, _ = sparse
    model = "int_practice_as_of_date"
    raw = practice.work.raw_schema
    as_of_sql = f"select as_of_date, last_load_finished_at from `{practice.work.staging_schema}`.`{model}`"
    local_finish = (f"select cast(max(timestampadd(second, timestampdiff(second, utc_timestamp(), now()),"
                    f" finished_at)) as date) from `{raw}`._mdc_load_runs where status = 'success'")

    def as_of() -> dt.date:
        (value, _), = practice.marts(as_of_sql)
        return value  # type: ignore[no-any-return]

    # pretend every load so far finished ten days ago: the as-of date follows the run log back
    with server_connection(raw) as conn, conn.cursor() as cur:
        cur.execute("update _mdc_load_runs set finished_at = finished_at - interval 10 day")
    practice.build("-s", model, command="run")
    (expected,), = practice.marts(local_finish)
    assert as_of() == expected

    practice.load()  # nothing changed in the source
    practice.build("-s", model, command="run")
    (expected_now,), = practice.marts(local_finish)
    assert expected_now == expected + dt.timedelta(days=10)
    assert as_of() == expected_now

    # the dbt var wins
    practice.build("-s", model, "--vars", '{"practice_as_of_date": "2024-02-29"}', command="run")
    assert as_of() == dt.date(2024, 2, 29)

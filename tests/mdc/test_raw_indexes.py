"""Secondary indexes on raw tables: declared in tables.toml, added by `mdc load` after the data is in,
then ANALYZE TABLE; a second load adds nothing; a bad declaration fails the run with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from loaders.opendental.outcome import RunReport, TableResult
from loaders.opendental.raw_indexes import RawIndex, analyze, changed_tables, declared_indexes
from loaders.opendental.settings import CatalogueError
from testdb import SERVER_URL, database_url, server_connection

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("raw_indexes")]


def load(source: str, raw: str, state: Path, *args: str, catalogue: str = "") -> tuple[int, str]:
    env = {**os.environ, "MDC_SOURCE_URL": database_url(source), "MDC_SOURCE_REPLICA_URL": "",
           "MDC_WAREHOUSE_URL": SERVER_URL, "MDC_RAW_SCHEMA": raw, "MDC_CATALOGUE": catalogue,
           "MDC_STATE_DIR": str(state)}
    done = subprocess.run([sys.executable, "-m", "mdc.cli", "load", "--no-progress", *args], cwd=REPO,
                          env=env, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr


def secondary_indexes(schema: str) -> dict[tuple[str, str], tuple[str, int | None]]:
    """(table, index) -> (columns, cardinality) of every non-primary index of ``schema``."""
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(
            "select table_name, index_name, group_concat(column_name order by seq_in_index), max(cardinality)"
            " from information_schema.statistics where table_schema = %s and index_name != 'PRIMARY'"
            " group by table_name, index_name",
            (schema,),
        )
        return {(table, name): (columns, cardinality) for table, name, columns, cardinality in cur.fetchall()}


def test_declarations_name_the_join_keys() -> None:
    declared = {(index.table, index.columns) for index in declared_indexes()}
    joins = [("procedurelog", "PatNum"), ("claimproc", "ProcNum"), ("claimproc", "ClaimNum"),
             ("paysplit", "ProcNum"), ("adjustment", "ProcNum"), ("claimsnapshot", "ClaimProcNum")]
    for table, column in joins:
        assert (table, (column,)) in declared
    assert RawIndex("claimproc", ("ClaimNum",)).name == "ix_claimproc__ClaimNum"
    assert len(RawIndex("claimproc", tuple(f"Column{i}Num" for i in range(9))).name) == 64


@pytest.mark.parametrize(("toml", "message"), [
    ('[tables.claimproc]\nindexes = ["ProcNum"]\n', r"\[tables.claimproc\] indexes entry 'ProcNum' must be"),
    ('[tables.claimproc]\nindexes = "ProcNum"\n', r"\[tables.claimproc\] indexes = 'ProcNum' must be a list"),
    ('[tables.claimproc]\nindexes = [["Proc`Num"]]\n', r"\[tables.claimproc\] indexes: .*Proc`Num"),
])
def test_bad_declarations_are_refused_naming_the_table(tmp_path: Path, toml: str, message: str) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text(toml)
    with pytest.raises(CatalogueError, match=message):
        declared_indexes(override)


def test_load_adds_the_declared_indexes_once_and_analyzes(
    tiny_practice: str, make_database: Callable[[str], str], tmp_path: Path
) -> None:
    raw = make_database("rawix")
    code, output = load(tiny_practice, raw, tmp_path / "state")
    assert code == 0, output[-4000:]
    declared = declared_indexes()
    assert f"raw indexes: {len(declared)} added" in output

    present = secondary_indexes(raw)
    assert {key: columns for key, (columns, _) in present.items()} == {
        (index.table, index.name): ",".join(index.columns) for index in declared
    }
    with server_connection(raw) as conn, conn.cursor() as cur:
        cur.execute("select count(*) from information_schema.tables where table_schema = %s"
                    " and table_name not like '\\_%%'", (raw,))
        loaded = cur.fetchone()[0]
    assert f"{loaded} table(s) analyzed" in output, "a first load changes every table: all are analyzed"

    code, output = load(tiny_practice, raw, tmp_path / "state")
    assert code == 0, output[-4000:]
    assert "raw indexes: 0 added" in output
    assert f"{loaded} table(s) analyzed" not in output, "an unchanged source changes few tables"
    assert secondary_indexes(raw).keys() == present.keys()


def test_a_declared_column_missing_in_raw_fails_the_load_naming_it(
    tiny_practice: str, make_database: Callable[[str], str], tmp_path: Path
) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[tables.procedurelog]\nindexes = [["PatNum"], ["NoSuchNum"]]\n')
    raw = make_database("rawbad")
    code, output = load(tiny_practice, raw, tmp_path / "state", "--tables", "procedurelog",
                        catalogue=str(override))
    assert code == 1
    assert "[tables.procedurelog] indexes: column(s) NoSuchNum not in raw table" in output
    assert secondary_indexes(raw) == {}, "nothing is added when a declaration is wrong"


def test_analyze_refreshes_stale_statistics(make_database: Callable[[str], str]) -> None:
    schema = make_database("analyze")
    with server_connection(schema) as conn, conn.cursor() as cur:
        # No automatic recalculation: the statistics stay as they were when the index was built.
        cur.execute("create table visits (id int primary key, PatNum int, key ix_pat (PatNum))"
                    " stats_auto_recalc = 0")
        cur.execute("insert into visits values (1, 1)")
        cur.execute("analyze table visits")
        cur.fetchall()
        cur.execute("insert into visits select seq, seq % 500 from seq_2_to_5000")
        stale = index_cardinality(cur, schema)
        analyze(conn, schema, ["visits"])
        fresh = index_cardinality(cur, schema)
    assert stale <= 2
    assert 250 <= fresh <= 1000, "about 500 distinct PatNum after ANALYZE TABLE"


def index_cardinality(cur: Any, schema: str) -> int:
    cur.execute("select cardinality from information_schema.statistics where table_schema = %s"
                " and table_name = 'visits' and index_name = 'ix_pat'", (schema,))
    return int(cur.fetchone()[0])


def test_changed_tables_are_those_written_deleted_or_loaded_in_full() -> None:
    results = [TableResult("patient", "incremental", mode="incremental", rows_written=3),
               TableResult("claim", "incremental", mode="incremental"),
               TableResult("fee", "replace", mode="full"),
               TableResult("paysplit", "incremental", mode="incremental", rows_deleted=1),
               TableResult("payment", "incremental", mode="incremental", rows_written=2, status="failed")]
    assert changed_tables(RunReport("run", results, 0.0)) == {"patient", "fee", "paysplit"}

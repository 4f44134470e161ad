"""`mdc indexes` on a real database: the report (sizes, indexes, redundancy, key columns without an index,
userstat), `create`, `analyze`, and `drop-unused`, which is a dry run unless --apply and never drops a
primary key, a unique index or an index the catalogue declares."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from mdc.cli import main
from mdc.indexes import read_tables
from testdb import SERVER_URL, server_connection

pytestmark = pytest.mark.xdist_group("indexes_command")


def make_tables(schema: str) -> None:
    with server_connection(schema) as conn, conn.cursor() as cur:
        cur.execute(
            "create table visits (id int primary key, patient_id int, clinic_id int, provider_id int,"
            " visit_date date,"
            " key ix_patient (patient_id),"  # left prefix of ix_patient_date
            " key ix_patient_date (patient_id, visit_date),"
            " key ix_patient_date_copy (patient_id, visit_date),"  # duplicate of ix_patient_date
            " unique key ux_clinic (clinic_id),"  # unique: never dropped
            " unique key ux_clinic_date (clinic_id, visit_date))"
        )
        cur.execute("insert into visits select seq, seq % 7, seq, seq % 3, '2026-01-01' from seq_1_to_50")
        cur.execute("analyze table visits")  # statistics now, not whenever InnoDB gets to them
        cur.fetchall()
        # A raw-style table whose declared index (tables.toml) has an undeclared twin.
        cur.execute("create table claimproc (ClaimProcNum int primary key, ProcNum int, ClaimNum int,"
                    " PatNum int, ClaimPaymentNum int,"
                    " key ix_claimproc__ProcNum (ProcNum), key ix_a_procnum (ProcNum))")


def indexes(schema: str) -> dict[str, list[str]]:
    with server_connection() as conn:
        return {table.name: [index.name for index in table.indexes] for table in read_tables(conn, schema)}


@pytest.fixture
def schema(make_database: Callable[[str], str], monkeypatch: pytest.MonkeyPatch) -> str:
    name = make_database("ixcmd")
    make_tables(name)
    for variable, value in {"MDC_WAREHOUSE_URL": SERVER_URL, "MDC_RAW_SCHEMA": name, "MDC_CATALOGUE": "",
                            "MDC_DBT_SCHEMA": f"{name}_absent"}.items():
        monkeypatch.setenv(variable, value)
    return name


def test_report_describes_every_table_and_flags_redundant_and_unindexed(
    schema: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["indexes", "report", "--schema", schema]) == 0
    out = capsys.readouterr().out

    assert f"== {schema}: 2 tables" in out
    # Row counts and cardinalities are InnoDB's estimates: about 50.
    assert re.search(r"\nvisits: \d\d rows, data [\d.]+ MiB, indexes [\d.]+ MiB\n", out)
    assert re.search(r"\n  primary PRIMARY \(id\) cardinality \d\d\n", out)
    assert "  index   ix_patient (patient_id) cardinality" in out
    assert "<- left prefix of ix_patient_date (patient_id, visit_date)" in out
    assert "ix_patient_date_copy (patient_id, visit_date) cardinality" in out
    assert "<- duplicate of ix_patient_date (patient_id, visit_date)" in out
    assert re.search(r"\n  unique  ux_clinic \(clinic_id\) cardinality \d\d\n", out), "unique: kept"
    assert "  key-like columns without an index: provider_id\n" in out
    assert "  key-like columns without an index: ClaimNum, PatNum, ClaimPaymentNum\n" in out
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute("show global variables like 'userstat'")
        userstat = cur.fetchone()[1]
    assert ("userstat is OFF" in out) == (userstat == "OFF")


def test_drop_unused_is_a_dry_run_unless_applied(schema: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = indexes(schema)
    assert main(["indexes", "drop-unused", "--schema", schema]) == 0
    out = capsys.readouterr().out
    assert f"would drop {schema}.visits.ix_patient (patient_id): left prefix of ix_patient_date" in out
    assert f"would drop {schema}.visits.ix_patient_date_copy (patient_id, visit_date): duplicate of" in out
    # The declared index stays; its undeclared twin goes.
    assert f"would drop {schema}.claimproc.ix_a_procnum (ProcNum): duplicate of ix_claimproc__ProcNum" in out
    assert indexes(schema) == before

    assert main(["indexes", "drop-unused", "--schema", schema, "--apply"]) == 0
    assert f"dropping {schema}.visits.ix_patient " in capsys.readouterr().out
    assert indexes(schema) == {
        "claimproc": ["PRIMARY", "ix_claimproc__ProcNum"],
        "visits": ["PRIMARY", "ix_patient_date", "ux_clinic", "ux_clinic_date"],
    }
    assert main(["indexes", "drop-unused", "--schema", schema]) == 0
    assert f"{schema}: nothing to drop" in capsys.readouterr().out


def test_create_adds_the_declared_raw_indexes_and_analyze_runs(
    schema: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["indexes", "create"]) == 0
    out = capsys.readouterr().out
    added = ["ix_claimproc__ClaimNum", "ix_claimproc__PatNum", "ix_claimproc__ClaimPaymentNum"]
    assert f"3 index(es) added to {schema}:" + "".join(f"\n  claimproc.{name}" for name in added) in out
    assert set(added) < set(indexes(schema)["claimproc"])
    assert main(["indexes", "create"]) == 0
    assert f"0 index(es) added to {schema}:" in capsys.readouterr().out

    assert main(["indexes", "analyze"]) == 0
    captured = capsys.readouterr()
    assert f"{schema}: 2 table(s) analyzed" in captured.out
    assert f"database {schema}_absent does not exist (skipped)" in captured.err

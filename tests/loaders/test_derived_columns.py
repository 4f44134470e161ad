"""Derived columns (catalogue key ``derived``): computed in the source SELECT, so a band can reach raw
while the PHI column it is made from never does (patient.BirthYearBand from Birthdate, DECISIONLOG R4)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest

from loaders.opendental.schema import SchemaDriftError, SourceColumn, SourceTable, plan_table
from loaders.opendental.settings import CatalogueError, load_catalogue
from synth.ddl import create_tables
from testdb import SERVER_URL, database_url, server_connection

# PatNum -> Birthdate as OpenDental stores it, and the band the loader must write
BIRTHS = {1: ("1987-06-30", 1985), 2: ("1990-01-01", 1990), 3: ("2019-12-31", 2015),
          4: ("0001-01-01", None), 5: ("1931-03-03", 1930), 6: ("1901-11-11", 1930)}


def _load(source: str, raw: str, state: Path) -> str:
    from loaders import opendental_pipeline

    env = {"MDC_SOURCE_URL": database_url(source), "MDC_SOURCE_REPLICA_URL": "",
           "MDC_WAREHOUSE_URL": SERVER_URL, "MDC_RAW_SCHEMA": raw, "MDC_DBT_SCHEMA": raw + "_dbt",
           "MDC_CATALOGUE": "", "MDC_STATE_DIR": str(state)}
    parser = argparse.ArgumentParser()
    opendental_pipeline.add_arguments(parser)
    out = io.StringIO()
    with mock.patch.dict(os.environ, env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = opendental_pipeline.run(parser.parse_args(["--no-progress", "--tables", "patient"]))
    assert code == 0, out.getvalue()
    return out.getvalue()


def test_the_birth_year_band_reaches_raw_and_the_birth_date_never_does(
        make_database: Callable[[str], str], tmp_path: Path) -> None:
    source, raw = make_database("derivsrc"), make_database("derivraw")
    with server_connection(source) as conn, conn.cursor() as cur:
        create_tables(conn)
        cur.execute("SET SESSION sql_mode=''")
        for pat, (born, _) in BIRTHS.items():
            cur.execute("INSERT INTO patient (PatNum, LName, FName, Birthdate, Guarantor, PatStatus) "
                        "VALUES (%s, 'Secret', 'Name', %s, %s, 0)", (pat, born, pat))
    printed = _load(source, raw, tmp_path / "state")
    with server_connection(raw) as conn, conn.cursor() as cur:
        cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                    "AND table_name = 'patient'", (raw,))
        columns = {name for (name,) in cur.fetchall()}
        cur.execute("SELECT PatNum, BirthYearBand FROM patient ORDER BY PatNum")
        bands = dict(cur.fetchall())
        cur.execute("SELECT * FROM patient")
        values = {str(value) for row in cur.fetchall() for value in row}
    assert "BirthYearBand" in columns
    assert not {"Birthdate", "LName", "FName"} & columns
    assert bands == {pat: band for pat, (_, band) in BIRTHS.items()}
    # No birth date in raw or in what the loader printed (0001-01-01 is OpenDental's blank date, which
    # other date columns hold too).
    for born, band in BIRTHS.values():
        if band is not None:
            assert born not in values and born not in printed


def test_a_derived_column_needs_a_type_and_sql_and_a_free_name(tmp_path: Path) -> None:
    override = tmp_path / "catalogue.toml"
    override.write_text('[tables.patient.derived]\nAgeBand = { sql = "1" }\n')
    with pytest.raises(CatalogueError, match="derived.AgeBand"):
        load_catalogue(override)
    override.write_text('[tables.patient.derived]\nPatStatus = { type = "int", sql = "1" }\n')
    spec = load_catalogue(override).spec("patient")
    assert spec is not None
    source = SourceTable("patient", (SourceColumn("PatNum", "bigint", "bigint(20)", False, None, ""),
                                     SourceColumn("PatStatus", "tinyint", "tinyint(4)", False, None, ""),
                                     SourceColumn("DateTStamp", "timestamp", "timestamp", False, None, "")),
                         ("PatNum",), 0)
    with pytest.raises(SchemaDriftError, match="name of a source column"):
        plan_table(spec, source, hash_key_set=False)

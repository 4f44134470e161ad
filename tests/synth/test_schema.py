"""The synthetic source has exactly OpenDental 24.3's 57 core tables, column for column and index for
index, as the project's DDL file declares them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pymysql
from synth_support import connect, query

from synth import ddl

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "opendental-24.3-core.sql"
COLUMNS = """
    select TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
           CHARACTER_SET_NAME, COLLATION_NAME
    from information_schema.COLUMNS where TABLE_SCHEMA = %s order by TABLE_NAME, ORDINAL_POSITION"""
INDEXES = """
    select TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, SUB_PART, INDEX_TYPE
    from information_schema.STATISTICS where TABLE_SCHEMA = %s
    order by TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"""
TABLES = "select TABLE_NAME from information_schema.TABLES where TABLE_SCHEMA = %s order by TABLE_NAME"
ZERO_DATE_TABLES = {"schedule", "payplan", "commlog", "paysplit", "payment", "securitylog", "refattach"}


def _statements(text: str) -> list[str]:
    """CREATE TABLE statements of a DDL file (split independently of synth.ddl)."""
    code = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    return [
        part.strip() for part in re.split(r";\s*\n", code) if part.strip().upper().startswith("CREATE TABLE")
    ]


def _create_straight_from_file(database: str, sql_mode: str = "") -> list[str]:
    """Run every CREATE TABLE of the project's DDL file; return the tables that failed."""
    failed = []
    with connect(database) as connection, connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode = %s", (sql_mode,))
        for statement in _statements(ddl.DDL_PATH.read_text(encoding="utf-8")):
            try:
                cursor.execute(statement)
            except pymysql.MySQLError:
                failed.append(re.search(r"CREATE TABLE `(\w+)`", statement).group(1))  # type: ignore[union-attr]
    return failed


def test_the_practice_has_exactly_the_ddl_tables_columns_and_indexes(
    tiny_practice: str, make_database: Callable[[str], str]
) -> None:
    reference = make_database("ddl")
    assert _create_straight_from_file(reference) == []
    assert len(query(reference, TABLES, (reference,))) == 57
    assert query(tiny_practice, TABLES, (tiny_practice,)) == query(reference, TABLES, (reference,))
    for sql in (COLUMNS, INDEXES):
        got = query(tiny_practice, sql, (tiny_practice,))
        want = query(reference, sql, (reference,))
        assert len(got) == len(want)
        assert [row for row in got if row not in want] == []
    assert len(query(tiny_practice, COLUMNS, (tiny_practice,))) == 1134


def test_opendental_needs_a_blank_sql_mode_for_seven_tables(make_database: Callable[[str], str]) -> None:
    strict = make_database("strict")
    failed = _create_straight_from_file(strict, "STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE")
    assert set(failed) == ZERO_DATE_TABLES


def test_the_ddl_copy_keeps_opendentals_quirks() -> None:
    tables = ddl.table_defs()
    assert list(tables) == list(ddl.table_names()) and len(tables) == 57
    columns = {(t.name, c.name): c for t in tables.values() for c in t.columns}
    assert columns[("payment", "PayDate")].default == "0000-00-00"
    assert columns[("claimproc", "Percentage")].default == "-1"
    assert columns[("commlog", "CommSource")].nullable and columns[("commlog", "CommSource")].base == "int"
    assert not columns[("patientnote", "PatNum")].auto_increment
    assert tables["patient"].timestamp_columns == ("DateTStamp",)
    assert tables["claimtracking"].timestamp_columns == ("DateTimeEntry",)
    assert "COLLATE utf8_bin" in next(
        s for s in ddl.create_statements() if "`procedurecode`" in s.split("\n")[0]
    )


def test_the_project_copy_is_the_reference_file_with_a_provenance_header() -> None:
    text = ddl.ddl_text()
    header, body = text.split(ddl.HEADER_END, 1)
    assert "Provenance" in header and all(line.startswith("--") for line in header.strip().splitlines())
    assert body.lstrip("\n") == ddl.reference_body()
    assert len(_statements(body)) == 57
    if REFERENCE.exists():  # the team's reference copy (absent on users' clones)
        assert ddl.reference_body() == REFERENCE.read_text(encoding="utf-8")

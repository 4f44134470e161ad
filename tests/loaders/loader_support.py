"""A small OpenDental source database for loader tests: the project's DDL plus hand-written dirty rows."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import pymysql
from sqlalchemy.engine import make_url

SERVER_URL = os.environ.get("MDC_TEST_SERVER_URL", "mysql+pymysql://root@127.0.0.1:3306")

DDL_PATH = Path(__file__).resolve().parents[2] / "synth" / "opendental_24_3.sql"


def ddl_statements() -> list[str]:
    """CREATE TABLE statements of the 57 core tables from the project's DDL copy."""
    text = "\n".join(line for line in DDL_PATH.read_text().splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*\n", text) if s.strip().upper().startswith("CREATE TABLE")]


def create_schema(conn: Any) -> None:
    """Create every core table in the connection's database (sql_mode='' like OpenDental)."""
    with conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        for statement in ddl_statements():
            cur.execute(statement)


LONG_TEXT = (
    "Zahnärztliche Behandlung – ĉu ŝi? 日本語 \\ back\\slash\t tab\nnew line \"quoted\" 'single' " * 600
)
# Rows that exercise every awkward value the loader must carry exactly. Columns not named take the
# table's implicit defaults (sql_mode='').
DIRTY_ROWS: dict[str, list[dict[str, Any]]] = {
    "patient": [
        {
            "PatNum": 1,
            "LName": "Smith",
            "FName": "Ann",
            "SSN": "123-45-6789",
            "Birthdate": "1980-02-29",
            "Address": "1 Main St",
            "Email": "ann@example.com",
            "PatStatus": 0,
            "Guarantor": 1,
            "State": "OR",
            "EstBalance": 0.1 + 0.2,
            "BalTotal": -1234.56,
            "ChartNumber": "C-1",
            "SchoolName": "X",
            "Title": None,
            "SchedBeforeTime": None,
            "DateFirstVisit": "0000-00-00",
            "Language": "Deutsch für Anfänger ✓",
        },
        {
            "PatNum": 2,
            "LName": "Jones",
            "FName": "Bob",
            "SSN": "",
            "Birthdate": "0001-01-01",
            "PatStatus": 4,
            "Guarantor": 1,
            "State": None,
            "EstBalance": 1e-300,
            "BalTotal": 1.7976931348623157e308,
            "ChartNumber": "",
            "SchoolName": "",
            "Language": "NULL",
        },
    ],
    "procedurelog": [
        {
            "ProcNum": 10,
            "PatNum": 1,
            "ProcDate": "2024-03-01",
            "ProcFee": 123.45,
            "ProcStatus": 2,
            "DateTP": "0000-00-00",
            "ProcTime": "838:59:59",
            "ProcTimeEnd": "-01:30:00",
            "DrugQty": 0.1,
            "Discount": 33.333333333333336,
            "ClaimNote": "private",
            "SecDateEntry": "0000-00-00 00:00:00",
            "OldCode": "d0120",
            "CodeMod1": None,
            "DiagnosticCode": "\\N",
        },
        {
            "ProcNum": 11,
            "PatNum": 2,
            "ProcDate": "2024-03-02",
            "ProcFee": 0.0,
            "ProcStatus": 6,
            "DateTP": "2024-02-30",
            "DrugQty": 3.4028234663852886e38,
            "Discount": -0.0,
            "OldCode": "D0120",
            "DiagnosticCode": "NULL",
        },
    ],
    "claimproc": [
        {
            "ClaimProcNum": 100,
            "ProcNum": 10,
            "PatNum": 1,
            "CopayAmt": -1,
            "PaidOtherIns": -1,
            "Percentage": -1,
            "PercentOverride": -1,
            "InsPayEst": 80.2,
            "Status": 1,
            "DateCP": "2024-03-10",
        },
        {"ClaimProcNum": 101, "ProcNum": 11, "PatNum": 2, "CopayAmt": 12.5, "Percentage": 100, "Status": 7},
    ],
    "payment": [
        {"PayNum": 5, "PatNum": 1, "PayAmt": 50.0, "PayNote": "card 4111", "Receipt": "r"},
        {"PayNum": 6, "PatNum": 2, "PayDate": "2024-01-31", "PayAmt": -25.25},
    ],
    "appointment": [
        {
            "AptNum": 7,
            "PatNum": 1,
            "AptStatus": 2,
            "AptDateTime": "2024-03-01 09:00:00",
            "ProcDescript": LONG_TEXT[:255],
            "Note": "sensitive",
            "ProcsColored": LONG_TEXT,
        },
    ],
    "inssub": [
        {"InsSubNum": 3, "PlanNum": 1, "Subscriber": 1, "SubscriberID": "XYZ123456", "BenefitNotes": "n"},
        {"InsSubNum": 4, "PlanNum": 1, "Subscriber": 2, "SubscriberID": ""},
    ],
    "securitylog": [
        {
            "SecurityLogNum": 1,
            "PermType": 1,
            "LogText": "Ann Smith viewed",
            "LogDateTime": "0000-00-00 00:00:00",
        },
        {"SecurityLogNum": 2, "PermType": 2, "LogText": "x", "LogDateTime": "2024-03-01 10:00:00"},
    ],
    "preference": [
        {"PrefNum": 1, "PrefName": "DataBaseVersion", "ValueString": "24.3.10.0"},
        {"PrefNum": 2, "PrefName": "PracticeTitle", "ValueString": "Smile \t\\ Dental\n"},
    ],
    "definition": [
        {"DefNum": 1, "Category": 1, "ItemName": "Ä\tB\\C\nD", "ItemValue": None},
    ],
    "schedule": [
        {"ScheduleNum": 1, "SchedDate": "0000-00-00", "StartTime": "08:00:00", "StopTime": "17:00:00"},
    ],
    "procedurecode": [
        {"CodeNum": 1, "ProcCode": "D0120", "Descript": "Periodic oral evaluation"},
        {"CodeNum": 2, "ProcCode": "d0120", "Descript": "lower-case twin (utf8_bin)"},
    ],
}


def insert_rows(conn: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Insert ``rows`` (table -> list of column dicts) under sql_mode=''."""
    with conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        for table, items in rows.items():
            for item in items:
                columns = ", ".join(f"`{c}`" for c in item)
                marks = ", ".join(["%s"] * len(item))
                cur.execute(f"INSERT INTO `{table}` ({columns}) VALUES ({marks})", tuple(item.values()))


def server_connection(database: str | None = None) -> pymysql.connections.Connection:
    """A plain PyMySQL connection to the test server (autocommit, utf8mb4)."""
    url = make_url(SERVER_URL)
    return pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        database=database,
        charset="utf8mb4",
        autocommit=True,
    )


def database_url(database: str | None = None) -> str:
    """SQLAlchemy URL of ``database`` (or of the server) on the test server."""
    return make_url(SERVER_URL).set(database=database).render_as_string(hide_password=False)


def raw_tables(raw: str) -> list[str]:
    """The OpenDental tables present in a raw schema."""
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
            " AND table_name NOT LIKE '\\_mdc\\_%%' ORDER BY table_name",
            (raw,),
        )
        return [row[0] for row in cur.fetchall()]


def derived_columns(table: str) -> tuple[str, ...]:
    """Raw columns the catalogue derives in the source SELECT (e.g. patient.BirthYearBand)."""
    from loaders.opendental.settings import load_catalogue

    spec = load_catalogue(None).spec(table)
    return tuple(spec.derived) if spec is not None else ()


def differences(source: str, raw: str, table: str, skip: tuple[str, ...] = ()) -> list[str]:
    """Compare ``raw.table`` with ``source.table`` exactly, with SQL on the one test server.

    Independent of the loader's own rendering: counts, keys missing on either side, and for each row
    a null-safe equality of every raw column (numbers and dates by value, strings by their utf8mb4
    bytes). ``skip`` names columns to leave out (hashed PHI). The catalogue's derived columns (computed
    from source columns raw does not have; tests/loaders/test_derived_columns.py checks them) are left
    out too. Returns readable problems, [] if equal.
    """
    skip = (*skip, *derived_columns(table))
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute("SET SESSION time_zone='+00:00'")
        cur.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = %s"
            " AND table_name = %s AND column_name <> '_loaded_at' ORDER BY ordinal_position",
            (raw, table),
        )
        columns = [(name, kind) for name, kind in cur.fetchall() if name not in skip]
        cur.execute(
            "SELECT column_name FROM information_schema.statistics WHERE table_schema = %s"
            " AND table_name = %s AND index_name = 'PRIMARY'",
            (raw, table),
        )
        key = [row[0] for row in cur.fetchall()]
        problems: list[str] = []
        cur.execute(
            f"SELECT (SELECT COUNT(*) FROM `{source}`.`{table}`), (SELECT COUNT(*) FROM `{raw}`.`{table}`)"
        )
        counts = cur.fetchone()
        if counts[0] != counts[1]:
            problems.append(f"{table}: source has {counts[0]} rows, raw has {counts[1]}")
        if not key:
            return problems
        join = " AND ".join(f"s.`{k}` = r.`{k}`" for k in key)
        for left, right in (("s", "r"), ("r", "s")):
            tables = {"s": f"`{source}`.`{table}`", "r": f"`{raw}`.`{table}`"}
            cur.execute(
                f"SELECT {left}.`{key[0]}` FROM {tables[left]} {left} LEFT JOIN {tables[right]} {right}"
                f" ON {join} WHERE {right}.`{key[0]}` IS NULL LIMIT 5"
            )
            for row in cur.fetchall():
                problems.append(f"{table}: key {row[0]} only in {'source' if left == 's' else 'raw'}")

        def same(name: str, kind: str) -> str:
            if kind in ("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"):
                return (
                    f"CAST(CONVERT(s.`{name}` USING utf8mb4) AS BINARY)"
                    f" <=> CAST(CONVERT(r.`{name}` USING utf8mb4) AS BINARY)"
                )
            return f"s.`{name}` <=> r.`{name}`"

        if not columns:
            return problems
        everything = " AND ".join(same(name, kind) for name, kind in columns)
        cur.execute(
            f"SELECT COUNT(*) FROM `{source}`.`{table}` s JOIN `{raw}`.`{table}` r ON {join}"
            f" WHERE NOT ({everything})"
        )
        if cur.fetchone()[0]:
            for name, kind in columns:
                cur.execute(
                    f"SELECT s.`{key[0]}` FROM `{source}`.`{table}` s JOIN `{raw}`.`{table}` r ON {join}"
                    f" WHERE NOT ({same(name, kind)}) LIMIT 3"
                )
                for row in cur.fetchall():
                    problems.append(f"{table}: column {name} differs for key {row[0]}")
        return problems


def all_differences(source: str, raw: str, skip: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """:func:`differences` for every table in raw."""
    skip = skip or {}
    return [p for table in raw_tables(raw) for p in differences(source, raw, table, skip.get(table, ()))]


def bulk_rows(
    conn: Any, *, procedures: int = 0, claimprocs: int = 0, securitylogs: int = 0, first_key: int = 1000
) -> None:
    """Add many generated rows (keys from ``first_key``) with varied doubles, dates and text."""
    with conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        if procedures:
            cur.execute(
                "INSERT INTO procedurelog (ProcNum, PatNum, ProcDate, ProcFee, ProcStatus, CodeNum, Surf,"
                " ToothNum, DateTP, ProcTime, Discount, DrugQty, DiagnosticCode, SecDateEntry, DateComplete)"
                f" SELECT {first_key} + seq, 1 + seq MOD 97,"
                " DATE '2015-01-01' + INTERVAL (seq MOD 3650) DAY, ROUND(seq * 1.37, 2), seq MOD 8,"
                " 1 + seq MOD 2, ELT(1 + seq MOD 4, 'MOD', '', 'B', 'ÄÖ'), LPAD(seq MOD 33, 2, '0'),"
                " IF(seq MOD 11 = 0, '0000-00-00', '2020-05-05'), SEC_TO_TIME(seq MOD 90000),"
                " seq / 7, seq / 3, IF(seq MOD 5 = 0, NULL, CONCAT('K', seq, '\\t', 'x')),"
                " NOW() - INTERVAL seq SECOND, '0001-01-01'"
                f" FROM seq_1_to_{procedures}"
            )
        if claimprocs:
            cur.execute(
                "INSERT INTO claimproc (ClaimProcNum, ProcNum, PatNum, InsPayEst, CopayAmt, Percentage,"
                " Status, DateCP, WriteOff, Remarks)"
                f" SELECT {first_key} + seq, {first_key} + seq, 1 + seq MOD 97, seq / 9,"
                " IF(seq MOD 3 = 0, -1, seq), IF(seq MOD 4 = 0, -1, seq MOD 101), seq MOD 10,"
                " DATE '2016-01-01' + INTERVAL (seq MOD 3000) DAY,"
                " -seq / 13, 'r'"
                f" FROM seq_1_to_{claimprocs}"
            )
        if securitylogs:
            cur.execute(
                "INSERT INTO securitylog (SecurityLogNum, PermType, UserNum, LogDateTime, LogText, PatNum,"
                " CompName, FKey, LogSource, DefNum, DefNumError, DateTPrevious)"
                f" SELECT {first_key} + seq, seq MOD 200, 1, NOW() - INTERVAL seq MINUTE, 'log', seq, 'PC',"
                f" 0, 0, 0, 0, '0001-01-01' FROM seq_1_to_{securitylogs}"
            )


@dataclass
class LoaderEnv:
    """One test's world: source database, raw schema, state dir and the MDC_* environment."""

    source: str
    raw: str
    state_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    def load(self, *args: str, **overrides: str) -> tuple[int, str]:
        """Run ``mdc load`` in-process; return (exit code, everything it printed)."""
        from loaders import opendental_pipeline

        parser = argparse.ArgumentParser()
        opendental_pipeline.add_arguments(parser)
        out = io.StringIO()
        with (
            mock.patch.dict(os.environ, {**self.env, **overrides}),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(out),
        ):
            code = opendental_pipeline.run(parser.parse_args(["--no-progress", *args]))
        return code, out.getvalue()

    def source_sql(self, *statements: str) -> None:
        """Run statements on the source as OpenDental would (sql_mode='')."""
        with server_connection(self.source) as conn, conn.cursor() as cur:
            cur.execute("SET SESSION sql_mode=''")
            for statement in statements:
                cur.execute(statement)

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """All rows of ``sql`` (UTC session, no default database)."""
        with server_connection() as conn, conn.cursor() as cur:
            cur.execute("SET SESSION time_zone='+00:00'")
            cur.execute(sql, params)
            return list(cur.fetchall())

    def differences(self, skip: dict[str, tuple[str, ...]] | None = None) -> list[str]:
        """Every difference between source and raw (see loader_support.differences)."""
        skip = {"inssub": ("SubscriberID",), **(skip or {})}
        return all_differences(self.source, self.raw, skip)


def drop_raw(raw: str) -> None:
    """Drop a raw schema and its staging schema."""
    with server_connection() as conn, conn.cursor() as cur:
        for name in (raw, f"{raw}_staging"):
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def new_env(source: str, state_dir: Path) -> LoaderEnv:
    """A LoaderEnv for ``source`` with a fresh raw schema name."""
    raw = f"mdct_raw_{uuid.uuid4().hex[:10]}"
    env = {
        "MDC_SOURCE_URL": database_url(source),
        "MDC_SOURCE_REPLICA_URL": "",
        "MDC_WAREHOUSE_URL": database_url(None),
        "MDC_RAW_SCHEMA": raw,
        "MDC_PHI_HASH_KEY": "test-secret",
        "MDC_CATALOGUE": "",
        "MDC_STATE_DIR": str(state_dir),
    }
    return LoaderEnv(source, raw, state_dir, env)


def fresh_loader_env(make_database: Callable[[str], str], tmp_path: Path) -> Iterator[LoaderEnv]:
    """An OpenDental source (57 core tables, empty), a private raw schema and dlt state dir (the body of
    the ``loader_env`` fixtures in tests/loaders and tests/mdc)."""
    source = make_database("src")
    with server_connection(source) as conn:
        create_schema(conn)
    env = new_env(source, tmp_path / "state")
    try:
        yield env
    finally:
        drop_raw(env.raw)

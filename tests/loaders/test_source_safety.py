"""The loader cannot write to the source; bad configuration and unreachable servers give clear errors."""

from __future__ import annotations

import uuid

import pymysql
import pytest
from loader_support import server_connection

from mdc.config import settings
from mdc.connections import Connections


def test_source_sessions_refuse_every_write(loader_env):
    env = loader_env
    env.source_sql("INSERT INTO definition (DefNum, Category, ItemName) VALUES (1, 1, 'x')")
    connections = Connections(settings(env.env))
    try:
        for statement in (
            "UPDATE definition SET ItemName = 'changed'",
            "INSERT INTO definition (DefNum, Category) VALUES (2, 1)",
            "DELETE FROM definition",
            "REPLACE INTO definition (DefNum, Category) VALUES (1, 2)",
        ):
            with (
                pytest.raises(pymysql.err.MySQLError) as caught,
                connections.reader() as conn,
                conn.cursor() as cur,
            ):
                cur.execute(statement)
            assert caught.value.args[0] == 1792  # "Cannot execute statement in a READ ONLY transaction"
    finally:
        connections.close()
    assert env.query(f"SELECT DefNum, ItemName FROM `{env.source}`.definition") == [(1, "x")]


def test_a_select_only_account_loads_and_doctor_confirms_it(loader_env, capsys):
    env = loader_env
    user = f"mdct_ro_{uuid.uuid4().hex[:8]}"
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw-{user}'")
        cur.execute(f"CREATE USER '{user}'@'localhost' IDENTIFIED BY 'pw-{user}'")
        for host in ("%", "localhost"):
            cur.execute(f"GRANT SELECT ON `{env.source}`.* TO '{user}'@'{host}'")
    try:
        env.source_sql("INSERT INTO definition (DefNum, Category, ItemName) VALUES (1, 1, 'x')")
        url = env.env["MDC_SOURCE_URL"].replace("root@", f"{user}:pw-{user}@")
        code, output = env.load(MDC_SOURCE_URL=url)
        assert code == 0, output
        assert f"pw-{user}" not in output
        assert env.differences() == []
        from mdc import doctor

        checks = {c.subject: c for c in doctor.diagnose(settings({**env.env, "MDC_SOURCE_URL": url}))}
        assert checks["source account privileges"].status == "ok"
        assert "cannot write" in checks["source account privileges"].detail
        assert checks["source session"].status == "ok"
    finally:
        with server_connection() as conn, conn.cursor() as cur:
            cur.execute(f"DROP USER IF EXISTS '{user}'@'%'")
            cur.execute(f"DROP USER IF EXISTS '{user}'@'localhost'")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"MDC_SOURCE_URL": "mysql+pymysql://root:s3cret-pw@127.0.0.1:1/od"},
            "cannot reach 127.0.0.1:1: is the server running and the host/port in MDC_SOURCE_URL right?",
        ),
        (
            {"MDC_SOURCE_URL": "mysql+pymysql://mdct_nobody:s3cret-pw@127.0.0.1:3306/od"},
            "authentication failed for user mdct_nobody: check the user and password in MDC_SOURCE_URL",
        ),
        (
            {"MDC_SOURCE_URL": "mysql+pymysql://root@127.0.0.1:3306/mdct_no_such_db"},
            "database mdct_no_such_db does not exist on 127.0.0.1: check the database name in MDC_SOURCE_URL",
        ),
        (
            {"MDC_WAREHOUSE_URL": "mysql+pymysql://root:s3cret-pw@127.0.0.1:1"},
            "cannot reach 127.0.0.1:1: is the server running and the host/port in MDC_WAREHOUSE_URL right?",
        ),
    ],
)
def test_connection_problems_are_explained(loader_env, change, expected):
    code, output = loader_env.load(**change)
    assert code == 1
    assert expected in output
    assert "s3cret-pw" not in output
    assert "Traceback" not in output


def test_bad_catalogue_and_unknown_tables_are_reported(loader_env, tmp_path):
    env = loader_env
    bad = tmp_path / "bad.toml"
    bad.write_text('[tables.procedurelog]\nstrategy = "sometimes"\n')
    code, output = env.load(MDC_CATALOGUE=str(bad))
    assert code == 2
    assert (
        "[tables.procedurelog] strategy = 'sometimes'; use one of incremental, append, replace, skip"
        in output
    )
    code, output = env.load(MDC_CATALOGUE=str(tmp_path / "missing.toml"))
    assert code == 2 and "missing.toml, which does not exist" in output
    code, output = env.load("--tables", "definition,nosuchtable")
    assert code == 1
    assert "table nosuchtable does not exist in the source database" in output
    assert "definition" in output
    code, output = env.load("--tables", "definition;drop")
    assert code == 2 and "not a plain table/column/schema name" in output


def test_any_other_opendental_table_can_be_added_by_name(loader_env):
    env = loader_env
    env.source_sql(
        "CREATE TABLE sheet (SheetNum bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, PatNum bigint NOT NULL,"
        " Description varchar(255) NOT NULL, DateTStamp timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP"
        " ON UPDATE CURRENT_TIMESTAMP)",
        "CREATE TABLE toothinitial (ToothInitialNum bigint NOT NULL PRIMARY KEY,"
        " ToothNum varchar(2) NOT NULL)",
        "INSERT INTO sheet (PatNum, Description) VALUES (1, 'consent'), (2, 'medical history')",
        "INSERT INTO toothinitial VALUES (1, '14'), (2, '3')",
    )
    code, output = env.load("--tables", "sheet,toothinitial")
    assert code == 0, output
    modes = dict(env.query(f"SELECT table_name, strategy FROM `{env.raw}`._mdc_load_tables"))
    assert modes == {"sheet": "incremental", "toothinitial": "replace"}
    env.source_sql(
        "DELETE FROM sheet WHERE SheetNum = 1",
        "UPDATE toothinitial SET ToothNum = '15' WHERE ToothInitialNum = 1",
    )
    assert env.load("--tables", "sheet,toothinitial")[0] == 0
    assert env.differences() == []


def test_reads_go_to_the_replica_when_one_is_configured(loader_env):
    env = loader_env
    env.source_sql("INSERT INTO definition (DefNum, Category, ItemName) VALUES (1, 1, 'on the replica')")
    # the primary is unreachable: every read must go to the replica
    code, output = env.load(
        MDC_SOURCE_URL="mysql+pymysql://root@127.0.0.1:1/opendental",
        MDC_SOURCE_REPLICA_URL=env.env["MDC_SOURCE_URL"],
    )
    assert code == 0, output
    assert env.query(f"SELECT ItemName FROM `{env.raw}`.definition") == [("on the replica",)]

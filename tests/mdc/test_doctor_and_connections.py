"""`mdc doctor` says what is wrong; the connection factory retries what a retry can fix."""

from __future__ import annotations

import pymysql
import pytest

from mdc import doctor
from mdc.config import settings
from mdc.connections import DatabaseError, Endpoint, open_connection, retry


def test_doctor_passes_on_a_working_setup(loader_env):
    env = loader_env
    env.source_sql(
        "INSERT INTO preference (PrefNum, PrefName, ValueString) VALUES (1, 'DataBaseVersion', '24.3.10.0')"
    )
    checks = {c.subject: c for c in doctor.diagnose(settings(env.env))}
    assert [c for c in checks.values() if c.status == "FAIL"] == []
    assert checks["source OpenDental version"].detail == "DataBaseVersion 24.3.10.0"
    assert checks["source tables"].status == "ok"
    assert checks["source session"].detail == "writes are refused (read-only session)"
    assert checks["warehouse local_infile"].status == "ok"
    assert checks["warehouse privileges"].status == "ok"
    # root can write: doctor says how to create a read-only account instead
    assert checks["source account privileges"].status == "warn"
    assert "GRANT SELECT ON" in checks["source account privileges"].detail


def test_doctor_reports_unreachable_servers_and_exits_non_zero(loader_env, capsys, monkeypatch):
    env = loader_env
    for name, value in {**env.env, "MDC_WAREHOUSE_URL": "mysql+pymysql://root:pw@127.0.0.1:1"}.items():
        monkeypatch.setenv(name, value)
    code = doctor.run(None)  # type: ignore[arg-type]
    printed = capsys.readouterr().out
    assert code == 1
    assert "FAIL  warehouse: warehouse database mysql+pymysql://root:***@127.0.0.1:1: cannot reach" in printed
    assert ":pw@" not in printed


def test_retry_recovers_from_transient_errors_with_backoff():
    calls: list[int] = []
    waits: list[float] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise pymysql.err.OperationalError(2013, "Lost connection to server during query")
        return "done"

    assert retry(flaky, what="test", sleep=waits.append) == "done"
    assert waits == [0.5, 1.0]


def test_retry_gives_up_on_permanent_errors_at_once():
    waits: list[float] = []

    def denied() -> None:
        raise pymysql.err.OperationalError(1045, "Access denied")

    with pytest.raises(pymysql.err.OperationalError):
        retry(denied, what="test", sleep=waits.append)
    assert waits == []


def test_retry_stops_after_the_last_attempt():
    waits: list[float] = []

    def deadlock() -> None:
        raise pymysql.err.OperationalError(1213, "Deadlock found")

    with pytest.raises(pymysql.err.OperationalError):
        retry(deadlock, what="test", attempts=3, sleep=waits.append)
    assert waits == [0.5, 1.0]


def test_connection_errors_name_the_variable_without_the_password():
    with pytest.raises(DatabaseError) as caught:
        open_connection(Endpoint("mysql+pymysql://root:hunter2@127.0.0.1:1/od", "replica"), attempts=1)
    message = str(caught.value)
    assert "MDC_SOURCE_REPLICA_URL" in message and "hunter2" not in message and "***" in message

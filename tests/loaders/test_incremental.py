"""Incremental loads keep raw equal to the source: updates, inserts, late rows, hard deletes."""

from __future__ import annotations

import json
import os
from unittest import mock

import loader_support
from loader_support import DIRTY_ROWS, server_connection


def _seed(env, procedures: int = 300) -> None:
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, DIRTY_ROWS)
        loader_support.bulk_rows(conn, procedures=procedures, claimprocs=procedures, securitylogs=50)
        loader_support.insert_rows(conn, {"definition": [{"DefNum": 3, "Category": 2, "ItemName": "old"}]})
    # rows last changed two days ago: outside the incremental window of later runs
    env.source_sql(
        "UPDATE procedurelog SET DateTStamp = NOW() - INTERVAL 2 DAY WHERE ProcNum >= 1000",
        "UPDATE claimproc SET SecDateTEdit = NOW() - INTERVAL 2 DAY WHERE ClaimProcNum >= 1000",
    )


def _modes(env, run: int = -1) -> dict[str, tuple[str, int, int, int]]:
    (run_id,) = env.query(f"SELECT run_id FROM `{env.raw}`._mdc_load_runs ORDER BY started_at")[run]
    rows = env.query(
        f"SELECT table_name, mode, rows_read, rows_written, rows_deleted FROM `{env.raw}`._mdc_load_tables"
        " WHERE run_id = %s",
        (run_id,),
    )
    return {name: (mode, read, written, deleted) for name, mode, read, written, deleted in rows}


def test_incremental_load_follows_updates_inserts_and_hard_deletes(loader_env):
    env = loader_env
    _seed(env)
    # securitylog 1010 is still uncommitted (invisible) while the first load runs
    env.source_sql("DELETE FROM securitylog WHERE SecurityLogNum = 1010")
    code, output = env.load()
    assert code == 0, output
    env.source_sql(
        # an update in the same second as the first load (shares the cursor's timestamp)
        "UPDATE procedurelog SET ProcFee = 777.77 WHERE ProcNum = 1001",
        # a row whose change was stamped 5 minutes ago but becomes visible only now (late commit)
        "UPDATE procedurelog SET ProcFee = 12.5, DateTStamp = NOW() - INTERVAL 5 MINUTE WHERE ProcNum = 1002",
        # new rows
        "INSERT INTO procedurelog (ProcNum, PatNum, ProcFee, ProcDate) VALUES (90001, 5, 1e-7, '2024-12-31')",
        "INSERT INTO payment (PayNum, PatNum, PayAmt, PayDate) VALUES (700, 1, 19.99, '0000-00-00')",
        # OpenDental hard deletes
        "DELETE FROM claimproc WHERE ClaimProcNum IN (100, 1005, 1006)",
        "DELETE FROM payment WHERE PayNum = 5",
        # an append-only log gets a key below the high-water mark (committed late)
        "INSERT INTO securitylog (SecurityLogNum, PermType, LogText) VALUES (1010, 9, 'late')",
        "INSERT INTO securitylog (SecurityLogNum, PermType, LogText) VALUES (5000, 9, 'new')",
        # a small table without a change column changes
        "UPDATE definition SET ItemName = 'renamed' WHERE DefNum = 1",
        "INSERT INTO definition (DefNum, Category, ItemName) VALUES (2, 1, 'second')",
        "DELETE FROM definition WHERE DefNum = 3",
    )
    assert env.differences()  # the comparison sees the changes before loading
    code, output = env.load()
    assert code == 0, output
    assert env.differences() == []
    modes = _modes(env)
    assert modes["procedurelog"][0] == "incremental"
    assert modes["procedurelog"][1] < 300  # only the changed window, not the whole table
    assert modes["claimproc"][3] == 3
    assert modes["payment"][3] == 1
    assert modes["securitylog"][0] == "append"
    assert modes["definition"] == ("ranges", 2, 2, 1)  # only the changed key range is re-copied
    assert modes["covcat"][0] == "unchanged"
    ((deleted,),) = env.query(
        f"SELECT rows_deleted FROM `{env.raw}`._mdc_load_runs ORDER BY started_at DESC LIMIT 1"
    )
    assert deleted == 5


def test_a_future_timestamp_does_not_hide_later_changes(loader_env):
    env = loader_env
    _seed(env, procedures=50)
    env.source_sql("UPDATE procedurelog SET DateTStamp = '2035-01-01 00:00:00' WHERE ProcNum = 1001")
    code, output = env.load()
    assert code == 0, output
    state = json.loads((env.state_dir / "dlt" / f"mdc_{env.raw}" / "state.json").read_text())
    cursor = state["sources"]["opendental"]["resources"]["procedurelog"]["incremental"]["_c"]["last_value"]
    ((now,),) = env.query("SELECT UNIX_TIMESTAMP()")
    assert cursor <= now  # clamped to the source clock, not 2035
    env.source_sql("UPDATE procedurelog SET ProcFee = 1.25 WHERE ProcNum = 1003")
    code, output = env.load()
    assert code == 0, output
    assert env.differences() == []


def test_unchanged_small_tables_are_not_reloaded(loader_env):
    env = loader_env
    _seed(env, procedures=10)
    assert env.load()[0] == 0
    code, output = env.load()
    assert code == 0, output
    modes = _modes(env)
    assert modes["definition"] == ("unchanged", 0, 0, 0)
    assert modes["preference"] == ("unchanged", 0, 0, 0)
    assert env.differences() == []


def test_lost_dlt_state_reloads_in_full(loader_env):
    env = loader_env
    _seed(env, procedures=40)
    assert env.load()[0] == 0
    for path in sorted((env.state_dir / "dlt").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    env.source_sql("DELETE FROM procedurelog WHERE ProcNum = 1003")  # procedurelog does not reconcile
    code, output = env.load()
    assert code == 0, output
    assert _modes(env)["procedurelog"][0] == "full"
    assert env.differences() == []


def _remembered_and_actual(env, table: str) -> tuple[object, object]:
    """Raw's remembered content buckets of ``table`` and the buckets raw actually has now."""
    from loaders.opendental import reconcile, warehouse
    from loaders.opendental.schema import plan_table, read_source_tables
    from loaders.opendental.settings import load_catalogue
    from mdc.config import settings
    from mdc.connections import Connections

    with mock.patch.dict(os.environ, env.env):
        connections = Connections(settings())
    try:
        with connections.reader() as conn:
            source = read_source_tables(conn, env.source)[table]
        plan = plan_table(load_catalogue().spec(table), source, hash_key_set=True)  # type: ignore[arg-type]
        with connections.warehouse() as conn:
            measures = {table: reconcile.content_measure(plan)}
            remembered = warehouse.read_content_buckets(conn, env.raw, measures).get(table)
        return remembered, reconcile.raw_buckets(connections, plan, env.raw)
    finally:
        connections.close()


def test_replace_tables_are_compared_with_remembered_raw_buckets(loader_env):
    env = loader_env
    _seed(env, procedures=10)
    assert env.load()[0] == 0
    remembered, actual = _remembered_and_actual(env, "definition")
    assert remembered == actual and actual  # written after the full load
    env.source_sql(
        "UPDATE definition SET ItemName = 'new' WHERE DefNum = 3",
        "INSERT INTO definition (DefNum, Category, ItemName) VALUES (9000, 2, 'far away')",
        "DELETE FROM definition WHERE DefNum = 1",
    )
    code, output = env.load()
    assert code == 0, output
    assert _modes(env)["definition"][0] == "ranges"
    assert env.differences() == []
    remembered, actual = _remembered_and_actual(env, "definition")
    assert remembered == actual  # re-copied buckets read back from raw, the others kept
    assert env.load()[0] == 0
    assert _modes(env)["definition"] == ("unchanged", 0, 0, 0)

"""No change is lost silently: the source clock check, ``mdc load --verify`` and MDC_VERIFY_DAYS."""

from __future__ import annotations

from urllib.parse import quote

import loader_support
from loader_support import DIRTY_ROWS, server_connection

AHEAD = "SET timestamp = UNIX_TIMESTAMP() + 172800"  # a source server whose clock runs two days ahead


def _seed(env) -> None:
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, DIRTY_ROWS)
        loader_support.bulk_rows(conn, procedures=300, claimprocs=300)
    env.source_sql(
        "UPDATE procedurelog SET DateTStamp = NOW() - INTERVAL 2 DAY",
        "UPDATE claimproc SET SecDateTEdit = NOW() - INTERVAL 2 DAY",
        # stamped while the source clock ran two days ahead
        "UPDATE procedurelog SET DateTStamp = NOW() + INTERVAL 2 DAY WHERE ProcNum IN (10, 11)",
        "UPDATE claimproc SET SecDateTEdit = NOW() + INTERVAL 2 DAY WHERE ClaimProcNum IN (100, 101)",
    )


def _warnings(env, check: str) -> dict[str, tuple[int, str]]:
    rows = env.query(
        f"SELECT w.table_name, w.rows_affected, w.detail FROM `{env.raw}`._mdc_load_warnings w"
        f" WHERE w.check_name = %s AND w.run_id = (SELECT run_id FROM `{env.raw}`._mdc_load_runs"
        " ORDER BY started_at DESC LIMIT 1)",
        (check,),
    )
    return {table: (int(count), str(detail)) for table, count, detail in rows}


def test_clock_set_back_warns_and_verify_makes_raw_equal_the_source(loader_env):
    env = loader_env
    _seed(env)
    ahead = env.env["MDC_SOURCE_URL"] + "?init_command=" + quote(AHEAD)
    code, output = env.load(MDC_SOURCE_URL=ahead)
    assert code == 0, output
    assert env.differences() == []
    # the clock is set back to the true time; OpenDental keeps working
    env.source_sql(
        # stamped now: two days before raw's high-water mark
        "UPDATE procedurelog SET ProcFee = 1.25 WHERE ProcNum BETWEEN 1001 AND 1005",
        "UPDATE claimproc SET InsPayEst = 2.5 WHERE ClaimProcNum BETWEEN 1001 AND 1003",
        # edits that kept the old DateTStamp / SecDateTEdit
        "UPDATE procedurelog SET ProcFee = 9.99, DateTStamp = DateTStamp WHERE ProcNum = 1010",
        "UPDATE claimproc SET WriteOff = 7, SecDateTEdit = SecDateTEdit WHERE ClaimProcNum = 1010",
        # rows inserted with old stamps
        "INSERT INTO procedurelog (ProcNum, PatNum, ProcFee, DateTStamp)"
        " VALUES (5000, 1, 3.5, NOW() - INTERVAL 3 DAY)",
        "INSERT INTO claimproc (ClaimProcNum, ProcNum, InsPayEst, SecDateTEdit)"
        " VALUES (5000, 5000, 1.5, NOW() - INTERVAL 3 DAY)",
        # a hard delete from a table without delete reconciliation
        "DELETE FROM procedurelog WHERE ProcNum = 1020",
    )
    code, output = env.load()
    assert code == 0, output
    assert "warning: source_clock_behind_loader: procedurelog: source clock" in output
    warned = _warnings(env, "source_clock_behind_loader")
    assert set(warned) == {"procedurelog", "claimproc"}
    assert warned["procedurelog"][0] == 5 and warned["claimproc"][0] == 3
    assert "behind the high-water mark" in warned["procedurelog"][1]
    # the widened window caught the edits stamped after the clock went back
    fees = env.query(f"SELECT ProcFee FROM `{env.raw}`.procedurelog WHERE ProcNum BETWEEN 1001 AND 1005")
    assert [fee for (fee,) in fees] == [1.25] * 5
    # what no window can see: only --verify finds it
    assert set(env.differences()) == {
        "procedurelog: column ProcFee differs for key 1010",
        "procedurelog: key 1020 only in raw",
        "procedurelog: key 5000 only in source",
        "claimproc: column WriteOff differs for key 1010",
    }
    code, output = env.load("--verify")
    assert code == 0, output
    # keys 1001-1300 and 5000 lie in two adjacent buckets of 4,096 keys: one range
    assert "verify: procedurelog: 1 key range(s) differed (8,192 keys wide" in output, output
    assert "302 rows re-copied, 1 deleted" in output
    assert "verify: claimproc: 1 key range(s) differed" in output, output
    assert "55 tables equal to the source, 2 repaired" in output
    for table in loader_support.raw_tables(env.raw):  # content, not only row counts, table by table
        assert loader_support.differences(env.source, env.raw, table, _skip(table)) == [], table
    repaired = _warnings(env, "verify_repaired")
    assert set(repaired) == {"procedurelog", "claimproc"}
    ((verified,),) = env.query(
        f"SELECT verified FROM `{env.raw}`._mdc_load_runs ORDER BY started_at DESC LIMIT 1"
    )
    assert verified == 1
    code, output = env.load("--verify")
    assert code == 0, output
    assert "57 tables equal to the source, 0 repaired" in output
    assert "key range(s) differed" not in output


def _skip(table: str) -> tuple[str, ...]:
    return ("SubscriberID",) if table == "inssub" else ()


def test_verify_runs_by_itself_when_the_last_one_is_older_than_mdc_verify_days(loader_env):
    env = loader_env
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, DIRTY_ROWS)
        loader_support.bulk_rows(conn, procedures=50)
    assert env.load()[0] == 0
    env.source_sql(
        "UPDATE procedurelog SET ProcFee = 4.75, DateTStamp = NOW() - INTERVAL 9 DAY WHERE ProcNum = 1007"
    )
    code, output = env.load()  # the first load is minutes old: no verify yet
    assert code == 0, output
    assert "verify:" not in output
    assert set(env.differences()) == {
        "procedurelog: column DateTStamp differs for key 1007",
        "procedurelog: column ProcFee differs for key 1007",
    }
    env.query(f"UPDATE `{env.raw}`._mdc_load_runs SET started_at = started_at - INTERVAL 8 DAY")
    code, output = env.load(MDC_VERIFY_DAYS="0")  # 0 = never
    assert code == 0, output
    assert "verify:" not in output and env.differences()
    code, output = env.load()  # default 7 days; the first successful run is 8 days old
    assert code == 0, output
    assert "no verify since the first load 8.0 days ago (MDC_VERIFY_DAYS=7)" in output
    assert "verify: procedurelog: 1 key range(s) differed" in output
    assert env.differences() == []
    code, output = env.load()  # verified just now
    assert code == 0, output
    assert "verify:" not in output
    env.query(f"UPDATE `{env.raw}`._mdc_load_runs SET finished_at = finished_at - INTERVAL 3 DAY")
    code, output = env.load(MDC_VERIFY_DAYS="2.5")
    assert code == 0, output
    assert "the last verify is 3.0 days old (MDC_VERIFY_DAYS=2.5)" in output
    code, output = env.load(MDC_VERIFY_DAYS="soon")
    assert code == 2 and "MDC_VERIFY_DAYS must be a number of days" in output


def test_every_successful_run_writes_a_fresh_success_row_even_when_nothing_changed(loader_env):
    env = loader_env
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, DIRTY_ROWS)
    assert env.load()[0] == 0
    # a raw schema from before this release: no verified column, no warnings table (added on the next run)
    env.query(f"ALTER TABLE `{env.raw}`._mdc_load_runs DROP COLUMN verified")
    env.query(f"DROP TABLE `{env.raw}`._mdc_load_warnings")
    for args in ((), ("--tables", "definition,preference")):  # no source row changed since the first
        code, output = env.load(*args)
        assert code == 0, output
    runs = env.query(
        f"SELECT status, started_at, finished_at, rows_written FROM `{env.raw}`._mdc_load_runs"
        " ORDER BY started_at"
    )
    assert [status for status, *_ in runs] == ["success"] * 3
    assert all(finished is not None and finished >= started for _, started, finished, _ in runs)
    finished = [f for _, _, f, _ in runs]
    assert finished == sorted(finished) and len(set(finished)) == 3  # moves with every run
    assert runs[-1][3] == 0  # the last run copied nothing (both tables compared equal)
    assert "2 tables, 0 rows read, 0 written, 0 deleted" in output
    assert env.query(f"SELECT COUNT(*) FROM `{env.raw}`._mdc_load_warnings") == [(0,)]


def test_the_widened_window_reaches_back_to_the_last_run_whichever_clock_was_wrong():
    from loaders.opendental.clock import Window, widened_window
    from loaders.opendental.schema import SourceColumn, SourceTable, TablePlan
    from loaders.opendental.settings import TableSpec

    stamp = SourceColumn("DateTStamp", "timestamp", "timestamp", False, None, "on update current_timestamp()")
    source = SourceTable("procedurelog", (stamp,), ("ProcNum",), 0)
    plan = TablePlan(TableSpec("procedurelog", "incremental", "DateTStamp"), source, (), ("ProcNum",), ())
    day, lag = 86_400, 900
    mark = 10 * day
    # the clock is past the mark: the normal window
    assert widened_window(plan, mark - lag, mark + 60, previous_run=mark - day) is None
    # the clock went back two days; the last run began a day before the mark by the warehouse's clock
    assert widened_window(plan, mark - lag, mark - 2 * day, previous_run=mark - day) == Window(
        mark - lag, mark - 2 * day - lag, mark, mark - 2 * day
    )
    # set back by one hour only: the last run (a day earlier) bounds the window
    assert widened_window(plan, mark - lag, mark - 3600, previous_run=mark - day).widened == mark - day - lag
    # no run recorded: the source clock minus the lag
    assert widened_window(plan, mark - lag, mark - 3600, previous_run=None).widened == mark - 3600 - lag
    # a first load (no mark yet) is never widened
    assert widened_window(plan, 0, mark, previous_run=None) is None

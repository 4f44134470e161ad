"""What `mdc doctor` and `mdc dbt build` say about the latest data-quality checks (mart_data_quality)."""

from __future__ import annotations

from collections.abc import Callable

from mdc import doctor
from mdc.data_quality import findings, summary
from testdb import server_connection

COLUMNS = ("check_name varchar(64), category varchar(32), severity varchar(8), table_name varchar(64),"
           " rows_affected bigint, amount_affected decimal(15, 2), example_keys varchar(1000),"
           " description text, how_to_fix text, checked_at datetime")


def test_non_zero_checks_are_reported_most_severe_first(make_database: Callable[[str], str]) -> None:
    schema = make_database("dq")
    with server_connection(schema) as conn:
        assert findings(conn, schema) is None
        assert summary(None) == ["data quality: mart_data_quality is not built yet (run `mdc dbt build`)"]
        with conn.cursor() as cur:
            cur.execute(f"create table mart_data_quality ({COLUMNS})")
            cur.execute(
                "insert into mart_data_quality values"
                " ('future_dated_transactions', 'money', 'info', 'adjustment', 2, 10.00, '7, 9', 'd', 'f',"
                "  now()),"
                " ('claimproc_received_without_date', 'money', 'warn', 'claimproc', 1106, 118489.68,"
                "  '1, 2', 'd', 'Set DateCP', now()),"
                " ('claimproc_without_claim', 'orphan', 'warn', 'claimproc', 0, 0, null, 'd', 'f',"
                "  now()),"
                " ('source_columns_missing', 'schema', 'warn', 'patient', 1, null, 'patient.Country', 'd',"
                "  'Upgrade', now())")
        found = findings(conn, schema)
        checks = doctor._data_quality_checks(conn, schema)
    assert found is not None
    assert [f.check_name for f in found] == [
        "claimproc_received_without_date", "source_columns_missing", "future_dated_transactions"]
    lines = summary(found)
    assert lines[0].startswith("data quality: 3 check(s) found something")
    assert lines[1] == ("  warn  claimproc_received_without_date claimproc: 1,106 rows, $118,489.68"
                        " (e.g. 1, 2)")
    assert lines[2] == "  warn  source_columns_missing patient: 1 rows (e.g. patient.Country)"
    assert [(c.status, c.subject) for c in checks] == [
        ("warn", "data quality claimproc_received_without_date"),
        ("warn", "data quality source_columns_missing"),
        ("ok", "data quality future_dated_transactions")]
    assert checks[0].detail.endswith("; to fix: Set DateCP")
    assert summary([]) == ["data quality: every check is zero"]

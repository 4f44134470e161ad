"""On a synthetic OpenDental practice: full load equals the source, and after `mdc synth --advance-days`
an incremental load equals it again (updates, inserts and OpenDental's hard deletes)."""

from __future__ import annotations

from loader_support import database_url, drop_raw, new_env

from loaders.opendental.checksum import checksum
from loaders.opendental.schema import plan_table, read_source_tables
from loaders.opendental.settings import load_catalogue
from synth import PINNED_END_DATE, advance_practice, create_practice


def _checksums_match(env) -> list[str]:
    """Second, independent check: the loader's content checksums agree table by table."""
    import pymysql

    catalogue = load_catalogue()
    problems = []
    conn = pymysql.connect(host="127.0.0.1", user="root", charset="utf8mb4", autocommit=True)
    with conn:
        with conn.cursor() as cur:
            cur.execute("SET SESSION sql_mode='', time_zone='+00:00'")
        for name, source in read_source_tables(conn, env.source).items():
            plan = plan_table(catalogue.spec(name), source, hash_key_set=True)
            if checksum(conn, plan, env.source, name) != checksum(conn, plan, env.raw, name):
                problems.append(name)
    return problems


def test_full_and_incremental_loads_follow_a_simulated_practice(make_database, tmp_path):
    source = make_database("synth")
    report = create_practice(database_url(source), "tiny", seed=7, end_date=PINNED_END_DATE)
    assert report.rows["procedurelog"] > 500
    env = new_env(source, tmp_path / "state")
    try:
        code, output = env.load()
        assert code == 0, output
        assert env.differences() == []
        advanced = advance_practice(database_url(source), 2)
        assert sum(advanced.deleted.values()) > 0 and sum(advanced.updated.values()) > 0
        assert env.differences()  # the source moved on
        code, output = env.load()
        assert code == 0, output
        assert env.differences() == []
        assert _checksums_match(env) == []
        modes = dict(
            env.query(
                f"SELECT table_name, mode FROM `{env.raw}`._mdc_load_tables t JOIN"
                f" `{env.raw}`._mdc_load_runs r USING (run_id) ORDER BY r.started_at"
            )
        )
        assert modes["procedurelog"] == "incremental" and modes["claimproc"] == "incremental"
    finally:
        drop_raw(env.raw)

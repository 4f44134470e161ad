"""A group of practices night after night: one practice's source is down, the others go on.

Two tiny synthetic practices are loaded and built with ``mdc load`` and ``mdc dbt build`` (MDC_PRACTICES).
Then practice ``a`` has a new day and practice ``b``'s server is unreachable: the load exits 1 naming
``b``, ``a`` is loaded and built, and ``b``'s marts keep their last good data and their own as-of date.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from testdb import database_url, server_connection

pytestmark = pytest.mark.xdist_group("group_pipeline")


def mdc(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``mdc <args>`` as a user would; never raises on the exit code."""
    return subprocess.run([sys.executable, "-m", "mdc.cli", *args], env=env, capture_output=True, text=True,
                          check=False)


def write_practices(path: Path, sources: dict[str, str]) -> None:
    path.write_text("".join(f'[practices.{pid}]\nname = "Practice {pid.upper()}"\nsource_url = "{url}"\n\n'
                            for pid, url in sources.items()), encoding="utf-8")


def marts_checksums(schema: str) -> dict[str, tuple[int, int]]:
    """Row count and an order-free checksum of every mart's data columns.

    Build bookkeeping is left out: columns starting with ``_`` (``_built_at``) and ``checked_at`` of
    mart_data_quality say when a build ran, not what the practice's data is.
    """
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute("select table_name, group_concat(concat('coalesce(`', column_name, '`, ''~'')')"
                    " order by ordinal_position)"
                    " from information_schema.columns where table_schema = %s and table_name not like '\\_%%'"
                    " and column_name not like '\\_%%' and column_name <> 'checked_at' group by table_name",
                    (schema,))
        columns = dict(cur.fetchall())
        sums = {}
        for table, column_list in sorted(columns.items()):
            cur.execute(f"select count(*), coalesce(sum(crc32(concat_ws('|', {column_list}))), 0)"
                        f" from `{schema}`.`{table}`")
            count, checksum = cur.fetchone()
            sums[table] = (int(count), int(checksum))
        return sums


def one(sql: str) -> object:
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(sql)
        row = cur.fetchone()
        return row[0] if row else None


def test_a_practice_whose_source_is_down_keeps_its_last_data_and_the_others_go_on(
    make_database: Callable[[str], str], tmp_path: Path, server_url: str
) -> None:
    from synth import PINNED_END_DATE, advance_practice, create_practice

    sources = {pid: make_database(f"src{pid}") for pid in ("a", "b")}
    for seed, source in zip((7, 11), sources.values(), strict=True):
        create_practice(database_url(source), scale="tiny", seed=seed, end_date=PINNED_END_DATE,
                        shuffle_codes=True)
    raw, marts = make_database("graw"), make_database("gmart")
    practices = tmp_path / "practices.toml"
    write_practices(practices, {pid: database_url(db) for pid, db in sources.items()})
    env = {**os.environ, "MDC_PRACTICES": str(practices), "MDC_RAW_SCHEMA": raw, "MDC_DBT_SCHEMA": marts,
           "MDC_WAREHOUSE_URL": server_url, "DBT_TARGET_PATH": str(tmp_path / "target"),
           "DBT_LOG_PATH": str(tmp_path / "logs"), "MDC_VERIFY_DAYS": "0"}

    first = mdc(env, "load")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "all 2 practice(s) ok" in first.stdout
    build = mdc(env, "dbt", "build")
    assert build.returncode == 0, build.stdout[-4000:]
    b_before = marts_checksums(f"{marts}_b")
    assert "fct_ledger" in b_before and "mart_kpis_monthly" in b_before
    b_as_of = one(f"select as_of_date from `{marts}`.`dim_practice` where practice_id = 'b'")
    a_procedures = one(f"select count(*) from `{marts}_a`.`fct_procedures`")
    assert b_as_of is not None

    # Night two: practice a has a new day; b's server is down (nothing listens on port 1).
    advance_practice(database_url(sources["a"]), 3)
    write_practices(practices, {"a": database_url(sources["a"]),
                                "b": f"mysql+pymysql://root@127.0.0.1:1/{sources['b']}"})
    second = mdc(env, "load")
    assert second.returncode == 1, second.stdout + second.stderr
    assert "1 of 2 practice(s) failed: b" in second.stdout
    assert "cannot reach 127.0.0.1:1" in second.stdout  # the child's own reason, prefixed [b]
    rebuilt = mdc(env, "dbt", "build")
    assert rebuilt.returncode == 0, rebuilt.stdout[-4000:]

    assert one(f"select count(*) from `{marts}_a`.`fct_procedures`") > a_procedures  # a moved on
    assert marts_checksums(f"{marts}_b") == b_before  # b: every mart as it was, row for row
    assert one(f"select as_of_date from `{marts}`.`dim_practice` where practice_id = 'b'") == b_as_of
    # ... and the group still shows b's last good data next to a's new data.
    by_practice = dict(_rows(f"select practice_id, count(*) from `{marts}`.`fct_procedures` group by 1"))
    assert by_practice == {"a": one(f"select count(*) from `{marts}_a`.`fct_procedures`"),
                           "b": one(f"select count(*) from `{marts}_b`.`fct_procedures`")}


def _rows(sql: str) -> list[tuple[object, ...]]:
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(sql)
        return list(cur.fetchall())

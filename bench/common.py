"""What the benchmarks share: their arguments, the bench server, the source practice, running `mdc load`.

``bench.py`` (``make bench``), ``bench_load.py`` (``make bench-load``) and ``bench_group.py``
(``make bench-group``) import this module; none imports another.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymysql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mdc.connections import scalar  # noqa: E402
from synth import PINNED_END_DATE, SCALES  # noqa: E402


def parse_arguments(
    description: str | None, more: Callable[[argparse.ArgumentParser], None] | None = None
) -> argparse.Namespace:
    """The arguments of the benchmarks; ``more`` adds a benchmark's own (and may change defaults)."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="large", choices=SCALES)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--end-date", type=dt.date.fromisoformat, default=PINNED_END_DATE,
                        help="the source practice's last day (pinned: every run measures the same practice)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the source practice even if present")
    parser.add_argument(
        "--suffix", default="", help="appended to the bench's schema names (to leave a previous run's alone)"
    )
    parser.add_argument(
        "--prefix", default="mdc_bench", help="start of every schema name the bench creates (shared servers)"
    )
    if more is not None:
        more(parser)
    return parser.parse_args()


def ensure_practice(args: argparse.Namespace) -> str:
    """The source practice's database ``<prefix>_<scale>_s<seed>``, built unless it already exists."""
    from synth import create_practice

    source = f"{args.prefix}_{args.scale}_s{args.seed}"
    if args.rebuild or not exists(source):
        print(f"building the {args.scale} practice in {source} (seed {args.seed}) ...", flush=True)
        began = time.monotonic()
        create_practice(database_url(source), args.scale, seed=args.seed, end_date=args.end_date)
        print(f"  built in {time.monotonic() - began:.0f} s", flush=True)
    return source


def server_url() -> Any:
    """The server to benchmark on: MDC_WAREHOUSE_URL (source and copies live there too)."""
    return make_url(os.environ.get("MDC_WAREHOUSE_URL") or "mysql+pymysql://root@127.0.0.1:3306")


def connect(database: str | None = None) -> pymysql.connections.Connection:
    """A loader-like session on the bench server (UTC, sql_mode='')."""
    url = server_url()
    conn = pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        database=database,
        charset="utf8mb4",
        autocommit=True,
    )
    with conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode='', time_zone='+00:00'")
    return conn


def database_url(database: str) -> str:
    """SQLAlchemy URL of ``database`` on the bench server."""
    return server_url().set(database=database).render_as_string(hide_password=False)


def exists(database: str) -> bool:
    """True if the database exists and looks like a finished synthetic practice."""
    with connect() as conn, conn.cursor() as cur:
        tables = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = %s"
        if scalar(cur, tables, (database,)) < 57:
            return False
        aging = f"SELECT COUNT(*) FROM `{database}`.preference WHERE PrefName = 'DateLastAging'"
        return bool(scalar(cur, aging))


def run_timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run ``command``; return (seconds, exit code, output)."""
    began = time.monotonic()
    done = subprocess.run(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )
    return time.monotonic() - began, done.returncode, done.stdout


def measured(command: list[str]) -> list[str]:
    """``command`` run under RSS_WRAPPER, which prints the command's own peak RSS (``PEAK_RSS_KB=``).

    The wrapper matters: ru_maxrss of a child forked straight from the bench counts the bench's own
    pages up to the child's exec (Linux keeps the old address space's high-water mark), and the bench
    process holds a large practice in memory after ``advance_practice``: a 170 MB dbt run then reads
    as 960 MB. The wrapper is a fresh, small interpreter, so its child's peak is the command's own.
    """
    return [sys.executable, "-c", RSS_WRAPPER, *command]


def peak_rss_mb(output: str) -> float:
    """The wrapper's ``PEAK_RSS_KB=`` in MB (NaN when missing)."""
    marker = [line for line in output.splitlines() if line.startswith("PEAK_RSS_KB=")]
    return int(marker[-1].split("=")[1]) / 1024 if marker else float("nan")


def run_loader(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """One ``mdc load`` in its own process (so its peak RSS is its own)."""
    command = measured([sys.executable, "-m", "loaders.opendental_pipeline", *args])
    seconds, code, output = run_timed(command, env)
    if code != 0:
        print(output)
        raise SystemExit(f"mdc load failed with exit code {code}")
    return seconds, peak_rss_mb(output), output


# Runs a command in a child process and reports that child's own peak RSS (see measured()).
RSS_WRAPPER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print(f"PEAK_RSS_KB={usage.ru_maxrss}", flush=True)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def mysqldump_copy(source: str, target: str, tables: list[str]) -> float:
    """``mysqldump --single-transaction --quick ... | mysql`` into ``target``; return seconds."""
    url = server_url()
    with connect() as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{target}`")
        cur.execute(f"CREATE DATABASE `{target}` CHARACTER SET utf8mb4")
    options = ["-h", url.host or "127.0.0.1", "-P", str(url.port or 3306), "-u", url.username or "root"]
    env = {**os.environ, "MYSQL_PWD": url.password or ""}
    dump = shutil.which("mariadb-dump") or "mysqldump"
    client = shutil.which("mariadb") or "mysql"
    began = time.monotonic()
    producer = subprocess.Popen(
        [dump, *options, "--single-transaction", "--quick", "--skip-lock-tables", source, *tables],
        stdout=subprocess.PIPE,
        env=env,
    )
    consumer = subprocess.run([client, *options, target], stdin=producer.stdout, env=env, check=False)
    producer.stdout.close()  # type: ignore[union-attr]
    if producer.wait() != 0 or consumer.returncode != 0:
        raise SystemExit("mysqldump | mysql failed")
    return time.monotonic() - began


def read_name(database: str, table: str) -> str:
    """The source's own spelling of a table name (mysqldump is case-sensitive on Linux)."""
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
            " AND LOWER(table_name) = %s",
            (database, table),
        )
        row = cur.fetchone()
    return str(row[0]) if row else table


MB = 1024 * 1024
QUERY_RUNS = 7  # warm runs of each canonical dashboard query, after one warm-up


def sizes_mb(parts: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Per part: MB of its InnoDB files on disk and InnoDB's data + index estimate (information_schema).

    The files are what the server's disk carries; the estimate comes from InnoDB's statistics, which
    lag a table's last changes until they are recalculated (in the background, after 10 % of rows).
    """
    result: dict[str, dict[str, float]] = {}
    with connect() as conn, conn.cursor() as cur:
        for part, names in parts.items():
            marks = ", ".join(["%s"] * len(names))
            cur.execute(
                f"SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables"
                f" WHERE table_schema IN ({marks}) AND table_type = 'BASE TABLE'", names,
            )
            estimate = float(cur.fetchone()[0])  # type: ignore[index]
            # file-per-table: one tablespace named '<schema>/<table>' per table
            prefixes = " OR ".join(["name LIKE %s"] * len(names))
            cur.execute(
                f"SELECT COALESCE(SUM(allocated_size), 0) FROM information_schema.innodb_sys_tablespaces"
                f" WHERE {prefixes}", [name.replace("_", "\\_") + "/%" for name in names],
            )
            on_disk = float(cur.fetchone()[0])  # type: ignore[index]
            result[part] = {"disk_mb": round(on_disk / MB, 1), "data_index_mb": round(estimate / MB, 1)}
    return result


def query_latencies(dbt_schema: str, last_day: dt.date, group: bool = False) -> list[dict[str, Any]]:
    """Median warm latency of each canonical dashboard query (ms), one warm-up run first.

    ``group``: the group layer's forms of the queries (``dashboards/sql/group/``).
    """
    try:
        from dashboards.canonical import canonical_queries
    except ImportError:
        print("  dashboards/canonical.py not found: no canonical queries timed")
        return []
    timings = []
    with connect(dbt_schema) as conn, conn.cursor() as cur:
        for query in canonical_queries(last_day, group):
            runs = []
            for _ in range(QUERY_RUNS + 1):
                began = time.perf_counter()
                cur.execute(query.sql, query.params)
                rows = cur.fetchall()
                runs.append((time.perf_counter() - began) * 1000)
            timings.append(
                {"query": query.name, "ms": round(statistics.median(runs[1:]), 1),
                 "first_ms": round(runs[0], 1), "rows": len(rows)}
            )
    return timings

"""``make bench-load``: the loader against ``mysqldump --single-transaction | mysql`` on one server.

Steps (all on the server of MDC_WAREHOUSE_URL / MDC_SOURCE_URL's host):

1. build the synthetic practice ``mdc_bench_<scale>_s<seed>`` (or reuse it when it exists);
2. ``mdc load --full-refresh`` into a fresh raw schema, timing it and measuring its peak RSS;
3. ``mysqldump --single-transaction --quick`` of the same tables piped into ``mysql`` (another
   database on the same server), timed;
4. check that every raw table equals the source (row count and content checksum);
5. ``advance_practice(..., 1)`` (one more simulated day), then an incremental ``mdc load``, timed,
   and the check again;
6. print the table and write it to ``bench/results/bench-load-<scale>.md`` (and ``.json``).

Goals (issue "loaders"): full load within 1.5x of mysqldump, peak RSS under 500 MB, incremental
after one simulated day under 5 % of the full load. The exit code is 0 even when a goal is missed
(it is a measurement); it is 1 when the copy is not exact.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pymysql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

from loaders.connections import scalar  # noqa: E402
from loaders.opendental.checksum import checksum  # noqa: E402
from loaders.opendental.schema import plan_table, read_source_tables  # noqa: E402
from loaders.opendental.settings import load_catalogue  # noqa: E402

GOAL_RATIO = 1.5
GOAL_RSS_MB = 500
GOAL_INCREMENTAL = 0.05


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


def run_loader(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """One ``mdc load`` in its own process (so its peak RSS is its own)."""
    command = [sys.executable, "-c", RSS_WRAPPER, *args]
    seconds, code, output = run_timed(command, env)
    marker = [line for line in output.splitlines() if line.startswith("PEAK_RSS_KB=")]
    rss = int(marker[-1].split("=")[1]) / 1024 if marker else float("nan")
    if code != 0:
        print(output)
        raise SystemExit(f"mdc load failed with exit code {code}")
    return seconds, rss, output


# Runs `mdc load` in a child process and reports that child's own peak RSS.
RSS_WRAPPER = """
import os, resource, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "loaders.opendental_pipeline", *sys.argv[1:]])
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


def verify(source: str, raw: str) -> tuple[int, list[str], int]:
    """Compare every table: (tables checked, tables that differ, rows in raw)."""
    catalogue = load_catalogue()
    bad: list[str] = []
    rows = 0
    with connect() as conn:
        tables = read_source_tables(conn, source)
        for name in catalogue.loadable():
            plan = plan_table(catalogue.spec(name), tables[name], hash_key_set=True)  # type: ignore[arg-type]
            source_sum = checksum(conn, plan, source, tables[name].name)
            raw_sum = checksum(conn, plan, raw, name)
            rows += raw_sum[0]
            if source_sum != raw_sum:
                bad.append(name)
    return len(catalogue.loadable()), bad, rows


def main() -> int:
    """Run the benchmark; print and save the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="large", choices=("tiny", "demo", "large"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the source practice even if present")
    args = parser.parse_args()
    from loaders.synth import advance_practice, create_practice

    source = f"mdc_bench_{args.scale}_s{args.seed}"
    raw = f"mdc_bench_raw_{args.scale}"
    dumped = f"mdc_bench_dump_{args.scale}"
    state = ROOT / ".mdc" / "bench" / args.scale
    if args.rebuild or not exists(source):
        print(f"building the {args.scale} practice in {source} (seed {args.seed}) ...", flush=True)
        began = time.monotonic()
        create_practice(database_url(source), args.scale, seed=args.seed)
        print(f"  built in {time.monotonic() - began:.0f} s", flush=True)
    with connect() as conn, conn.cursor() as cur:
        for name in (raw, f"{raw}_staging"):
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        practice_day = scalar(
            cur, f"SELECT ValueString FROM `{source}`.preference WHERE PrefName = 'DateLastAging'"
        )
    shutil.rmtree(state, ignore_errors=True)
    env = {
        **os.environ,
        "MDC_SOURCE_URL": database_url(source),
        "MDC_SOURCE_REPLICA_URL": "",
        "MDC_WAREHOUSE_URL": server_url().render_as_string(hide_password=False),
        "MDC_RAW_SCHEMA": raw,
        "MDC_STATE_DIR": str(state),
        "MDC_PHI_HASH_KEY": os.environ.get("MDC_PHI_HASH_KEY") or "bench-key",
        "MDC_CATALOGUE": "",
    }
    tables = load_catalogue().loadable()

    print("full load (mdc load --full-refresh) ...", flush=True)
    full_s, full_rss, _ = run_loader(["--no-progress", "--full-refresh"], env)
    checked, bad_full, rows = verify(source, raw)
    print(f"mysqldump --single-transaction | mysql of the same {len(tables)} tables ...", flush=True)
    dump_s = mysqldump_copy(source, dumped, [read_name(source, t) for t in tables])
    print("advancing the practice by one day (mdc synth --advance-days 1) ...", flush=True)
    advance_practice(database_url(source), 1)
    print("incremental load (mdc load) ...", flush=True)
    inc_s, inc_rss, _ = run_loader(["--no-progress"], env)
    _, bad_inc, _ = verify(source, raw)
    with connect() as conn, conn.cursor() as cur:  # the source practice stays for the next run
        for name in (dumped, raw, f"{raw}_staging"):
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")

    result = {
        "scale": args.scale,
        "seed": args.seed,
        "practice_day": practice_day,
        "tables": checked,
        "rows": rows,
        "mysqldump_seconds": round(dump_s, 1),
        "full_seconds": round(full_s, 1),
        "full_peak_rss_mb": round(full_rss),
        "incremental_seconds": round(inc_s, 1),
        "incremental_peak_rss_mb": round(inc_rss),
        "ratio_full_to_mysqldump": round(full_s / dump_s, 2),
        "incremental_share_of_full": round(inc_s / full_s, 4),
        "exact_after_full": not bad_full,
        "exact_after_incremental": not bad_inc,
        "measured_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
    }
    table = render(result)
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"bench-load-{args.scale}.md").write_text(table + "\n")
    (RESULTS / f"bench-load-{args.scale}.json").write_text(json.dumps(result, indent=2) + "\n")
    if bad_full or bad_inc:
        print(f"NOT EXACT: after full load {bad_full}, after incremental {bad_inc}")
        return 1
    return 0


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


def render(r: dict[str, Any]) -> str:
    """The result as a Markdown table with the goals."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    return "\n".join(
        [
            f"### make bench-load: {r['scale']} practice (seed {r['seed']},"
            f" practice day {r['practice_day']}),"
            f" {r['tables']} tables, {r['rows']:,} rows; {r['cpus']} CPUs; {r['measured_at']}",
            "",
            "| step | seconds | peak RSS | vs mysqldump | goal |",
            "|---|---:|---:|---:|---|",
            f"| mysqldump --single-transaction \\| mysql | {r['mysqldump_seconds']:.1f} | - | 1.00x | - |",
            f"| mdc load (full) | {r['full_seconds']:.1f} | {r['full_peak_rss_mb']} MB |"
            f" {r['ratio_full_to_mysqldump']:.2f}x |"
            f" <= {GOAL_RATIO}x: {verdict(r['ratio_full_to_mysqldump'] <= GOAL_RATIO)};"
            f" RSS < {GOAL_RSS_MB} MB: {verdict(r['full_peak_rss_mb'] < GOAL_RSS_MB)} |",
            f"| mdc load (incremental, after --advance-days 1) | {r['incremental_seconds']:.1f} |"
            f" {r['incremental_peak_rss_mb']} MB | {r['incremental_share_of_full']:.1%} of full |"
            f" < {GOAL_INCREMENTAL:.0%}: {verdict(r['incremental_share_of_full'] < GOAL_INCREMENTAL)} |",
            "",
            "Raw equals source (row count + content checksum, every table): after full load"
            f" {'yes' if r['exact_after_full'] else 'NO'},"
            f" after incremental {'yes' if r['exact_after_incremental'] else 'NO'}.",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())

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

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    RESULTS,
    ROOT,
    connect,
    database_url,
    ensure_practice,
    mysqldump_copy,
    parse_arguments,
    read_name,
    run_loader,
    server_url,
)

from loaders.opendental.checksum import checksum  # noqa: E402
from loaders.opendental.schema import plan_table, read_source_tables  # noqa: E402
from loaders.opendental.settings import load_catalogue  # noqa: E402
from mdc.connections import scalar  # noqa: E402

GOAL_RATIO = 1.5
GOAL_RSS_MB = 500
GOAL_INCREMENTAL = 0.05


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
    args = parse_arguments(__doc__)
    from synth import advance_practice

    source = ensure_practice(args)
    raw = f"mdc_bench_raw_{args.scale}{args.suffix}"
    dumped = f"mdc_bench_dump_{args.scale}{args.suffix}"
    state = ROOT / ".mdc" / "bench" / f"{args.scale}{args.suffix}"
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

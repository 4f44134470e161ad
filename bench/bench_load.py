"""``make bench-load``: the loader against ``mysqldump --single-transaction | mysql`` on one server.

Steps (all on the server of MDC_WAREHOUSE_URL / MDC_SOURCE_URL's host):

1. build the synthetic practice ``mdc_bench_<scale>_s<seed>`` (or reuse it when it exists);
2. ``mdc load --full-refresh`` into a fresh raw schema, timing it and measuring its peak RSS;
3. ``mysqldump --single-transaction --quick`` of the same tables piped into ``mysql`` (another
   database on the same server), timed;
4. check that every raw table equals the source (row count and content checksum);
5. ``advance_practice(..., 1)`` (one more simulated day), then an incremental ``mdc load``, timed,
   and the check again;
6. ``mdc load --verify`` on that unchanged raw, timed (the command and its verify phase); then a
   divergence planted in raw (changed values, rows removed, a row the source does not have, in three
   tables) and ``mdc load --verify`` again, timed, and the check again;
7. print the table and write it to ``bench/results/bench-load-<scale>.md`` (and ``.json``).

Goals (issue "loaders"): full load within 1.5x of mysqldump, peak RSS under 500 MB, incremental
after one simulated day under 5 % of the full load, ``mdc load --verify`` at most half a full load
(issue "trustworthy night after night"). The exit code is 0 even when a goal is missed
(it is a measurement); it is 1 when the copy is not exact.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
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
GOAL_VERIFY = 0.5
# A divergence only --verify can find: values changed without a new stamp, rows lost, a row too many.
PLANTED = (
    "UPDATE `{raw}`.procedurelog SET ProcFee = ProcFee + 1 WHERE ProcNum MOD 997 = 0",
    "DELETE FROM `{raw}`.claimproc WHERE ClaimProcNum MOD 1999 = 0",
    "DELETE FROM `{raw}`.definition WHERE DefNum MOD 7 = 0",
    "INSERT INTO `{raw}`.paysplit SELECT * FROM `{raw}`.paysplit ORDER BY SplitNum DESC LIMIT 1",
)


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
    raw = f"{args.prefix}_raw_{args.scale}{args.suffix}"
    dumped = f"{args.prefix}_dump_{args.scale}{args.suffix}"
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
        "MDC_VERIFY_DAYS": "0",  # verify only where the benchmark asks for it
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
    print("mdc load --verify on the unchanged raw ...", flush=True)
    ver_s, ver_rss, output = run_loader(["--no-progress", "--verify"], env)
    ver_phase = _phase(output, "verify")
    print("mdc load --verify after a planted divergence ...", flush=True)
    with connect() as conn, conn.cursor() as cur:
        for statement in PLANTED:
            cur.execute(statement.format(raw=raw).replace("SELECT *", _shifted_paysplit(cur, raw)))
    rep_s, rep_rss, output = run_loader(["--no-progress", "--verify"], env)
    rep_phase = _phase(output, "verify")
    repaired = sorted(set(re.findall(r"verify: (\w+): \d+ key range", output)))
    _, bad_ver, _ = verify(source, raw)
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
        "verify_seconds": round(ver_s, 1),
        "verify_phase_seconds": round(ver_phase, 1),
        "verify_peak_rss_mb": round(ver_rss),
        "verify_share_of_full": round(ver_s / full_s, 4),
        "repair_seconds": round(rep_s, 1),
        "repair_phase_seconds": round(rep_phase, 1),
        "repair_peak_rss_mb": round(rep_rss),
        "repair_share_of_full": round(rep_s / full_s, 4),
        "repaired_tables": repaired,
        "exact_after_verify": not bad_ver,
        "measured_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
    }
    table = render(result)
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"bench-load-{args.scale}.md").write_text(table + "\n")
    (RESULTS / f"bench-load-{args.scale}.json").write_text(json.dumps(result, indent=2) + "\n")
    if bad_full or bad_inc or bad_ver:
        print(f"NOT EXACT: after full load {bad_full}, after incremental {bad_inc}, after verify {bad_ver}")
        return 1
    return 0


def _phase(output: str, name: str) -> float:
    """Seconds of one phase from the summary's ``time:`` line (0 when absent)."""
    found = re.search(rf"\b{name} ([0-9.]+) s", output)
    return float(found.group(1)) if found else 0.0


def _shifted_paysplit(cur: Any, raw: str) -> str:
    """The select list that copies paysplit's last row under a key the source does not have."""
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = %s"
        " AND table_name = 'paysplit' ORDER BY ordinal_position",
        (raw,),
    )
    columns = [name for (name,) in cur.fetchall()]
    return "SELECT " + ", ".join("SplitNum + 1000000" if c == "SplitNum" else f"`{c}`" for c in columns)


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
            f"| mdc load --verify (raw unchanged; verify phase {r['verify_phase_seconds']:.1f} s) |"
            f" {r['verify_seconds']:.1f} | {r['verify_peak_rss_mb']} MB |"
            f" {r['verify_share_of_full']:.0%} of full |"
            f" <= {GOAL_VERIFY:.0%}: {verdict(r['verify_share_of_full'] <= GOAL_VERIFY)} |",
            f"| mdc load --verify (planted divergence; verify phase {r['repair_phase_seconds']:.1f} s) |"
            f" {r['repair_seconds']:.1f} | {r['repair_peak_rss_mb']} MB |"
            f" {r['repair_share_of_full']:.0%} of full |"
            f" <= {GOAL_VERIFY:.0%}: {verdict(r['repair_share_of_full'] <= GOAL_VERIFY)} |",
            "",
            "Raw equals source (row count + content checksum, every table): after full load"
            f" {'yes' if r['exact_after_full'] else 'NO'},"
            f" after incremental {'yes' if r['exact_after_incremental'] else 'NO'},"
            f" after the verify that repaired {', '.join(r['repaired_tables']) or 'nothing'}"
            f" {'yes' if r['exact_after_verify'] else 'NO'}.",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())

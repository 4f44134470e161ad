"""``make bench``: the whole nightly pipeline on a synthetic practice, full and incremental, in one run.

Steps (all on the server of MDC_WAREHOUSE_URL):

1. build the synthetic practice ``mdc_bench_<scale>_s<seed>`` (or reuse it when it exists);
2. ``mdc load --full-refresh`` into a fresh raw schema, next to ``mysqldump --single-transaction | mysql``
   of the same tables (the baseline);
3. ``mdc dbt build --full-refresh`` into a fresh dbt schema (after an untimed ``dbt parse``);
4. ``advance_practice(..., 1)`` (one more simulated day), then the nightly run: ``mdc load`` and
   ``mdc dbt build``, both incremental;
5. the warehouse's size after the full build (raw and dbt schemas, from information_schema);
6. each canonical dashboard query (``dashboards/canonical.py``): median latency of warm runs;
7. print the table and write it to ``bench/results/bench-<scale>.md`` (and ``.json``), with the slowest
   dbt nodes of each build (from dbt's run_results.json).

Peak memory is the peak RSS of each step's process tree (the loader, dbt), not the server's.
Goals (issue 7): full dbt build under 10 minutes, the nightly run (incremental load + build) under 10 %
of the full run (full load + build), each canonical query under 100 ms. They are reported, never
enforced: the exit code is 0 unless a step fails. Schema names differ from ``bench_load.py``'s, so the
two benchmarks can share the source practice.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    QUERY_RUNS,
    RESULTS,
    ROOT,
    connect,
    database_url,
    ensure_practice,
    measured,
    mysqldump_copy,
    parse_arguments,
    peak_rss_mb,
    query_latencies,
    read_name,
    run_loader,
    server_url,
    sizes_mb,
)

GOAL_FULL_BUILD_S = 600
GOAL_NIGHTLY_SHARE = 0.10
GOAL_QUERY_MS = 100
SLOWEST = 25


def run_measured(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Run ``command`` (output to ``log``); return (seconds, peak RSS in MB of it and its children)."""
    began = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(measured(command), env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                              check=False)
    seconds = time.monotonic() - began
    if done.returncode != 0:
        print(log.read_text()[-5000:])
        raise SystemExit(f"{' '.join(command[1:4])} ... failed (log: {log})")
    return seconds, peak_rss_mb(log.read_text())


def dbt_build(label: str, args: list[str], env: dict[str, str], work: Path) -> dict[str, Any]:
    """One timed ``mdc dbt build``; return seconds, peak RSS and its slowest nodes."""
    seconds, rss = run_measured(
        [str(ROOT / ".venv" / "bin" / "mdc"), "dbt", "build", *args], env, work / f"dbt-{label}.log"
    )
    results = json.loads((work / "target" / "run_results.json").read_text())
    shutil.copyfile(work / "target" / "run_results.json", work / f"run_results-{label}.json")
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    nodes = sorted(results["results"], key=lambda r: r["execution_time"], reverse=True)
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(rss),
        "nodes": len(nodes),
        "by_kind": node_kinds(nodes, manifest),
        "slowest": [
            {"node": short_name(r["unique_id"]), "seconds": round(r["execution_time"], 1)}
            for r in nodes[:SLOWEST]
        ],
    }


def node_kinds(results: list[dict[str, Any]], manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Per kind of node (tests, views, tables, incremental models, seeds): count, summed and median
    execution_time. The median of the cheap kinds is dbt's fixed cost per node on this server."""
    kinds: dict[str, list[float]] = {}
    for result in results:
        node = manifest["nodes"].get(result["unique_id"], {})
        kind = node.get("resource_type", result["unique_id"].split(".")[0])
        if kind == "model":
            kind = node.get("config", {}).get("materialized", "model")
        kinds.setdefault(kind, []).append(result["execution_time"])
    return [
        {"kind": kind, "count": len(times), "seconds": round(sum(times), 1),
         "median_s": round(statistics.median(times), 2)}
        for kind, times in sorted(kinds.items(), key=lambda item: -sum(item[1]))
    ]


def short_name(unique_id: str) -> str:
    """``model.mdc_analytics.fct_ledger`` -> ``model fct_ledger`` (tests keep their generated name)."""
    kind, _, name = unique_id.split(".", 2)
    return f"{kind} {name.rsplit('.', 1)[0] if kind == 'test' else name}"


def practice_today(source: str) -> dt.date:
    """The practice's own "today" (preference DateLastAging), which advance_practice moves on."""
    with connect() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT ValueString FROM `{source}`.preference WHERE PrefName = 'DateLastAging'")
        row = cur.fetchone()
    if row is None:
        raise SystemExit(f"{source}: no DateLastAging preference (not a synthetic practice?)")
    return dt.date.fromisoformat(str(row[0])[:10])


def drop(*databases: str) -> None:
    """Drop the bench's own databases (never the source practice)."""
    with connect() as conn, conn.cursor() as cur:
        for name in databases:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def main() -> int:
    """Run the benchmark; print and save the table."""
    args = parse_arguments(__doc__)
    from synth import advance_practice

    source = ensure_practice(args)
    raw = f"mdc_bench_raw_{args.scale}_b{args.suffix}"
    dumped = f"mdc_bench_dump_{args.scale}_b{args.suffix}"
    analytics = f"mdc_bench_analytics_{args.scale}{args.suffix}"
    ours = (raw, f"{raw}_staging", dumped, analytics, f"{analytics}_staging")
    work = ROOT / ".mdc" / "bench" / f"{args.scale}_b{args.suffix}"
    drop(*ours)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    practice_day = practice_today(source)
    env = {
        **os.environ,
        "MDC_SOURCE_URL": database_url(source),
        "MDC_SOURCE_REPLICA_URL": "",
        "MDC_WAREHOUSE_URL": server_url().render_as_string(hide_password=False),
        "MDC_RAW_SCHEMA": raw,
        "MDC_DBT_SCHEMA": analytics,
        "MDC_STATE_DIR": str(work / "state"),
        "MDC_PHI_HASH_KEY": os.environ.get("MDC_PHI_HASH_KEY") or "bench-key",
        "MDC_CATALOGUE": "",
        # dbt's target and logs of this run stay apart from other dbt runs in the checkout
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
    }
    from loaders.opendental.settings import load_catalogue

    tables = load_catalogue().loadable()
    steps: dict[str, Any] = {}

    print("full load (mdc load --full-refresh) ...", flush=True)
    seconds, rss, _ = run_loader(["--no-progress", "--full-refresh"], env)
    steps["full_load"] = {"seconds": round(seconds, 1), "peak_rss_mb": round(rss)}
    print(f"mysqldump --single-transaction | mysql of the same {len(tables)} tables ...", flush=True)
    dump_seconds = mysqldump_copy(source, dumped, [read_name(source, t) for t in tables])
    steps["mysqldump"] = {"seconds": round(dump_seconds, 1)}
    drop(dumped)
    print("dbt parse (untimed) ...", flush=True)
    run_measured([str(ROOT / ".venv" / "bin" / "mdc"), "dbt", "parse"], env, work / "dbt-parse.log")
    print("full dbt build (mdc dbt build --full-refresh) ...", flush=True)
    steps["full_build"] = dbt_build("full", ["--full-refresh"], env, work)
    warehouse = sizes_mb({"raw": [raw, f"{raw}_staging"], "marts": [analytics, f"{analytics}_staging"]})
    print("advancing the practice by one day (mdc synth --advance-days 1) ...", flush=True)
    advance_practice(database_url(source), 1)
    print("incremental load (mdc load) ...", flush=True)
    seconds, rss, _ = run_loader(["--no-progress"], env)
    steps["incremental_load"] = {"seconds": round(seconds, 1), "peak_rss_mb": round(rss)}
    print("incremental dbt build (mdc dbt build) ...", flush=True)
    steps["incremental_build"] = dbt_build("incremental", [], env, work)
    print("canonical dashboard queries ...", flush=True)
    queries = query_latencies(analytics, practice_today(source))

    full = steps["full_load"]["seconds"] + steps["full_build"]["seconds"]
    nightly = steps["incremental_load"]["seconds"] + steps["incremental_build"]["seconds"]
    result = {
        "scale": args.scale,
        "seed": args.seed,
        "practice_day": practice_day.isoformat(),
        "steps": steps,
        "full_run_seconds": round(full, 1),
        "nightly_run_seconds": round(nightly, 1),
        "nightly_share_of_full": round(nightly / full, 4),
        "full_load_to_mysqldump": round(steps["full_load"]["seconds"] / steps["mysqldump"]["seconds"], 2),
        "queries": queries,
        "warehouse": warehouse,
        "measured_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
    }
    table = render(result)
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"bench-{args.scale}.md").write_text(table + "\n")
    (RESULTS / f"bench-{args.scale}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"kept for inspection: databases {raw}, {analytics} (+ _staging); dbt logs in {work}")
    return 0


def render(r: dict[str, Any]) -> str:
    """The result as Markdown: the steps with their goals, the queries, the slowest dbt nodes."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    s = r["steps"]
    full_build = s["full_build"]["seconds"]
    lines = [
        f"### make bench: {r['scale']} practice (seed {r['seed']}, practice day {r['practice_day']});"
        f" {r['cpus']} CPUs; {r['measured_at']}",
        "",
        "| step | seconds | peak RSS | ratio | goal |",
        "|---|---:|---:|---:|---|",
        f"| mysqldump --single-transaction \\| mysql | {s['mysqldump']['seconds']:.1f} | - | 1.00x | - |",
        f"| mdc load --full-refresh | {s['full_load']['seconds']:.1f} | {s['full_load']['peak_rss_mb']} MB |"
        f" {r['full_load_to_mysqldump']:.2f}x mysqldump | - |",
        f"| mdc dbt build --full-refresh ({s['full_build']['nodes']} nodes) | {full_build:.1f} |"
        f" {s['full_build']['peak_rss_mb']} MB | - |"
        f" < {GOAL_FULL_BUILD_S} s: {verdict(full_build < GOAL_FULL_BUILD_S)} |",
        f"| **full run** (load + build) | {r['full_run_seconds']:.1f} | - | 100% | - |",
        f"| mdc load (after --advance-days 1) | {s['incremental_load']['seconds']:.1f} |"
        f" {s['incremental_load']['peak_rss_mb']} MB |"
        f" {s['incremental_load']['seconds'] / r['full_run_seconds']:.1%} of full run | - |",
        f"| mdc dbt build (incremental) | {s['incremental_build']['seconds']:.1f} |"
        f" {s['incremental_build']['peak_rss_mb']} MB |"
        f" {s['incremental_build']['seconds'] / r['full_run_seconds']:.1%} of full run | - |",
        f"| **nightly run** (load + build) | {r['nightly_run_seconds']:.1f} | - |"
        f" {r['nightly_share_of_full']:.1%} of full run |"
        f" < {GOAL_NIGHTLY_SHARE:.0%}: {verdict(r['nightly_share_of_full'] < GOAL_NIGHTLY_SHARE)} |",
    ]
    if r.get("warehouse"):
        raw, marts = r["warehouse"]["raw"], r["warehouse"]["marts"]
        lines += [
            "",
            f"Warehouse after the full build: {raw['disk_mb'] + marts['disk_mb']:.1f} MB of InnoDB files"
            f" (raw {raw['disk_mb']:.1f} MB, marts {marts['disk_mb']:.1f} MB); InnoDB's data + index"
            f" estimate {raw['data_index_mb'] + marts['data_index_mb']:.1f} MB.",
        ]
    if r["queries"]:
        lines += [
            "",
            f"Canonical dashboard queries right after the nightly run: the first run, then the median"
            f" of {QUERY_RUNS} warm runs:",
            "",
            "| query | first ms | warm ms | rows | goal |",
            "|---|---:|---:|---:|---|",
        ]
        lines += [
            f"| {q['query']} | {q.get('first_ms', float('nan')):.1f} | {q['ms']:.1f} | {q['rows']} |"
            f" < {GOAL_QUERY_MS} ms: {verdict(max(q['ms'], q.get('first_ms', 0)) < GOAL_QUERY_MS)} |"
            for q in r["queries"]
        ]
    for label in ("full_build", "incremental_build"):
        if s[label].get("by_kind"):
            lines += ["", f"Nodes of the {label.replace('_', ' ')} by kind (dbt execution_time; 2 threads):",
                      "", "| kind | nodes | s | median s |", "|---|---:|---:|---:|"]
            lines += [f"| {k['kind']} | {k['count']} | {k['seconds']:.1f} | {k['median_s']:.2f} |"
                      for k in s[label]["by_kind"]]
        lines += ["", f"Slowest nodes of the {label.replace('_', ' ')} (dbt execution_time, s):", ""]
        lines += ["| node | s |", "|---|---:|"]
        lines += [f"| {n['node']} | {n['seconds']:.1f} |" for n in s[label]["slowest"]]
    lines += ["", "Peak RSS: the step's own process tree (loader or dbt), not the MariaDB server."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

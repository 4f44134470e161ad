"""``make bench-group``: one warehouse for 1, 2 and 4 practices (issue 17): what a group costs.

For each group size n (``--sizes``, default 1,2,4), on the server of MDC_WAREHOUSE_URL:

1. the sources: practice ``p<i>`` is its own synthetic OpenDental database
   ``<prefix>_group_<scale>_p<i>_s<seed + i - 1>``, made once by ``mdc synth`` and reused by every size
   (the practices of size 2 are those of size 1 plus one) and by later runs;
2. ``MDC_PRACTICES``: a TOML file naming p1 .. pn (``[practices.p1]`` name, source_url, synth);
3. fresh schemas for this size (so the full run is a full run): ``mdc load --full-refresh --jobs J``
   (every practice), then ``mdc dbt build --full-refresh`` (every practice, then the group layer);
4. the warehouse's size: the raw schemas and the dbt schemas (practices' and group's), from
   ``information_schema`` (the InnoDB files on disk, and InnoDB's data + index estimate);
5. the nightly run: every source one more day (``mdc synth --advance-days 1``, untimed), then
   ``mdc load --jobs J`` and ``mdc dbt build``, both incremental;
6. each canonical dashboard query (``dashboards/canonical.py``) on the group layer, which unions every
   practice's marts: median latency of warm runs.

Each size's figures are compared with one practice's: the goal (issue 17) is that n practices cost at
most n times one, for the full run and the nightly run (load + build). It is reported, never enforced.
Peak memory is the peak RSS of the largest process of each step's tree (``ru_maxrss`` is a maximum, so
two loads at once count once), not the server's. The sources move on one day per size measured, so p1
is two days older when size 4 measures it than when size 1 did: a few hundred rows in 400,000 (demo).
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    RESULTS,
    ROOT,
    connect,
    database_url,
    exists,
    measured,
    parse_arguments,
    peak_rss_mb,
    query_latencies,
    server_url,
    sizes_mb,
)

from mdc.practices import read_practices  # noqa: E402

MDC = str(ROOT / ".venv" / "bin" / "mdc")
GOAL_QUERY_MS = 100  # as make bench's (issue 7)


def more_arguments(parser: argparse.ArgumentParser) -> None:
    """The group bench's own options; its scale defaults to demo (issue 17: demo practices)."""
    parser.set_defaults(scale="demo")
    parser.add_argument("--sizes", default="1,2,4", type=sizes,
                        help="group sizes to measure, comma-separated (default 1,2,4)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="mdc load and mdc dbt --jobs: practices loaded or built at once (default 2)")


def sizes(text: str) -> list[int]:
    """``"4,1,2"`` -> ``[1, 2, 4]``."""
    try:
        values = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 1,2,4, got {text!r}") from None
    if not values or values[0] < 1:
        raise argparse.ArgumentTypeError(f"expected positive sizes, got {text!r}")
    return values


def source_name(args: argparse.Namespace, index: int) -> str:
    """The source database of practice ``p<index>`` (1-based): its own seed, its own database."""
    return f"{args.prefix}_group_{args.scale}_p{index}_s{args.seed + index - 1}"


def practices_toml(args: argparse.Namespace, count: int) -> str:
    """The ``MDC_PRACTICES`` file of the first ``count`` practices."""
    lines = []
    for index in range(1, count + 1):
        lines += [
            f"[practices.p{index}]",
            f'name = "Bench practice {index}"',
            f'source_url = "{database_url(source_name(args, index))}"',
            f'synth = {{ scale = "{args.scale}", seed = {args.seed + index - 1} }}',
            "",
        ]
    return "\n".join(lines)


def synth_reads_practices() -> bool:
    """True when this checkout's ``mdc synth`` makes the practices of ``MDC_PRACTICES`` (``--practice``).

    Before that, the bench makes each source with a plain ``mdc synth`` pointed at its database.
    """
    from synth.command import add_arguments

    parser = argparse.ArgumentParser(add_help=False)
    add_arguments(parser)
    return not parser.parse_known_args(["--practice", "p1"])[1]


def ensure_sources(args: argparse.Namespace, count: int, env: dict[str, str], work: Path) -> None:
    """Make the missing sources with ``mdc synth``, one practice at a time, each in its own database."""
    practices = work / "sources.toml"
    practices.write_text(practices_toml(args, count))
    grouped = synth_reads_practices()
    for index in range(1, count + 1):
        source = source_name(args, index)
        if not args.rebuild and exists(source):
            continue
        print(f"building practice p{index} ({args.scale}, seed {args.seed + index - 1}) in {source} ...",
              flush=True)
        if grouped:  # its scale and seed from the file's synth table
            command = [MDC, "synth", "--practice", f"p{index}"]
            own = {**env, "MDC_PRACTICES": str(practices)}
        else:
            command = [MDC, "synth", "--scale", args.scale, "--seed", str(args.seed + index - 1)]
            own = {**env, "MDC_SOURCE_URL": database_url(source)}
        seconds, _ = run_step([*command, "--end-date", args.end_date.isoformat()], own,
                              work / f"synth-p{index}.log")
        print(f"  built in {seconds:.0f} s", flush=True)


def advance_sources(count: int, env: dict[str, str], work: Path) -> None:
    """One more simulated day in every source of the group (``mdc synth --advance-days 1``)."""
    if synth_reads_practices():  # env names the group's MDC_PRACTICES file: every practice of it
        run_step([MDC, "synth", "--advance-days", "1"], env, work / "advance.log")
        return
    alone = {k: v for k, v in env.items() if k != "MDC_PRACTICES"}
    for practice in read_practices(env) or []:
        run_step([MDC, "synth", "--advance-days", "1"], {**alone, "MDC_SOURCE_URL": practice.source_url},
                 work / f"advance-{practice.id}.log")


def run_step(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Run ``command`` (output to ``log``); return (seconds, peak RSS in MB of its largest process)."""
    began = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(measured(command), env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                              check=False)
    seconds = time.monotonic() - began
    if done.returncode != 0:
        print(log.read_text()[-5000:])
        raise SystemExit(f"{' '.join(command[1:4])} ... failed with exit code {done.returncode} (log: {log})")
    return seconds, peak_rss_mb(log.read_text())


def schemas(raw: str, analytics: str, ids: list[str]) -> dict[str, list[str]]:
    """Every schema a group of ``ids`` uses, by part (docs/group.md; mdc/practices.py)."""
    return {
        # the loader's own staging schema sits next to each raw schema (its files are on the disk too)
        "raw": [name for i in ids for name in (f"{raw}_{i}", f"{raw}_{i}_staging")],
        "practice marts": [name for i in ids for name in (f"{analytics}_{i}", f"{analytics}_{i}_staging")],
        "group layer": [analytics, f"{analytics}_staging"],
    }


def drop(names: list[str]) -> None:
    """Drop the bench's own schemas (never a source)."""
    with connect() as conn, conn.cursor() as cur:
        for name in names:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def missing(names: list[str]) -> list[str]:
    """The schemas of ``names`` that do not exist."""
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT schema_name FROM information_schema.schemata")
        present = {str(row[0]) for row in cur.fetchall()}
    return [name for name in names if name not in present]


def dbt_invocations(work: Path, since: float) -> list[dict[str, Any]]:
    """Each dbt invocation of a step (one per practice, then the group layer): its practice (or
    ``group``), elapsed seconds and node count, from the run_results.json files written after ``since``."""
    found = []
    # the practices in their order, then the group layer, as mdc dbt runs them
    paths = sorted(work.rglob("run_results.json"), key=lambda p: (p.parent.name == "group", p.parent.name))
    for path in paths:
        if path.stat().st_mtime < since:
            continue
        results = json.loads(path.read_text())
        found.append({
            # mdc dbt's target folders: <DBT_TARGET_PATH>/practices/<id>, then <DBT_TARGET_PATH>/group
            "target": path.parent.name,
            "seconds": round(float(results.get("elapsed_time", 0.0)), 1),
            "nodes": len(results.get("results", [])),
        })
    return found


def measure_size(args: argparse.Namespace, count: int, base: dict[str, str], work: Path) -> dict[str, Any]:
    """Full run, warehouse size and nightly run of a group of ``count`` practices, in fresh schemas."""
    ids = [f"p{index}" for index in range(1, count + 1)]
    raw = f"{args.prefix}_graw_{args.scale}_{count}{args.suffix}"
    analytics = f"{args.prefix}_ganalytics_{args.scale}_{count}{args.suffix}"
    parts = schemas(raw, analytics, ids)
    everything = [name for names in parts.values() for name in names]
    drop(everything)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    toml = work / "practices.toml"
    toml.write_text(practices_toml(args, count))
    env = {
        **base,
        "MDC_PRACTICES": str(toml),
        "MDC_RAW_SCHEMA": raw,
        "MDC_DBT_SCHEMA": analytics,
        "MDC_STATE_DIR": str(work / "state"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
    }
    steps: dict[str, Any] = {}

    def step(label: str, command: list[str]) -> None:
        print(f"  {count} practice(s): {' '.join(command[1:])} ...", flush=True)
        began = time.time()
        seconds, rss = run_step(command, env, work / f"{label}.log")
        steps[label] = {"seconds": round(seconds, 1), "peak_rss_mb": round(rss)}
        if command[1] == "dbt":
            steps[label]["invocations"] = dbt_invocations(work, began)
        print(f"    {seconds:.1f} s", flush=True)

    step("full_load", [MDC, "load", "--no-progress", "--full-refresh", "--jobs", str(args.jobs)])
    absent = missing([f"{raw}_{i}" for i in ids])
    if absent:
        raise SystemExit(f"mdc load left no raw schema for {', '.join(absent)}: does this checkout's"
                         " mdc load load every practice of MDC_PRACTICES?")
    step("full_build", [MDC, "dbt", "build", "--full-refresh", "--jobs", str(args.jobs)])
    absent = missing([f"{analytics}_{i}" for i in ids] + [analytics])
    if absent:
        raise SystemExit(f"mdc dbt build made no schema {', '.join(absent)}: does this checkout's"
                         " mdc dbt build every practice, then the group layer?")
    warehouse = sizes_mb(parts)
    print(f"  advancing {count} source(s) by one day (mdc synth --advance-days 1) ...", flush=True)
    advance_sources(count, env, work)
    step("nightly_load", [MDC, "load", "--no-progress", "--jobs", str(args.jobs)])
    step("nightly_build", [MDC, "dbt", "build", "--jobs", str(args.jobs)])
    print(f"  {count} practice(s): canonical dashboard queries on the group layer ...", flush=True)
    # unqualified names on the group schema: the group layer's views over every practice's marts, read
    # with the group's forms of the queries (keys with practice_id)
    queries = query_latencies(analytics, args.end_date, group=True)
    return {
        "practices": count,
        "schemas": {"raw": raw, "dbt": analytics},
        "steps": steps,
        "full_run_seconds": round(steps["full_load"]["seconds"] + steps["full_build"]["seconds"], 1),
        "nightly_run_seconds": round(steps["nightly_load"]["seconds"] + steps["nightly_build"]["seconds"], 1),
        "warehouse": warehouse,
        "queries": queries,
        "warehouse_disk_mb": round(sum(p["disk_mb"] for p in warehouse.values()), 1),
        "warehouse_data_index_mb": round(sum(p["data_index_mb"] for p in warehouse.values()), 1),
    }


def main() -> int:
    """Run the group benchmark; print and save the table."""
    args = parse_arguments(__doc__, more_arguments)
    work = ROOT / ".mdc" / "bench" / f"group_{args.scale}{args.suffix}"
    work.mkdir(parents=True, exist_ok=True)
    base = {
        **os.environ,
        "MDC_SOURCE_REPLICA_URL": "",
        "MDC_WAREHOUSE_URL": server_url().render_as_string(hide_password=False),
        "MDC_PHI_HASH_KEY": os.environ.get("MDC_PHI_HASH_KEY") or "bench-key",
        "MDC_CATALOGUE": "",
    }
    base.pop("MDC_PRACTICES", None)
    ensure_sources(args, max(args.sizes), base, work)
    measurements = []
    for count in args.sizes:
        print(f"group of {count} {args.scale} practice(s):", flush=True)
        measurements.append(measure_size(args, count, base, work / f"n{count}"))
        if count != max(args.sizes):
            # only the largest group stays for inspection: the smaller ones would only fill the disk
            m = measurements[-1]["schemas"]
            drop([n for names in schemas(m["raw"], m["dbt"], [f"p{i}" for i in range(1, count + 1)]).values()
                  for n in names])
    result = {
        "scale": args.scale,
        "seeds": [args.seed + index for index in range(max(args.sizes))],
        "end_date": args.end_date.isoformat(),
        "jobs": args.jobs,
        "sizes": measurements,
        "measured_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
    }
    table = render(result)
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"bench-group-{args.scale}.md").write_text(table + "\n")
    (RESULTS / f"bench-group-{args.scale}.json").write_text(json.dumps(result, indent=2) + "\n")
    kept = measurements[-1]["schemas"]
    print(f"kept for inspection: databases {kept['raw']}_p*, {kept['dbt']} (+ _p*, _staging);"
          f" logs in {work}")
    return 0


def ratio(value: float, one: float) -> str:
    """``value`` as a multiple of one practice's (``-`` when one practice's is 0)."""
    return f"{value / one:.2f}x" if one else "-"


def render(r: dict[str, Any]) -> str:
    """The result as Markdown: seconds and size per group size, then the ratios to one practice."""
    rows = r["sizes"]
    one = rows[0]
    seeds = r["seeds"]
    lines = [
        f"### make bench-group: {', '.join(str(s['practices']) for s in rows)} {r['scale']} practice(s)"
        f" (seeds {seeds[0]}-{seeds[-1]}, practice day {r['end_date']}); mdc load --jobs {r['jobs']};"
        f" {r['cpus']} CPUs; {r['measured_at']}",
        "",
        "| practices | full load s | full build s | full run s | nightly load s | nightly build s |"
        " nightly run s | warehouse MB on disk (raw + marts + group) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in rows:
        st, w = s["steps"], s["warehouse"]
        lines.append(
            f"| {s['practices']} | {st['full_load']['seconds']:.1f} | {st['full_build']['seconds']:.1f} |"
            f" {s['full_run_seconds']:.1f} | {st['nightly_load']['seconds']:.1f} |"
            f" {st['nightly_build']['seconds']:.1f} | {s['nightly_run_seconds']:.1f} |"
            f" {s['warehouse_disk_mb']:.1f} ({w['raw']['disk_mb']:.1f} + {w['practice marts']['disk_mb']:.1f}"
            f" + {w['group layer']['disk_mb']:.1f}) |"
        )
    if one["practices"] != 1:
        lines += ["", "No 1-practice run in this measurement: no ratios."]
        return "\n".join(lines + footer())
    lines += [
        "",
        "Each group size as a multiple of one practice (goal, issue 17: n practices cost at most n times one,"
        " full run and nightly run):",
        "",
        "| practices | full load | full build | full run | goal | nightly load | nightly build"
        " | nightly run | goal | warehouse |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---|---:|",
    ]
    for s in rows:
        n, st, first = s["practices"], s["steps"], one["steps"]
        full, nightly = s["full_run_seconds"] / one["full_run_seconds"], \
            s["nightly_run_seconds"] / one["nightly_run_seconds"]
        lines.append(
            f"| {n} | {ratio(st['full_load']['seconds'], first['full_load']['seconds'])} |"
            f" {ratio(st['full_build']['seconds'], first['full_build']['seconds'])} |"
            f" {full:.2f}x | <= {n}x: {verdict(full <= n)} |"
            f" {ratio(st['nightly_load']['seconds'], first['nightly_load']['seconds'])} |"
            f" {ratio(st['nightly_build']['seconds'], first['nightly_build']['seconds'])} |"
            f" {nightly:.2f}x | <= {n}x: {verdict(nightly <= n)} |"
            f" {ratio(s['warehouse_disk_mb'], one['warehouse_disk_mb'])} |"
        )
    lines += [
        "",
        "Peak RSS (MB) of each step's largest process:",
        "",
        "| practices | full load | full build | nightly load | nightly build |",
        "|---:|---:|---:|---:|---:|",
    ]
    kinds = ("full_load", "full_build", "nightly_load", "nightly_build")
    lines += [
        f"| {s['practices']} | " + " | ".join(str(s["steps"][k]["peak_rss_mb"]) for k in kinds) + " |"
        for s in rows
    ]
    names = [q["query"] for q in rows[-1].get("queries", [])]
    if names:
        lines += ["", "Canonical dashboard queries on the group layer after the nightly run (all practices;"
                  " warm median ms, first run in brackets):", "",
                  "| query | " + " | ".join(plural(s["practices"]) for s in rows) + " | goal |",
                  "|---|" + "---:|" * len(rows) + "---|"]
        for name in names:
            cells = [next((q for q in s.get("queries", []) if q["query"] == name), None) for s in rows]
            slowest = max((max(q["ms"], q["first_ms"]) for q in cells if q), default=0.0)
            timed = [f"{q['ms']:.1f} ({q['first_ms']:.1f})" if q else "-" for q in cells]
            lines.append(f"| {name} | " + " | ".join(timed)
                         + f" | < {GOAL_QUERY_MS} ms: {verdict(slowest < GOAL_QUERY_MS)} |")
    invocations = [(s["practices"], k, i) for s in rows for k in ("full_build", "nightly_build")
                   for i in s["steps"][k].get("invocations", [])]
    if invocations:
        lines += ["", "The builds by dbt invocation (dbt's elapsed_time; one per practice, then the group"
                  " layer):", "", "| practices | build | practice | s | nodes |", "|---:|---|---|---:|---:|"]
        lines += [f"| {n} | {k.split('_')[0]} | {i['target']} | {i['seconds']:.1f} | {i['nodes']} |"
                  for n, k, i in invocations]
    return "\n".join(lines + footer())


def plural(count: int) -> str:
    """``1 practice``, ``2 practices``."""
    return f"{count} practice{'s' if count != 1 else ''}"


def verdict(ok: bool) -> str:
    """met / MISSED, as in ``make bench``."""
    return "met" if ok else "MISSED"


def footer() -> list[str]:
    """What the sizes mean."""
    return [
        "",
        "Warehouse MB: the InnoDB files (information_schema.innodb_sys_tablespaces) of the raw schemas, the"
        " practices' dbt schemas and the group schemas, right after the full build; views take no space.",
    ]


if __name__ == "__main__":
    sys.exit(main())

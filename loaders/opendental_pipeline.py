"""``mdc load``: copy OpenDental tables from MDC_SOURCE_URL into MDC_RAW_SCHEMA (see docs/etl.md).

With ``MDC_PRACTICES`` (docs/group.md) it loads every practice of the file, each into
``<MDC_RAW_SCHEMA>_<id>`` in its own process, ``--jobs`` at a time; ``--practice ID`` loads one.

Exit codes: 0 every table (of every practice) loaded; 1 at least one table or practice failed (the
summary and ``_mdc_load_tables`` say which and why; the other practices are loaded); 2 bad
configuration; 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from loaders.opendental.outcome import RunReport
    from mdc.practices import Practice


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the options of ``mdc load``."""
    parser.add_argument(
        "--tables",
        metavar="A,B",
        help="load only these tables (comma-separated); any OpenDental table may be named",
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild the selected raw tables from scratch and reset their cursors",
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="after loading, compare every table's content with the source by key ranges and re-copy"
        " the ranges that differ (runs by itself when the last verify is older than MDC_VERIFY_DAYS)",
    )
    parser.add_argument(
        "--practice",
        metavar="ID",
        help="with MDC_PRACTICES: load only this practice",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=2,
        metavar="N",
        help="with MDC_PRACTICES: load N practices at once (default 2)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bars (default: on when stderr is a terminal, plain lines otherwise)",
    )


def run(args: argparse.Namespace) -> int:
    """Run one load; print a summary; return the exit code."""
    from loaders.opendental import raw_indexes
    from loaders.opendental.helpers import q
    from loaders.opendental.progress import Progress
    from loaders.opendental.runner import Loader
    from loaders.opendental.settings import CatalogueError, load_catalogue
    from mdc.config import redact, settings
    from mdc.connections import Connections, DatabaseError
    from mdc.practices import read_practices, select

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        config = settings()
        practices = read_practices()
        if practices is not None:
            return load_practices(args, select(practices, args.practice))
    except ValueError as exc:  # PracticesError included
        print(f"mdc load: {exc}", file=sys.stderr)
        return 2
    if args.practice:
        print("mdc load: --practice needs MDC_PRACTICES (the file of the group's practices)", file=sys.stderr)
        return 2
    tables = [t for t in (args.tables or "").split(",") if t.strip()]
    try:
        catalogue = load_catalogue(config.catalogue_path or None)
    except CatalogueError as exc:
        print(f"mdc load: {exc}", file=sys.stderr)
        return 2
    try:
        for table in tables:
            q(table.strip())
    except ValueError as exc:
        print(f"mdc load: --tables: {exc}", file=sys.stderr)
        return 2
    bars = sys.stderr.isatty() if args.progress is None else bool(args.progress)
    progress = Progress(bars=bars)
    connections = Connections(config)
    print(
        f"mdc load: {redact(config.read_url)} -> {redact(config.warehouse_url)} schema {config.raw_schema}",
        file=sys.stderr,
    )
    try:
        report = Loader(
            config,
            catalogue,
            connections,
            tables=tables,
            full_refresh=args.full_refresh,
            verify=args.verify,
            progress=progress,
        ).run()
        # Secondary indexes after the data is in, then fresh statistics (loaders/opendental/raw_indexes.py).
        raw_indexes.after_load(config, connections, report, sys.stderr)
    except DatabaseError as exc:
        print(f"mdc load: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("mdc load: interrupted; run it again to finish (nothing is duplicated)", file=sys.stderr)
        return 130
    finally:
        connections.close()
    print_summary(report, sys.stdout)
    return 0 if report.ok else 1


def load_practices(args: argparse.Namespace, practices: list[Practice]) -> int:
    """Load each practice with its own ``mdc load`` process; exit 1 naming any that failed."""
    import os

    from mdc.config import settings
    from mdc.fanout import mdc_command, report, run_per_practice

    if args.jobs < 1:
        raise ValueError("--jobs must be 1 or more")
    options = [
        *(["--tables", args.tables] if args.tables else []),
        *(["--full-refresh"] if args.full_refresh else []),
        *(["--verify"] if args.verify else []),
        "--no-progress",  # several practices' bars would overwrite each other
    ]
    config = settings()
    runs = run_per_practice(
        practices,
        lambda practice: (mdc_command("load", *options), practice.environment(os.environ, config)),
        jobs=args.jobs,
    )
    return report("mdc load", runs)


def print_summary(report: RunReport, out: TextIO) -> None:
    """The run summary: one line per table, then totals and any errors."""
    header = (
        f"{'table':<18} {'strategy':<11} {'mode':<11} {'read':>10} {'written':>10} {'deleted':>8}"
        f" {'s':>7}  status"
    )
    print(header, file=out)
    for r in sorted(report.results, key=lambda r: r.table):
        print(
            f"{r.table:<18} {r.strategy:<11} {r.mode:<11} {r.rows_read:>10,} {r.rows_written:>10,}"
            f" {r.rows_deleted:>8,} {r.seconds:>7.1f}  {r.status}",
            file=out,
        )
    for r in report.results:
        for note in r.notes:
            print(f"note: {note}", file=out)
    if report.verify_summary:
        print(report.verify_summary, file=out)
    for warning in report.warnings:
        print(warning.line(), file=out)
    for r in report.failed:
        print(f"error: {r.table}: {r.error}", file=out)
    totals = (
        sum(r.rows_read for r in report.results),
        sum(r.rows_written for r in report.results),
        sum(r.rows_deleted for r in report.results),
    )
    verdict = "ok" if report.ok else f"{len(report.failed)} table(s) failed"
    if report.phases:
        print("time: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.phases.items()), file=out)
    print(
        f"run {report.run_id}: {len(report.results)} tables, {totals[0]:,} rows read, {totals[1]:,} written,"
        f" {totals[2]:,} deleted in {report.seconds:.1f} s: {verdict}",
        file=out,
    )


if __name__ == "__main__":  # ``python -m loaders.opendental_pipeline`` = ``mdc load``
    _parser = argparse.ArgumentParser(prog="mdc load", description=__doc__)
    add_arguments(_parser)
    sys.exit(run(_parser.parse_args()))

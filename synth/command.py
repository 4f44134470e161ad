"""``mdc synth``: create (or advance) the synthetic OpenDental practice in MDC_SOURCE_URL's database.

With ``MDC_PRACTICES`` (mdc/practices.py) it makes every practice of the file instead, each in its own
source database (``source_url``), sized and seeded by the practice's ``synth`` table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from . import SCALES

if TYPE_CHECKING:
    from mdc.practices import Practice


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of days, got {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``mdc synth`` options."""
    parser.add_argument(
        "--scale",
        choices=SCALES,
        default="demo",
        help="tiny (tests), small (about 700 patients, 18 months), demo (about 2,000 patients, "
        "3 years; default) or large (about 35,000 patients, 10 years); with MDC_PRACTICES: for "
        "practices without a synth scale",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="random seed (default 42; with --advance-days: derived from the database); with "
        "MDC_PRACTICES: the seed of a practice without a synth seed is this plus its position in the file",
    )
    parser.add_argument(
        "--end-date",
        type=_date,
        default=None,
        help="simulated 'today' (last simulated day) of a new practice (default: yesterday)",
    )
    parser.add_argument(
        "--advance-days",
        type=_positive,
        default=None,
        metavar="N",
        help="continue the existing practice for N more days instead of creating it",
    )
    parser.add_argument(
        "--practice",
        default=None,
        metavar="ID",
        help="with MDC_PRACTICES: only this practice (default: every practice of the file)",
    )


def run(args: argparse.Namespace) -> int:
    """Create or advance the practice(s) and print a short summary of each (never the password)."""
    from mdc.config import redact, settings
    from mdc.practices import PracticesError, read_practices, select

    from . import advance_practice, create_practice

    if args.advance_days and args.end_date:
        print("mdc synth: --end-date applies to a new practice, not to --advance-days", file=sys.stderr)
        return 2
    try:
        practices = read_practices()
        chosen = select(practices, args.practice) if practices is not None else None
    except PracticesError as exc:
        print(f"mdc synth: {exc}", file=sys.stderr)
        return 2
    if practices is not None and chosen is not None:
        return _run_group(args, practices, chosen)
    if args.practice:
        print("mdc synth: --practice needs MDC_PRACTICES (a file of practices)", file=sys.stderr)
        return 2
    url = settings().source_url
    if args.advance_days:
        print(f"advancing {redact(url)} by {args.advance_days} days ...", flush=True)
        report = advance_practice(url, args.advance_days, args.seed)
    else:
        print(f"creating the {args.scale} practice in {redact(url)} ...", flush=True)
        report = create_practice(url, args.scale, 42 if args.seed is None else args.seed, args.end_date)
        print(report.summary())
        print(_kpis(url, report.last_day), flush=True)
        return 0
    print(report.summary())
    return 0


def _run_group(args: argparse.Namespace, practices: list[Practice], chosen: list[Practice]) -> int:
    """Create (or advance) each chosen practice of ``MDC_PRACTICES`` in its own source database.

    A practice's size and seed come from its ``synth`` table, else from ``--scale`` and from
    ``--seed`` (default 42) plus its position in the file, so that without a ``synth`` table the
    practices still differ and ``--practice`` makes the same practice as a run over all of them.
    Procedure codes are numbered in a seed-dependent order (``shuffle_codes``), so equal CodeNums,
    like equal PatNums, ProvNums and DefNums, mean different things in different practices.
    A practice that fails does not stop the others; the run then exits 1 and names it.
    """
    import pymysql

    from mdc.config import redact

    from . import advance_practice, create_practice

    unknown = sorted({p.synth_scale for p in chosen if p.synth_scale and p.synth_scale not in SCALES})
    if unknown:
        print(
            f"mdc synth: MDC_PRACTICES: unknown synth scale(s) {', '.join(unknown)} "
            f"(known: {', '.join(SCALES)})",
            file=sys.stderr,
        )
        return 2
    failed = []
    for practice in chosen:
        index = practices.index(practice)
        where = f"practice {practice.id} ({practice.name}) in {redact(practice.source_url)}"
        try:
            if args.advance_days:
                seed = None if args.seed is None else args.seed + index
                print(f"advancing the {where} by {args.advance_days} days ...", flush=True)
                report = advance_practice(practice.source_url, args.advance_days, seed)
                print(report.summary(), flush=True)
                continue
            scale = practice.synth_scale or args.scale
            if practice.synth_seed is not None:
                seed = practice.synth_seed
            else:
                seed = (42 if args.seed is None else args.seed) + index
            print(f"creating the {scale} {where} ...", flush=True)
            report = create_practice(practice.source_url, scale, seed, args.end_date, shuffle_codes=True)
            print(report.summary())
            print(_kpis(practice.source_url, report.last_day), flush=True)
        except (pymysql.MySQLError, OSError, ValueError) as exc:
            # the driver's messages name the host and user, never the password
            print(f"mdc synth: practice {practice.id} failed: {exc}", file=sys.stderr, flush=True)
            failed.append(practice.id)
    if failed:
        print(f"mdc synth: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _kpis(url: str, end: dt.date) -> str:
    """The new practice's KPIs beside their published ranges (synth/kpis.py)."""
    from . import kpis
    from .db import connect

    with connect(url) as connection:
        return "\n".join(
            (
                kpis.report(kpis.measure(connection, end), end),
                kpis.utilization_report(kpis.utilization(connection, end), end),
            )
        )

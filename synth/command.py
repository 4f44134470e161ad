"""``mdc synth``: create (or advance) the synthetic OpenDental practice in MDC_SOURCE_URL's database."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from . import SCALES


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
        help="tiny (tests), demo (about 2,000 patients, 3 years; default) or large "
        "(about 35,000 patients, 10 years)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="random seed (default 42; with --advance-days: derived from the database)",
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


def run(args: argparse.Namespace) -> int:
    """Create or advance the practice and print a short summary (never the password)."""
    from mdc.config import redact, settings

    from . import advance_practice, create_practice

    url = settings().source_url
    if args.advance_days:
        if args.end_date:
            print("mdc synth: --end-date applies to a new practice, not to --advance-days", file=sys.stderr)
            return 2
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


def _kpis(url: str, end: dt.date) -> str:
    """The new practice's KPIs beside their published ranges (synth/kpis.py)."""
    from . import kpis
    from .db import connect

    with connect(url) as connection:
        return "\n".join((
            kpis.report(kpis.measure(connection, end), end),
            kpis.utilization_report(kpis.utilization(connection, end), end),
        ))
